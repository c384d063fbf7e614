import { DrsStopProps, LifecycleEvent, ResourceTypes, TargetProps } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';
import { signedPost } from '../support/signed-fetch';

// Emulated DRS: a stop takes 300 ms to read STOPPED; the Provider polls every 50 ms. DRS was never
// initialized in ap-south-2 (every call there answers UninitializedAccountException).
const UNINITIALIZED = 'ap-south-2';
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { drs: { stopDurationMs: 300, uninitializedRegions: [UNINITIALIZED] } } });
});
afterAll(() => rig.stop());

type Options = Parameters<typeof commonProps>[0];

function request(type: CfnRequest['RequestType'], id: string, options: Options = {}, extra: Partial<CfnRequest> = {}): CfnRequest {
  return {
    RequestType: type,
    ResourceType: ResourceTypes.DRS_STOP_REPLICATION,
    LogicalResourceId: 'Decommission',
    PhysicalResourceId: type === 'Create' ? undefined : id,
    ResourceProperties: { [DrsStopProps.SOURCE_SERVER_ID]: id, ...commonProps(options) },
    ...extra,
  };
}

const callsFor = (id: string, operation?: string) =>
  rig.emulator.callLog({ service: 'drs', operation }).filter((c) => JSON.stringify(c.params).includes(id));
const stopCalls = (id: string) => callsFor(id, 'StopReplication');

describe('stopping replication', () => {
  test('on Delete of a replicating server, describes it, stops replication and completes only once it reads STOPPED', async () => {
    // GIVEN a server in continuous replication
    const id = rig.emulator.drs.seedSourceServer();
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', id));
    // THEN replication was stopped, and the resource completed only when DRS reported STOPPED
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'STOPPED' });
    expect(rig.emulator.drs.sourceServer(id)?.dataReplicationState).toBe('STOPPED');
    expect(callsFor(id)[0].operation).toBe('DescribeSourceServers');
    expect(stopCalls(id).filter((c) => c.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(outcome.polls).toBeGreaterThan(1);
  });

  test('once the first call\'s stop is accepted, each poll only describes the server: one call per poll', async () => {
    // GIVEN a replicating server, alone in its environment
    const id = rig.emulator.drs.seedSourceServer();
    const since = rig.emulator.clock.now();
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', id));
    // THEN the first call read the server itself and stopped it; each poll made one listing, nothing else
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'STOPPED', StopRequestedAt: expect.stringMatching(/^\d+$/) });
    expect(stopCalls(id)).toHaveLength(1);
    expect(callsFor(id, 'DescribeSourceServers')).toHaveLength(1);
    const listings = rig.emulator.callLog({ service: 'drs', operation: 'DescribeSourceServers' }).filter((c) => c.at >= since && c.params.filters === undefined);
    expect(listings).toHaveLength(outcome.polls);
  });

  test.each(['INITIAL_SYNC', 'BACKLOG', 'STALLED', 'DISCONNECTED', 'PAUSED'])(
    'a server whose replication is %s is stopped too',
    async (state) => {
      const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: state });
      const outcome = await rig.send(request('Delete', id));
      expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'STOPPED' });
    },
  );

  test('a server whose replication is already STOPPED needs nothing: success after one describe and no stop call', async () => {
    const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: 'STOPPED' });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOTHING_TO_DO', Status: 'STOPPED' } });
    expect(callsFor(id, 'DescribeSourceServers')).toHaveLength(1);
    expect(stopCalls(id)).toHaveLength(0);
  });

  test('with waitForCompletion false, completes as soon as DRS accepted the stop', async () => {
    const id = rig.emulator.drs.seedSourceServer({ stopDurationMs: 60_000 });
    const outcome = await rig.send(request('Delete', id, { waitForCompletion: false }));
    expect(outcome.data).toMatchObject({ Outcome: 'ISSUED', Status: 'CONTINUOUS' });
    expect(outcome.polls).toBe(1);
    expect(stopCalls(id)).toHaveLength(1);
    expect(rig.emulator.drs.sourceServer(id)?.stopRequestedAt).toBeDefined();
  });
});

describe('a busy server (ConflictException)', () => {
  test('while a drill launch is in progress, waits and retries the stop, then stops once the launch is over', async () => {
    // GIVEN a server with a drill launch that finishes 300 ms from now
    const beforeSeed = rig.emulator.clock.now();
    const id = rig.emulator.drs.seedSourceServer({ launchStatus: 'PENDING', then: [{ afterMs: 300, launchStatus: 'LAUNCHED' }] });
    const afterSeed = rig.emulator.clock.now();
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', id));
    // THEN DRS refused with 409 while the launch ran, the handler kept waiting, and one stop was
    // accepted once the launch was over. (Under load a poll may read CONTINUOUS just before the stop
    // takes effect and ask again: DRS then answers 409 "already stopped", which is also only "wait".)
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'STOPPED' } });
    const calls = stopCalls(id);
    const firstAccepted = calls.findIndex((c) => c.status === 200);
    expect(firstAccepted).toBeGreaterThan(0);
    expect(calls.slice(0, firstAccepted).every((c) => c.status === 409 && c.at < afterSeed + 300)).toBe(true);
    expect(calls[firstAccepted].at).toBeGreaterThanOrEqual(beforeSeed + 300);
    expect(rig.emulator.drs.stopInitiations(id)).toBe(1);
  });

  test('with waitForCompletion false, a refused stop is not reported as issued: it keeps retrying until DRS accepts', async () => {
    const id = rig.emulator.drs.seedSourceServer({ launchStatus: 'IN_PROGRESS', stopDurationMs: 60_000, then: [{ afterMs: 200, launchStatus: 'LAUNCHED' }] });
    const outcome = await rig.send(request('Delete', id, { waitForCompletion: false }));
    expect(outcome.data).toMatchObject({ Outcome: 'ISSUED' });
    expect(stopCalls(id).at(-1)?.status).toBe(200);
    expect(stopCalls(id).filter((c) => c.status === 409).length).toBeGreaterThanOrEqual(1);
  });

  test('a ConflictException without a visible launch (another actor) is waited out the same way', async () => {
    const id = rig.emulator.drs.seedSourceServer();
    rig.emulator.faults.inject({ service: 'drs', operation: 'StopReplication', kind: 'invalid-state', count: 2 });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'STOPPED' });
    expect(stopCalls(id).map((c) => c.status).slice(0, 3)).toEqual([409, 409, 200]);
  });

  test('a server that stays busy past the timeout fails with a reason naming the server, its state and the launch', async () => {
    const id = rig.emulator.drs.seedSourceServer({ launchStatus: 'IN_PROGRESS', launchType: 'RECOVERY' });
    const outcome = await rig.send(request('Delete', id, { timeoutSeconds: 1 }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(new RegExp(`^Timed out after \\d+\\.\\ds \\(timeout 1\\.0s\\) waiting for DRS source server ${id} to be STOPPED: it is still "CONTINUOUS, busy: `));
    expect(outcome.reason).toContain('RECOVERY launch IN_PROGRESS');
    expect(outcome.reason).toContain('ConflictException');
    expect(outcome.reason).toContain('Let the job finish or terminate it in the DRS console');
    expect(rig.emulator.drs.sourceServer(id)?.dataReplicationState).toBe('CONTINUOUS');
  });
});

describe('deadlines', () => {
  test('replication that is not STOPPED by the deadline fails with the server, its state and the next step', async () => {
    const id = rig.emulator.drs.seedSourceServer({ stopDurationMs: 60_000 });
    const outcome = await rig.send(request('Delete', id, { timeoutSeconds: 1 }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(new RegExp(`waiting for DRS source server ${id} to be STOPPED: it is still "CONTINUOUS"\\. The stop request stays in effect`));
    expect(outcome.reason).not.toContain('Operation timed out');
    expect(outcome.elapsedMs).toBeLessThanOrEqual(1000 + 50 + 250);
  });
});

describe('runOn and physical ids', () => {
  test('on Create with the default runOn [DELETE], does nothing and succeeds', async () => {
    const id = rig.emulator.drs.seedSourceServer();
    const outcome = await rig.send(request('Create', id));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: id, data: { Outcome: 'SKIPPED' } });
    expect(callsFor(id)).toHaveLength(0);
    expect(rig.emulator.drs.sourceServer(id)?.dataReplicationState).toBe('CONTINUOUS');
  });

  test('with runOn [CREATE], Create stops replication (a cutover step) and the server id is the physical id', async () => {
    const id = rig.emulator.drs.seedSourceServer();
    const outcome = await rig.send(request('Create', id, { runOn: [LifecycleEvent.CREATE] }));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: id, data: { Outcome: 'DONE', Status: 'STOPPED' } });
  });

  test('an Update that changes the server id returns the new id as physical id (a replacement)', async () => {
    const oldId = rig.emulator.drs.seedSourceServer();
    const newId = rig.emulator.drs.seedSourceServer();
    const outcome = await rig.send(
      request('Update', newId, {}, { PhysicalResourceId: oldId, OldResourceProperties: request('Create', oldId).ResourceProperties }),
    );
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: newId, data: { Outcome: 'SKIPPED' } });
    const cleanup = await rig.send(request('Delete', oldId));
    expect(cleanup.data).toMatchObject({ Outcome: 'DONE', Status: 'STOPPED' });
    expect(rig.emulator.drs.sourceServer(newId)?.dataReplicationState).toBe('CONTINUOUS');
  });
});

describe('missing servers', () => {
  const missing = 's-0000000000missing';

  test('on Delete, a server DRS does not list is success', async () => {
    const outcome = await rig.send(request('Delete', missing));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND', Status: 'NOT_FOUND' } });
  });

  test('on Delete, a server removed between describe and stop (ResourceNotFoundException) is success', async () => {
    const id = rig.emulator.drs.seedSourceServer();
    rig.emulator.drs.beforeNext('StopReplication', () => rig.emulator.drs.deleteSourceServer(id));
    const outcome = await rig.send(request('Delete', id));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND' } });
    expect(stopCalls(id).map((c) => c.status)).toEqual([404]);
  });

  test.each(['Create', 'Update'] as const)('on %s, a server that does not exist fails with a reason naming the id', async (type) => {
    const outcome = await rig.send(request(type, missing, { runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE] }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`DRS source server ${missing} was not found`);
    expect(outcome.reason).toContain('"sourceServerId"');
  });

  test('on Update, a server removed between describe and stop fails naming the id', async () => {
    const id = rig.emulator.drs.seedSourceServer();
    rig.emulator.drs.beforeNext('StopReplication', () => rig.emulator.drs.deleteSourceServer(id));
    const outcome = await rig.send(request('Update', id, { runOn: [LifecycleEvent.UPDATE] }, { OldResourceProperties: request('Create', id).ResourceProperties }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`DRS source server ${id} was not found`);
  });
});

describe('faults', () => {
  test('throttling (429 ThrottlingException) is retried and does not fail the deployment', async () => {
    const id = rig.emulator.drs.seedSourceServer();
    rig.emulator.faults.inject({ service: 'drs', kind: 'throttle', count: 2 });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'STOPPED' });
    expect(rig.emulator.callLog({ service: 'drs' }).filter((c) => c.fault === 'throttle').map((c) => c.status)).toEqual([429, 429]);
  });

  test.each(['server-error', 'unavailable', 'malformed', 'drop'] as const)('%s is looked at again and does not fail the deployment', async (kind) => {
    const id = rig.emulator.drs.seedSourceServer();
    rig.emulator.faults.inject({ service: 'drs', operation: 'DescribeSourceServers', kind, count: 3 });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'STOPPED' });
    expect(rig.emulator.faults.pending()).toBe(0);
  });

  test('an empty 200 answer to DescribeSourceServers is not mistaken for a missing server', async () => {
    const id = rig.emulator.drs.seedSourceServer();
    rig.emulator.faults.inject({ service: 'drs', operation: 'DescribeSourceServers', kind: 'empty', count: 1 });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'STOPPED' });
    expect(rig.emulator.drs.sourceServer(id)?.dataReplicationState).toBe('STOPPED');
  });

  test('an IAM denial of StopReplication fails at once, naming the action and the server', async () => {
    const id = rig.emulator.drs.seedSourceServer();
    rig.emulator.faults.inject({ service: 'drs', operation: 'StopReplication', kind: 'access-denied' });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`Access denied calling drs:StopReplication for DRS source server ${id} (last seen "CONTINUOUS")`);
    expect(outcome.polls).toBe(0);
  });
});

describe('the emulator speaks restJson1 as DRS does', () => {
  test('errors carry x-amzn-ErrorType and every answer carries x-amzn-RequestId', async () => {
    const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: 'STOPPED' });
    const post = (path: string, body: unknown) =>
      signedPost(rig.emulator, 'drs', path, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const conflict = await post('/StopReplication', { sourceServerID: id });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('x-amzn-errortype')).toBe('ConflictException');
    expect(conflict.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await conflict.json()).toMatchObject({ resourceId: id, resourceType: 'SOURCE_SERVER' });
    const missing = await post('/StopReplication', { sourceServerID: 's-0000000000missing' });
    expect([missing.status, missing.headers.get('x-amzn-errortype')]).toEqual([404, 'ResourceNotFoundException']);
    const invalid = await post('/StopReplication', { sourceServerID: 'i-123' });
    expect([invalid.status, invalid.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
    const listed = await post('/DescribeSourceServers', { filters: { sourceServerIDs: [id] } });
    expect(listed.headers.get('x-amzn-requestid')).toBeTruthy();
    const body = (await listed.json()) as { items: Array<{ sourceServerID: string; lifeCycle: { addedToServiceDateTime: unknown } }> };
    expect(body.items.map((s) => s.sourceServerID)).toEqual([id]);
    expect(typeof body.items[0].lifeCycle.addedToServiceDateTime).toBe('string');
  });
});

describe('a region where DRS was never initialized', () => {
  // UninitializedAccountException is no listing: an empty "no such server" there must not let a
  // teardown succeed while the server replicates in the region the user meant.
  test.each(['Create', 'Update', 'Delete'] as const)('a %s there fails with a reason naming the region and what to do, and is never success', async (type) => {
    // GIVEN a server id whose resource says "Region": ap-south-2, where DRS was never initialized
    const id = 's-0123456789abcdef1';
    const runOn = [LifecycleEvent.CREATE, LifecycleEvent.UPDATE, LifecycleEvent.DELETE];
    const base = request(type, id, { runOn });
    const properties = { ...base.ResourceProperties, [TargetProps.REGION]: UNINITIALIZED };
    const extra = type === 'Update' ? { OldResourceProperties: properties } : {};
    // WHEN the stack creates, updates or deletes the resource
    const outcome = await rig.send({ ...base, ResourceProperties: properties, ...extra });
    // THEN it fails at once, naming the region, the error and both ways out
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`Elastic Disaster Recovery is not initialized in ${UNINITIALIZED}`);
    expect(outcome.reason).toContain('UninitializedAccountException');
    expect(outcome.reason).toContain(`Initialize DRS in ${UNINITIALIZED}`);
    expect(outcome.reason).toContain('or fix the region');
    expect(outcome.reason).not.toMatch(/not found|NOT_FOUND/i);
    expect(rig.emulator.callLog({ service: 'drs' }).filter((c) => c.region === UNINITIALIZED && c.operation === 'StopReplication')).toEqual([]);
  });
});
