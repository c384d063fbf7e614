import { LifecycleEvent } from '../../contract';
import { CREATE_FAILED_MARKER, CfnOutcome, CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';
import { FAULT_BODY_MARKER, FaultSpec } from '../../emulator';
import type { MatrixAdapter, Seeded } from './adapter';

// Provider poll 50 ms. Handler invocations may run 10 s, enough for the SDK's backoff, except in
// the slow-service scenario, whose rig gives each invocation a short "Lambda timeout". That timeout
// covers what a cold invocation loads lazily (the SDK chunks), which takes well over 1 s on a loaded
// 2-core machine: at 1 s the invocations timed out before their first call, over and over. 4 s keeps
// that load out of the result; the slowness and the settling time scale with it.
const POLL_MS = 50;
const SHORT_LAMBDA_TIMEOUT_MS = 4000;
/** Each slow answer takes this long: a real part of an invocation, not enough to time it out alone. */
const SLOW_ANSWER_MS = SHORT_LAMBDA_TIMEOUT_MS * 0.3;
/** The target settles only after one invocation's whole timeout, and half as much again. */
const SLOW_SETTLE_MS = SHORT_LAMBDA_TIMEOUT_MS * 1.5;
const ALL_EVENTS = [LifecycleEvent.CREATE, LifecycleEvent.UPDATE, LifecycleEvent.DELETE];

/** The fault-injection matrix for one operation: call it from that operation's test file. */
export function describeFaultMatrix(adapter: MatrixAdapter): void {
describe(`${adapter.name} under faults`, () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ pollIntervalMs: POLL_MS, lambdaTimeoutMs: 10_000 });
  });
  afterEach(() => rig.emulator.faults.clear());
  afterAll(() => rig.stop());

  const send = (type: CfnRequest['RequestType'], seeded: Seeded, options: Parameters<typeof commonProps>[0] = {}, extra: Partial<CfnRequest> = {}) =>
    sendTo(rig, type, seeded, options, extra);
  const sendTo = (target: Rig, type: CfnRequest['RequestType'], seeded: Seeded, options: Parameters<typeof commonProps>[0] = {}, extra: Partial<CfnRequest> = {}) =>
    target.send({
      RequestType: type,
      ResourceType: adapter.resourceType,
      LogicalResourceId: 'Matrix',
      PhysicalResourceId: type === 'Create' ? undefined : physicalIdOf(seeded),
      ResourceProperties: { ...seeded.properties, ...commonProps({ runOn: ALL_EVENTS, timeoutSeconds: 10, ...options }) },
      ...extra,
    });

  // What CloudFormation holds as physical id for a target the stack created (a run ARN is only
  // known once created: before that, the target's own id is all a Delete can carry).
  const physicalIdOf = (seeded: Seeded) => {
    const expected = adapter.expectedPhysicalId(seeded);
    return typeof expected === 'string' ? expected : seeded.id;
  };

  /** Exactly one outcome, no unhandled rejection, and a success that really reached the end state. */
  const expectSuccess = (outcome: CfnOutcome, seeded: Seeded, target: Rig = rig) => {
    expect(outcome.unhandledRejections).toEqual([]);
    expect({ status: outcome.status, reason: outcome.reason }).toEqual({ status: 'SUCCESS', reason: undefined });
    expect(adapter.stateOf(target, seeded)).toBe(adapter.doneState);
    expect(adapter.effects(target, seeded)).toBe(1);
  };
  const expectFailure = (outcome: CfnOutcome, ...mentions: string[]) => {
    expect(outcome.unhandledRejections).toEqual([]);
    expect(outcome.status).toBe('FAILED');
    for (const m of mentions) expect(outcome.reason).toContain(m);
    expect(outcome.reason).not.toContain('Operation timed out');
  };

  test.each<[string, FaultSpec]>([
    ['1. throttling on the next 5 calls', { kind: 'throttle', count: 5 }],
    ['2. HTTP 500 on the next 3 calls', { kind: 'server-error', count: 3 }],
    ['2. HTTP 503 on the next 3 calls', { kind: 'unavailable', count: 3 }],
    ['3. a connection dropped mid-request', { kind: 'drop', count: 1 }],
    ['14. a malformed response', { kind: 'malformed', count: 1 }],
    ['14. an empty response', { kind: 'empty', count: 1 }],
  ])('%s: retried, success', async (_title, fault) => {
    const seeded = adapter.seedLive(rig, 200);
    rig.emulator.faults.inject({ ...fault, service: adapter.service });
    expectSuccess(await send(adapter.actionEvent, seeded), seeded);
    expect(rig.emulator.faults.pending()).toBe(0);
  });

  test('4. a slow service, settling only after a handler invocation would have timed out: success within the total timeout', async () => {
    const slowRig = await startRig({ pollIntervalMs: POLL_MS, lambdaTimeoutMs: SHORT_LAMBDA_TIMEOUT_MS });
    try {
      const seeded = adapter.seedLive(slowRig, SLOW_SETTLE_MS);
      slowRig.emulator.faults.inject({ service: adapter.service, kind: 'slow', delayMs: SLOW_ANSWER_MS, count: 2 });
      // A total timeout well past the settling time, so only the Lambda timeout is under test.
      const outcome = await sendTo(slowRig, adapter.actionEvent, seeded, { timeoutSeconds: 30 });
      expectSuccess(outcome, seeded, slowRig);
      expect(outcome.elapsedMs).toBeGreaterThan(SLOW_SETTLE_MS);
    } finally {
      await slowRig.stop();
    }
  });

  test('5. the total timeout exceeded: failure before CloudFormation gives up, with elapsed time and state', async () => {
    const seeded = adapter.seedLive(rig, 60_000);
    // CloudFormation's ServiceTimeout is the timeout plus one poll interval: 10 s in AWS against a
    // handler answer of milliseconds. The rig polls every 50 ms, which a loaded machine's answer can
    // outlast, so it gets four polls of headroom; a handler without its own deadline would run 60 s.
    const outcome = await rig.driverWithServiceTimeout(1000 + 5 * POLL_MS).send({
      RequestType: adapter.actionEvent,
      ResourceType: adapter.resourceType,
      LogicalResourceId: 'Matrix',
      PhysicalResourceId: adapter.actionEvent === 'Create' ? undefined : physicalIdOf(seeded),
      ResourceProperties: { ...seeded.properties, ...commonProps({ runOn: ALL_EVENTS, timeoutSeconds: 1 }) },
    });
    expectFailure(outcome, 'Timed out after', seeded.id, adapter.targetKind, 'it is still');
    expect(outcome.exceededServiceTimeout).toBe(false);
  });

  test('6a. the target deleted out of band while a Delete waits: success', async () => {
    const seeded = adapter.seedLive(rig, 5000);
    setTimeout(() => adapter.deleteOutOfBand(rig, seeded), 300);
    const outcome = await send('Delete', seeded);
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND' } });
  });

  test('6b. the target deleted out of band while a Create waits: failure naming it', async () => {
    const seeded = adapter.seedLive(rig, 5000);
    setTimeout(() => adapter.deleteOutOfBand(rig, seeded), 300);
    expectFailure(await send('Create', seeded), seeded.id, 'disappeared', 'deleted outside this stack');
  });

  test.each(['Create', 'Update'] as const)('7. not found on %s: failure naming the target and what to check', async (type) => {
    const seeded = adapter.missing(rig);
    expectFailure(await send(type, seeded), seeded.id, 'was not found');
  });

  test('7. not found on Delete: success', async () => {
    const outcome = await send('Delete', adapter.missing(rig));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND' }, unhandledRejections: [] });
  });

  test('8. an invalid-state answer to the action (a race): looked at again, success', async () => {
    const seeded = adapter.seedLive(rig, 200);
    rig.emulator.faults.inject({ service: adapter.service, operation: adapter.actionOperation, kind: 'invalid-state', count: 1 });
    const outcome = await send(adapter.actionEvent, seeded);
    expect({ status: outcome.status, reason: outcome.reason }).toEqual({ status: 'SUCCESS', reason: undefined });
    expect(adapter.stateOf(rig, seeded)).toBe(adapter.doneState);
  });

  test('9. the same event delivered twice at once: one effect, both succeed', async () => {
    const seeded = adapter.seedLive(rig, 300);
    const sameEvent = { RequestId: `duplicate-${adapter.name}` };
    const [first, second] = await Promise.all([send(adapter.actionEvent, seeded, {}, sameEvent), send(adapter.actionEvent, seeded, {}, sameEvent)]);
    expect([first.status, second.status]).toEqual(['SUCCESS', 'SUCCESS']);
    expect(adapter.effects(rig, seeded)).toBe(1);
  });

  test('10. an Update rolled back (old and new properties swapped): both directions succeed with the right physical ids', async () => {
    const a = adapter.seedLive(rig, 100);
    const b = adapter.seedLive(rig, 100);
    const propsOf = (s: Seeded) => ({ ...s.properties, ...commonProps({ runOn: ALL_EVENTS, timeoutSeconds: 10 }) });
    const forward = await send('Update', b, {}, { PhysicalResourceId: physicalIdOf(a), OldResourceProperties: propsOf(a) });
    const rollback = await send('Update', a, {}, { PhysicalResourceId: forward.physicalResourceId, OldResourceProperties: propsOf(b) });
    expect({ status: forward.status, reason: forward.reason }).toEqual({ status: 'SUCCESS', reason: undefined });
    expect({ status: rollback.status, reason: rollback.reason }).toEqual({ status: 'SUCCESS', reason: undefined });
    expect(forward.physicalResourceId).toMatch(adapter.expectedPhysicalId(b));
    expect(rollback.physicalResourceId).toMatch(adapter.expectedPhysicalId(a));
    expect(rollback.physicalResourceId).not.toBe(forward.physicalResourceId);
  });

  test('11. a Delete arriving while the Create of the same resource is still waiting: the Delete succeeds, the Create ends as the operation defines, one effect', async () => {
    const seeded = adapter.seedLive(rig, 800);
    const create = send('Create', seeded);
    await new Promise((r) => setTimeout(r, 200));
    const del = send('Delete', seeded);
    const [c, d] = await Promise.all([create, del]);
    expect([c.status, d.status]).toEqual([adapter.createOutcomeWhenDeleted, 'SUCCESS']);
    expect([...c.unhandledRejections, ...d.unhandledRejections]).toEqual([]);
    expect(adapter.effects(rig, seeded)).toBe(1);
  });

  test('12. a Delete after a failed Create is success without touching the service', async () => {
    const seeded = adapter.missing(rig);
    const create = await send('Create', seeded);
    expect(create).toMatchObject({ status: 'FAILED', physicalResourceId: CREATE_FAILED_MARKER });
    const before = rig.emulator.callLog().length;
    const del = await send('Delete', seeded, {}, { PhysicalResourceId: CREATE_FAILED_MARKER });
    expect(del.status).toBe('SUCCESS');
    expect(rig.emulator.callLog().length).toBe(before);
  });

  test('12b. a Delete after a Create that failed while polling (its timeout) reaches the handler, which stops what the Create left going', async () => {
    // Settles in 3 s: after the Create's 1-second timeout, within the Delete's.
    const seeded = adapter.seedLive(rig, 3_000);
    const create = await send('Create', seeded, { timeoutSeconds: 1 });
    expect(create.status).toBe('FAILED');
    expect(create.physicalResourceId).toMatch(adapter.expectedPhysicalId(seeded));
    const del = await send('Delete', seeded, {}, { PhysicalResourceId: create.physicalResourceId });
    expect({ status: del.status, reason: del.reason }).toEqual({ status: 'SUCCESS', reason: undefined });
    expect(del.unhandledRejections).toEqual([]);
  });

  test('13. AccessDenied on the action: failure naming the missing permission', async () => {
    const seeded = adapter.seedLive(rig, 200);
    // A denial persists; a single retry (e.g. re-reading a rotated credential) must not hide it.
    rig.emulator.faults.inject({ service: adapter.service, operation: adapter.actionOperation, kind: 'access-denied', count: 3 });
    expectFailure(await send(adapter.actionEvent, seeded), adapter.actionPermission, seeded.id);
  });

  test('14. a service that only ever answers garbage: failure at the deadline with the last error', async () => {
    const seeded = adapter.seedLive(rig, 200);
    rig.emulator.faults.inject({ service: adapter.service, kind: 'malformed', count: 1000 });
    expectFailure(await send(adapter.actionEvent, seeded, { timeoutSeconds: 1 }), 'Timed out after', seeded.id, 'Last error');
  });

  // Runs last: the scenarios above injected throttling, 5xx and denials past the clients' retries.
  test('15. no log line quotes an injected error body: the marker every fault body carries appears in none', () => {
    const injected = rig.emulator.callLog({ service: adapter.service }).filter((c) => c.fault === 'throttle' || c.fault === 'server-error' || c.fault === 'unavailable');
    expect(injected.length).toBeGreaterThanOrEqual(5);
    const quoting = rig.lambda.output().split('\n').filter((line) => line.includes(FAULT_BODY_MARKER));
    expect(quoting).toEqual([]);
  });
});
}
