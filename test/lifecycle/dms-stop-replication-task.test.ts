import { DmsStopProps, LifecycleEvent, ResourceTypes } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, RESPONSE_URL_SECRET, Rig, startRig } from '../support/rig';

// Emulated DMS: a stop takes 300 ms; the Provider polls every 50 ms.
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { dms: { stopDurationMs: 300 } } });
});
afterAll(() => rig.stop());

type Options = Parameters<typeof commonProps>[0];

function request(type: CfnRequest['RequestType'], arn: string, options: Options = {}, extra: Partial<CfnRequest> = {}): CfnRequest {
  return {
    RequestType: type,
    ResourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
    LogicalResourceId: 'StopOrders',
    PhysicalResourceId: type === 'Create' ? undefined : arn,
    ResourceProperties: { [DmsStopProps.REPLICATION_TASK_ARN]: arn, ...commonProps(options) },
    ...extra,
  };
}

const stopRequests = (arn: string) =>
  rig.emulator.callLog({ service: 'dms', operation: 'StopReplicationTask' }).filter((c) => c.params.ReplicationTaskArn === arn);
/** Stops DMS carried out; a first call asks before it looks, and DMS refuses a task that is not running. */
const stopCalls = (arn: string) => stopRequests(arn).filter((c) => c.status === 200);
const refusedStops = (arn: string) => stopRequests(arn).filter((c) => c.status !== 200);

describe('stopping a task', () => {
  test('on Delete of a running task, stops it and completes only once the task is stopped', async () => {
    // GIVEN a running task
    const arn = rig.emulator.dms.seedTask({ identifier: 'orders' });
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN the task was stopped once, and the resource completed only when it read `stopped`
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped', StopReason: 'Stop Reason NORMAL' });
    expect(rig.emulator.dms.task(arn)?.status).toBe('stopped');
    expect(stopCalls(arn)).toHaveLength(1);
    expect(outcome.polls).toBeGreaterThan(1);
  });

  test('a first call asks DMS to stop a running task without looking first: one call, then the polls', async () => {
    // GIVEN a running task
    const arn = rig.emulator.dms.seedTask({ identifier: 'ask-first' });
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN the first DMS call about the task was the accepted stop, and no read of that task alone followed
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    const calls = rig.emulator.callLog({ service: 'dms' }).filter((c) => JSON.stringify(c.params).includes(arn));
    expect(calls.map((c) => `${c.operation} ${c.status}`)).toEqual(['StopReplicationTask 200']);
  });

  test('a starting task is waited for until it runs, then stopped', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'starting', status: 'starting', then: [{ afterMs: 200, status: 'running' }] });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    expect(stopCalls(arn)).toHaveLength(1);
    // The stop was only sent once the task was running.
    expect(stopCalls(arn)[0].at - rig.emulator.dms.task(arn)!.createdAt).toBeGreaterThanOrEqual(200);
  });

  test('a stopping task is only waited for, never stopped again', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'stopping', status: 'stopping', then: [{ afterMs: 200, status: 'stopped', stopReason: 'Stop Reason NORMAL' }] });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    expect(stopCalls(arn)).toHaveLength(0);
  });

  test.each(['stopped', 'ready', 'failed'])('a task that is already %s needs nothing: success, DMS refused the one stop request', async (status) => {
    const arn = rig.emulator.dms.seedTask({ identifier: `at-rest-${status}`, status });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOTHING_TO_DO', Status: status } });
    // One look settled it: the Provider's single isComplete poll makes no further call.
    const describes = rig.emulator.callLog({ operation: 'DescribeReplicationTasks' }).filter((c) => JSON.stringify(c.params).includes(arn));
    expect(describes).toHaveLength(1);
    // The first call's stop request was refused (the task was not running) and changed nothing.
    expect(refusedStops(arn).map((c) => c.status)).toEqual([400]);
    expect(stopCalls(arn)).toHaveLength(0);
  });

  test('a task at rest needs no stop permission: a denied first stop is followed by the look, which settles it', async () => {
    // GIVEN a stopped task, and a role that may describe it but not stop it
    const arn = rig.emulator.dms.seedTask({ identifier: 'at-rest-no-stop-permission', status: 'stopped' });
    rig.emulator.faults.inject({ service: 'dms', operation: 'StopReplicationTask', kind: 'access-denied', count: 1, target: arn });
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN nothing was to be done, as a look-first handler would have found
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOTHING_TO_DO', Status: 'stopped' } });
    expect(rig.emulator.faults.pending()).toBe(0);
  });

  test.each([
    ['creating', 'ready', 0],
    ['modifying', 'running', 1],
    ['moving', 'running', 1],
    ['testing', 'stopped', 0],
  ])('a %s task (stop refused) is waited for until it settles as %s, then handled (%i stop calls)', async (busy, settled, stops) => {
    const arn = rig.emulator.dms.seedTask({ identifier: `busy-${busy}`, status: busy, then: [{ afterMs: 200, status: settled }] });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data.Status).toBe(settled === 'running' ? 'stopped' : settled);
    expect(stopCalls(arn)).toHaveLength(stops);
  });

  test('a task that finishes by itself while we wait (FULL_LOAD_ONLY_FINISHED) is success with its stop reason', async () => {
    const arn = rig.emulator.dms.seedTask({
      identifier: 'full-load',
      status: 'starting',
      migrationType: 'full-load',
      then: [{ afterMs: 150, status: 'stopped', stopReason: 'Stop Reason FULL_LOAD_ONLY_FINISHED' }],
    });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped', StopReason: 'Stop Reason FULL_LOAD_ONLY_FINISHED' });
    expect(stopCalls(arn)).toHaveLength(0);
  });

  test('with waitForCompletion false, completes as soon as DMS accepted the stop', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'no-wait', stopDurationMs: 60_000 });
    const outcome = await rig.send(request('Delete', arn, { waitForCompletion: false }));
    expect(outcome.data).toMatchObject({ Outcome: 'ISSUED', Status: 'stopping' });
    expect(rig.emulator.dms.task(arn)?.status).toBe('stopping');
  });
});

describe('runOn and physical ids', () => {
  test('with the defaults left out of the template, runs on Delete only and waits', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'defaults' });
    const bare = (type: CfnRequest['RequestType']) => ({ ...request(type, arn), ResourceProperties: { [DmsStopProps.REPLICATION_TASK_ARN]: arn } });
    const create = await rig.send(bare('Create'));
    expect(create.data.Outcome).toBe('SKIPPED');
    const del = await rig.send(bare('Delete'));
    expect(del.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
  });

  test('on Create with the default runOn [DELETE], does nothing and succeeds', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'untouched' });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: arn, data: { Outcome: 'SKIPPED' } });
    expect(rig.emulator.dms.task(arn)?.status).toBe('running');
    expect(rig.emulator.callLog({ service: 'dms' }).filter((c) => JSON.stringify(c.params).includes(arn))).toHaveLength(0);
  });

  test('with runOn [CREATE], Create stops the task (a cutover step)', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'cutover' });
    const outcome = await rig.send(request('Create', arn, { runOn: [LifecycleEvent.CREATE] }));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: arn, data: { Outcome: 'DONE', Status: 'stopped' } });
  });

  test('with runOn [CREATE], Delete leaves the task alone', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'cutover-delete' });
    const outcome = await rig.send(request('Delete', arn, { runOn: [LifecycleEvent.CREATE] }));
    expect(outcome.data.Outcome).toBe('SKIPPED');
    expect(rig.emulator.dms.task(arn)?.status).toBe('running');
  });

  test('an Update that changes the ARN returns the new ARN as physical id (a replacement)', async () => {
    const oldArn = rig.emulator.dms.seedTask({ identifier: 'old' });
    const newArn = rig.emulator.dms.seedTask({ identifier: 'new' });
    const outcome = await rig.send(
      request('Update', newArn, {}, { PhysicalResourceId: oldArn, OldResourceProperties: request('Create', oldArn).ResourceProperties }),
    );
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: newArn, data: { Outcome: 'SKIPPED' } });
    // The old task is stopped by the Delete CloudFormation sends for the replaced physical id.
    const cleanup = await rig.send(request('Delete', oldArn));
    expect(cleanup.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    expect(rig.emulator.dms.task(newArn)?.status).toBe('running');
  });
});

describe('missing tasks', () => {
  const missing = 'arn:aws:dms:us-east-1:123456789012:task:DOESNOTEXIST0000000000000';

  test('on Delete, a task that does not exist is success, and the log says so', async () => {
    rig.lambda.clearOutput();
    const outcome = await rig.send(request('Delete', missing));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND', Status: 'NOT_FOUND' } });
    expect(rig.lambda.output()).toContain('Target not found on Delete');
  });

  test.each(['Create', 'Update'] as const)('on %s, a task that does not exist fails with a reason naming the ARN', async (type) => {
    const outcome = await rig.send(request(type, missing, { runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE] }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`DMS replication task ${missing} was not found`);
    expect(outcome.reason).toContain('"replicationTaskArn"');
  });
});

describe('deadlines', () => {
  test('a task that is not stopped by the deadline fails the stack operation with the task, its status and the elapsed time', async () => {
    // GIVEN a task that takes far longer to stop than the 1-second timeout
    const arn = rig.emulator.dms.seedTask({ identifier: 'slow', stopDurationMs: 60_000 });
    // WHEN CloudFormation would give up one poll after the deadline
    const outcome = await rig.send({ ...request('Delete', arn, { timeoutSeconds: 1 }) });
    // THEN the handler failed first, with a reason that is never a bare "Operation timed out"
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(new RegExp(`^Timed out after \\d+\\.\\ds \\(timeout 1\\.0s\\) waiting for DMS replication task ${arn} to be stopped: it is still "stopping"`));
    expect(outcome.reason).not.toContain('Operation timed out');
    expect(outcome.elapsedMs).toBeLessThanOrEqual(1000 + 50 + 250);
  });
});

describe('deadlines, continued', () => {
  test('without "TimeoutSeconds" (left at its default), the deadline is the ServiceTimeout CloudFormation was given, less one poll', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'default-timeout', stopDurationMs: 60_000 });
    const outcome = await rig.send({
      ...request('Delete', arn),
      ResourceProperties: { [DmsStopProps.REPLICATION_TASK_ARN]: arn, ServiceTimeout: '1.05' },
    });
    expect(outcome.status).toBe('FAILED');
    // The handler's own deadline (it saw the task), not the no-answer backstop.
    expect(outcome.reason).toMatch(/^Timed out after \d+\.\ds \(timeout 1\.0s\) waiting for DMS replication task \S+ to be stopped: it is still "stopping"/);
    expect(outcome.reason).not.toContain('did not answer before the deadline');
  });

  test('a service that stops answering near the deadline does not let CloudFormation give up first', async () => {
    // GIVEN a task stuck stopping, and a service whose answers take far longer than the time left
    const arn = rig.emulator.dms.seedTask({ identifier: 'hanging', stopDurationMs: 60_000 });
    rig.emulator.faults.inject({ service: 'dms', operation: 'DescribeReplicationTasks', kind: 'slow', delayMs: 2_000, count: 1000 });
    try {
      // WHEN CloudFormation waits one poll past the 1-second timeout
      const outcome = await rig.driverWithServiceTimeout(1000 + 50).send(request('Delete', arn, { timeoutSeconds: 1 }));
      // THEN the handler answered first, with the no-answer backstop's reason (not its own deadline's:
      // the poll never got the task's state)
      expect(outcome.status).toBe('FAILED');
      expect(outcome.reason).toMatch(/^Timed out after \S+ \(timeout 1\.0s\) waiting for DMS replication task \S+ to be stopped: its state could not be read\. Last error: .*the service did not answer before the deadline\./);
      expect(outcome.reason).not.toContain('it is still');
      expect(outcome.exceededServiceTimeout).toBe(false);
    } finally {
      rig.emulator.faults.clear();
      // Let the abandoned slow calls finish, so their late log lines do not reach the next test.
      await new Promise((r) => setTimeout(r, 2_100));
    }
  });
});

describe('transient faults', () => {
  test('throttling on the next 5 calls is retried with backoff and does not fail the deployment', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'throttled' });
    rig.emulator.faults.inject({ service: 'dms', kind: 'throttle', count: 5 });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    expect(rig.emulator.faults.pending()).toBe(0);
  });

  test.each(['server-error', 'unavailable'] as const)('%s (5xx) on the next 3 calls is retried and does not fail the deployment', async (kind) => {
    const arn = rig.emulator.dms.seedTask({ identifier: `five-hundred-${kind}` });
    rig.emulator.faults.inject({ service: 'dms', kind, count: 3 });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    expect(rig.emulator.callLog({ service: 'dms' }).filter((c) => c.fault === kind)).toHaveLength(3);
  });
});

describe('logging', () => {
  test('logs one structured line per AWS call and the event without its response URL', async () => {
    rig.lambda.clearOutput();
    const arn = rig.emulator.dms.seedTask({ identifier: 'logged' });
    const from = rig.emulator.clock.now();
    await rig.send(request('Delete', arn));
    const lines = rig.lambda.output().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const calls = lines.filter((l) => l.message === 'AWS call succeeded');
    expect(calls.map((l) => l.action)).toEqual(expect.arrayContaining(['dms:DescribeReplicationTasks', 'dms:StopReplicationTask']));
    // Every DMS call this resource's invocations made, its polls' shared listings included (they name
    // no task); the other logged call is CloudFormation's DescribeStacks (a teardown, not a rollback).
    expect(calls.filter((l) => l.action.startsWith('dms:')).length).toBe(rig.emulator.callLog({ service: 'dms' }).filter((c) => c.at >= from).length);
    expect(calls.filter((l) => !l.action.startsWith('dms:')).map((l) => l.action)).toEqual(['cloudformation:DescribeStacks']);
    expect(lines.find((l) => l.message === 'Event received')?.event.ResponseURL).toBe('[redacted]');
    expect(rig.lambda.output()).not.toContain(RESPONSE_URL_SECRET);
  });
});
