import { CommonProps, DmsStopProps, LifecycleEvent, ResourceTypes } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, longWait, Rig, startRig } from '../support/rig';

// Emulated time runs 3600x: the Provider and the waiter poll every 90 emulated seconds (25 ms real),
// so 12 emulated hours pass in 12 real seconds. Every task here takes longer to stop than its
// timeout, so each step fails with its timeout reason; the tests read only that reason's advice, which
// does not depend on what the last look saw (on a loaded machine, at this speed, a look may go unanswered).
const SPEED = 3600;
const HOUR = 3600_000;
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ speed: SPEED, pollIntervalMs: 25 });
});
afterAll(() => rig.stop());

const CREATE_ONLY = [LifecycleEvent.CREATE];
const MAX_REASON_BYTES = 4096;

interface StopOptions {
  readonly runOn: LifecycleEvent[];
  readonly timeoutSeconds: number;
  readonly undoOnRollback?: boolean;
  readonly extra?: Record<string, unknown>;
}

function stop(type: CfnRequest['RequestType'], arn: string, options: StopOptions): CfnRequest {
  return {
    RequestType: type,
    ResourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
    LogicalResourceId: 'StopOrders',
    PhysicalResourceId: type === 'Create' ? undefined : arn,
    ResourceProperties: {
      [DmsStopProps.REPLICATION_TASK_ARN]: arn,
      ...commonProps({ runOn: options.runOn, timeoutSeconds: options.timeoutSeconds }),
      ...(options.undoOnRollback ? { [CommonProps.UNDO_ON_ROLLBACK]: 'true' } : {}),
      ...options.extra,
    },
  };
}

/** A running task whose stop takes `hours` emulated hours: longer than any timeout below. */
const slowTask = (identifier: string, hours: number) => rig.emulator.dms.seedTask({ identifier, stopDurationMs: hours * HOUR });

test('GIVEN a stop on Create whose task stops slower than its 30-minute timeout WHEN created THEN the reason advises raising "timeout" up to 12 hours', async () => {
  const arn = slowTask('create-advice', 2);
  const outcome = await rig.send(stop('Create', arn, { runOn: CREATE_ONLY, timeoutSeconds: 1800 }));
  expect(outcome.status).toBe('FAILED');
  expect(outcome.reason).toMatch(/^Timed out after .*\(timeout 30m 0s\) waiting for DMS replication task /);
  expect(outcome.reason).toContain('If it needs more time, raise "timeout" (12 hours is the most a step waits on a Create or Update, through a CloudFormation wait condition).');
  expect(outcome.reason).not.toContain('1 hour');
  expect(Buffer.byteLength(outcome.reason!)).toBeLessThan(MAX_REASON_BYTES);
});

test('GIVEN the same kind of stop with runOn Create and Delete WHEN its Delete times out THEN the reason names the 1 hour a Delete waits, not 12 hours', async () => {
  const arn = slowTask('delete-advice', 2);
  // The rig's stack is being deleted: the Delete is a teardown, so the stop acts.
  const outcome = await rig.send(stop('Delete', arn, { runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE], timeoutSeconds: 1800 }));
  expect(outcome.status).toBe('FAILED');
  expect(outcome.reason).toMatch(/^Timed out after .*\(timeout 30m 0s\) waiting for DMS replication task /);
  expect(outcome.reason).toContain('If it needs more time, raise "timeout" (1 hour is the most a Delete waits: CloudFormation waits on nothing at deletion).');
  expect(outcome.reason).not.toContain('12 hours');
});

test('GIVEN a stop on Create with undoOnRollback WHEN it times out THEN the reason names 1 hour, since such a step settles inside its custom resource', async () => {
  const arn = slowTask('undo-advice', 2);
  const outcome = await rig.send(stop('Create', arn, { runOn: CREATE_ONLY, timeoutSeconds: 1800, undoOnRollback: true }));
  expect(outcome.status).toBe('FAILED');
  expect(outcome.reason).toContain('If it needs more time, raise "timeout" (1 hour is the most a step with "undoOnRollback" waits');
  expect(outcome.reason).not.toContain('12 hours');
});

test('GIVEN a stop on Create with a 1-hour timeout and undoOnRollback WHEN it times out THEN the reason says "timeout" is already the 1-hour maximum instead of advising to raise it', async () => {
  const arn = slowTask('undo-at-max', 2);
  const outcome = await rig.send(stop('Create', arn, { runOn: CREATE_ONLY, timeoutSeconds: 3600, undoOnRollback: true }));
  expect(outcome.status).toBe('FAILED');
  expect(outcome.reason).toContain('"timeout" is already the 1-hour maximum (1 hour is the most a step with "undoOnRollback" waits');
  expect(outcome.reason).toContain('so raising it cannot help.');
  expect(outcome.reason).not.toContain('raise "timeout"');
});

test('GIVEN a stop on Create with the 12-hour maximum timeout, carried by the waiter WHEN it times out THEN the FAILURE signal says "timeout" is already the 12-hour maximum', async () => {
  const arn = slowTask('twelve-hours', 13);
  const wait = longWait(rig, 12 * 3600);
  const outcome = await rig.send(stop('Create', arn, { runOn: CREATE_ONLY, timeoutSeconds: 12 * 3600, extra: wait.properties }));
  // The custom resource handed the wait to the waiter; CloudFormation then creates the wait condition.
  expect(outcome.status).toBe('SUCCESS');
  rig.emulator.waitConditions.createCondition(wait.handle.url);
  const waiter = rig.emulator.stepFunctions.execution(outcome.data.Waiter)!;
  await waiter.finished;
  expect(await rig.emulator.waitConditions.settled(wait.handle.url)).toBe('FAILURE');
  expect(wait.handle.signals).toHaveLength(1);
  const [signal] = wait.handle.signals;
  // It waited most of the 12 emulated hours (it gives up one look before its deadline).
  expect(signal.at - waiter.startedAt).toBeGreaterThan(11 * HOUR);
  expect(signal.reason).toMatch(/^Timed out after \d+h \d+m \d+s \(timeout 12h 0m 0s\) waiting for DMS replication task /);
  expect(signal.reason).toContain(
    '"timeout" is already the 12-hour maximum (12 hours is the most a step waits on a Create or Update, through a CloudFormation wait condition), so raising it cannot help.',
  );
  expect(signal.reason).not.toContain('raise "timeout"');
  expect(Buffer.byteLength(signal.reason!)).toBeLessThan(MAX_REASON_BYTES);
}, 90_000);
