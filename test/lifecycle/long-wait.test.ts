import { CatchUpProps, DmsAssessmentProps as Props, DmsStopProps, LifecycleEvent, LONG_WAIT_RESULT_TYPE, LongWaitResultProps, ResourceTypes } from '../../contract';
import type { SfnExecution } from '../../emulator';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, longWait, Rig, startRig } from '../support/rig';

// Emulated time runs 1200x: the Provider and the waiter poll every 30 emulated seconds (25 ms real),
// an hour passes in 3 real seconds. The waiter is the library's own state machine definition, run by
// the emulated Step Functions, whose Look state invokes this handler bundle's waitStep; the
// wait-condition handle is the emulator's stand-in for the pre-signed S3 URL.
const SPEED = 1200;
const HOUR = 3600_000;
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({
    speed: SPEED,
    pollIntervalMs: 25,
    emulator: { dmsAssessments: { startingMs: 60_000, provisioningMs: 120_000, runningMs: 2 * HOUR, cancellingMs: 60_000 } },
  });
});
afterAll(() => rig.stop());

const CREATE_UPDATE = [LifecycleEvent.CREATE, LifecycleEvent.UPDATE];

function properties(taskArn: string, wait: Record<string, string>, timeoutHours: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    [Props.REPLICATION_TASK_ARN]: taskArn,
    [Props.SERVICE_ACCESS_ROLE_ARN]: 'arn:aws:iam::123456789012:role/dms-assessment',
    [Props.RESULT_LOCATION_BUCKET]: 'orders-assessments',
    [Props.ASSESSMENT_RUN_NAME]: 'orders-pre-cutover',
    ...commonProps({ runOn: CREATE_UPDATE, timeoutSeconds: timeoutHours * 3600 }),
    ...wait,
    ...overrides,
  };
}

function request(type: CfnRequest['RequestType'], props: Record<string, unknown>, extra: Partial<CfnRequest> = {}): CfnRequest {
  return { RequestType: type, ResourceType: ResourceTypes.DMS_ASSESSMENT_RUN, LogicalResourceId: 'PreCutoverCheck', ResourceProperties: props, ...extra };
}

const waiterOf = (outcome: { data: Record<string, string> }): SfnExecution => rig.emulator.stepFunctions.execution(outcome.data.Waiter)!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await sleep(10);
  if (!condition()) throw new Error(`Timed out waiting until ${what}`);
}

test('GIVEN a 2-hour assessment and a 3-hour timeout WHEN created THEN the custom resource returns at once, the waiter looks past the first hour and signals SUCCESS with the attributes', async () => {
  const task = rig.emulator.dms.seedTask({ identifier: 'two-hours', status: 'stopped' });
  const wait = longWait(rig, 3 * 3600);
  const outcome = await rig.send(request('Create', properties(task, wait.properties, 3)));
  // The custom resource handed the wait over: it did not wait for the run.
  expect(outcome.status).toBe('SUCCESS');
  expect(outcome.data.Waiter).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:CutoverLongWaitWaiter:PreCutoverCheck-[0-9a-f]{32}$/);
  expect(outcome.polls).toBeLessThanOrEqual(1);
  expect(await rig.emulator.waitConditions.settled(wait.handle.url)).toBe('SUCCESS');
  const [signal] = wait.handle.signals;
  const waiter = waiterOf(outcome);
  await waiter.finished;
  expect(waiter.status).toBe('SUCCEEDED');
  // It waited past one hour, then passed.
  expect(signal.at - waiter.startedAt).toBeGreaterThan(2 * HOUR);
  const attributes = JSON.parse(signal.data!) as Record<string, string>;
  expect(attributes).toMatchObject({ Outcome: 'DONE', Status: 'passed', AssessmentRunArn: outcome.physicalResourceId, Note: '' });
  // Beyond the first hour it looked at most once a minute.
  const late = waiter.invocations.filter((at) => at > waiter.startedAt + HOUR);
  const gaps = late.slice(1).map((at, i) => at - late[i]);
  expect(gaps.length).toBeGreaterThan(10);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(59_000);
  // The result resource reads the attributes back from the wait condition's Data.
  const result = await rig.lambda.invoke<{ Data: Record<string, string> }>('onEvent', {
    RequestType: 'Create',
    ResourceType: LONG_WAIT_RESULT_TYPE,
    LogicalResourceId: 'PreCutoverCheckResult',
    ResourceProperties: { [LongWaitResultProps.WAIT_CONDITION_DATA]: rig.emulator.waitConditions.dataAttribute(wait.handle.url) },
  });
  expect(result.result?.Data).toEqual(attributes);
});

test('GIVEN an assessment that fails after 90 minutes WHEN created THEN the waiter signals FAILURE with the reason the custom resource would give', async () => {
  const task = rig.emulator.dms.seedTask({ identifier: 'fails-late', status: 'stopped' });
  rig.emulator.dmsAssessments.planRuns(task, { runningMs: 1.5 * HOUR, results: { 'mysql-check-binlog-format': 'failed' } });
  const wait = longWait(rig, 3 * 3600);
  const outcome = await rig.send(request('Create', properties(task, wait.properties, 3)));
  expect(outcome.status).toBe('SUCCESS');
  expect(await rig.emulator.waitConditions.settled(wait.handle.url)).toBe('FAILURE');
  const [signal] = wait.handle.signals;
  expect(signal.status).toBe('FAILURE');
  expect(signal.reason).toContain('ended "failed"');
  expect(signal.reason).toContain('mysql-check-binlog-format (failed)');
  expect(signal.reason).toContain('"failDeploymentOnFailure"');
  expect(signal.reason).toBe(signal.data);
});

test('GIVEN a step that never finishes WHEN its wait condition\'s Timeout comes THEN its waiter has already stopped, after signalling FAILURE with the timeout reason', async () => {
  // A full load outlasting the timeout: the gate waits for it (a running CDC task is refused at once,
  // since it never stops by itself).
  const task = rig.emulator.dms.seedTask({ identifier: 'never-settles', status: 'running', migrationType: 'full-load' });
  const wait = longWait(rig, 2 * 3600);
  const outcome = await rig.send(request('Create', properties(task, wait.properties, 2)));
  // CloudFormation creates the wait condition once the custom resource has answered: its Timeout
  // counts from then, a little after the step's own timeout started (many emulated seconds at this speed).
  rig.emulator.waitConditions.createCondition(wait.handle.url);
  const waiter = waiterOf(outcome);
  await until(() => rig.emulator.clock.now() > wait.handle.createdAt + 2 * HOUR + 5 * 60_000, 'the wait condition timed out');
  expect(waiter.status).not.toBe('RUNNING');
  expect(Math.max(...waiter.invocations)).toBeLessThanOrEqual(wait.handle.createdAt + 2 * HOUR);
  expect(wait.handle.signals).toHaveLength(1);
  expect(wait.handle.signals[0].reason).toMatch(/^Timed out after (1h 5\dm|2h 0m) \d+s \(timeout 2h 0m 0s\) waiting for .*it is still "task:running"/);
});

test('GIVEN a 4-hour assessment carried by a waiter WHEN a rollback deletes the step THEN the run is cancelled and the waiter stopped, and nothing is signalled', async () => {
  const task = rig.emulator.dms.seedTask({ identifier: 'rolled-back', status: 'stopped' });
  rig.emulator.dmsAssessments.planRuns(task, { runningMs: 4 * HOUR });
  const wait = longWait(rig, 5 * 3600);
  const props = properties(task, wait.properties, 5);
  const created = await rig.send(request('Create', props));
  const waiter = waiterOf(created);
  await until(() => rig.emulator.clock.now() > waiter.startedAt + 1.5 * HOUR, 'the waiter looked for 90 minutes');
  const rollingBack = rig.emulator.cloudformation.seedStack({ stackName: 'RollingBack', status: 'ROLLBACK_IN_PROGRESS' });
  const deleted = await rig.send(request('Delete', props, { PhysicalResourceId: created.physicalResourceId, StackId: rollingBack }));
  expect(deleted.status).toBe('SUCCESS');
  expect(waiter.status).toBe('ABORTED');
  const run = rig.emulator.dmsAssessments.runsOf(task)[0];
  expect(run.Status).toBe('cancelled');
  const looks = waiter.invocations.length;
  await sleep(300);
  expect(waiter.invocations).toHaveLength(looks);
  expect(wait.handle.signals).toHaveLength(0);
});

test('GIVEN a step carried by a waiter WHEN an update changes its properties (a new handle) THEN the old waiter stops and only the new handle is signalled; a no-op update starts no waiter', async () => {
  const task = rig.emulator.dms.seedTask({ identifier: 'updated', status: 'stopped' });
  rig.emulator.dmsAssessments.planRuns(task, { runningMs: 40 * 60_000 });
  const first = longWait(rig, 3 * 3600);
  const firstProps = properties(task, first.properties, 3);
  const created = await rig.send(request('Create', firstProps));
  const firstWaiter = waiterOf(created);
  await until(() => rig.emulator.clock.now() > firstWaiter.startedAt + 30 * 60_000, 'the first waiter looked for 30 minutes');
  // The construct gives changed properties a new wait condition and handle.
  const second = longWait(rig, 3 * 3600);
  const secondProps = properties(task, second.properties, 3, { [Props.ASSESSMENT_RUN_NAME]: 'orders-second-check' });
  const updated = await rig.send(request('Update', secondProps, { PhysicalResourceId: created.physicalResourceId, OldResourceProperties: firstProps }));
  expect(updated.status).toBe('SUCCESS');
  expect(firstWaiter.status).toBe('ABORTED');
  const secondWaiter = waiterOf(updated);
  expect(secondWaiter.executionArn).not.toBe(firstWaiter.executionArn);
  expect(await rig.emulator.waitConditions.settled(second.handle.url)).toBe('SUCCESS');
  expect(first.handle.signals).toHaveLength(0);
  // An update that keeps the handle (a referenced value changed, the template did not) starts no waiter.
  const executions = rig.emulator.stepFunctions.allExecutions().length;
  const noOp = await rig.send(request('Update', secondProps, { PhysicalResourceId: updated.physicalResourceId, OldResourceProperties: secondProps }));
  expect(noOp.status).toBe('SUCCESS');
  expect(noOp.data.Waiter).toBeUndefined();
  expect(rig.emulator.stepFunctions.allExecutions()).toHaveLength(executions);
  expect(second.handle.signals).toHaveLength(1);
});

test('GIVEN a handle whose waiter already ran WHEN a rollback brings the step back to it THEN no waiter starts and no signal goes to that earlier handle', async () => {
  const task = rig.emulator.dms.seedTask({ identifier: 'back-to-old', status: 'stopped' });
  rig.emulator.dmsAssessments.planRuns(task, { runningMs: 70 * 60_000 });
  const old = longWait(rig, 3 * 3600);
  const oldProps = properties(task, old.properties, 3);
  const created = await rig.send(request('Create', oldProps));
  expect(await rig.emulator.waitConditions.settled(old.handle.url)).toBe('SUCCESS');
  await waiterOf(created).finished;
  const attempted = longWait(rig, 3 * 3600);
  const attemptedProps = properties(task, attempted.properties, 3, { [Props.ASSESSMENT_RUN_NAME]: 'orders-failed-update' });
  const executions = rig.emulator.stepFunctions.allExecutions().length;
  // The rollback's Update: back to the old properties, whose handle's waiter already ran.
  const rolledBack = await rig.send(request('Update', oldProps, { PhysicalResourceId: created.physicalResourceId, OldResourceProperties: attemptedProps }));
  expect(rolledBack.status).toBe('SUCCESS');
  expect(rig.emulator.stepFunctions.allExecutions()).toHaveLength(executions);
  expect(old.handle.signals).toHaveLength(1);
  expect(attempted.handle.signals).toHaveLength(0);
});

/** A DmsStopReplicationTask on Create, as the construct synthesizes it with a timeout beyond one hour. */
function stopRequest(taskArn: string, wait: Record<string, string>, timeoutHours: number, gate: Record<string, string> = {}): CfnRequest {
  return {
    RequestType: 'Create',
    ResourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
    LogicalResourceId: 'CutoverStop',
    ResourceProperties: {
      [DmsStopProps.REPLICATION_TASK_ARN]: taskArn,
      ...commonProps({ runOn: [LifecycleEvent.CREATE], timeoutSeconds: timeoutHours * 3600 }),
      ...gate,
      ...wait,
    },
  };
}

const acceptedStops = (taskArn: string) =>
  rig.emulator.callLog({ service: 'dms', operation: 'StopReplicationTask' }).filter((c) => c.params.ReplicationTaskArn === taskArn && c.status === 200);

test('GIVEN a stop on Create whose task takes 90 minutes to stop and a 3-hour timeout WHEN created THEN the waiter carries it past the first hour and signals SUCCESS with the stop\'s attributes', async () => {
  const task = rig.emulator.dms.seedTask({ identifier: 'slow-stop', stopDurationMs: 1.5 * HOUR });
  const wait = longWait(rig, 3 * 3600);
  const outcome = await rig.send(stopRequest(task, wait.properties, 3));
  // The custom resource asked for the stop and handed the wait over; CloudFormation then creates the wait condition.
  expect(outcome.status).toBe('SUCCESS');
  expect(outcome.data.Waiter).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:CutoverLongWaitWaiter:CutoverStop-[0-9a-f]{32}$/);
  rig.emulator.waitConditions.createCondition(wait.handle.url);
  expect(await rig.emulator.waitConditions.settled(wait.handle.url)).toBe('SUCCESS');
  const waiter = waiterOf(outcome);
  await waiter.finished;
  expect(waiter.status).toBe('SUCCEEDED');
  // One stop, asked once; the signal came only once the task had stopped, 90 emulated minutes later.
  const stops = acceptedStops(task);
  expect(stops).toHaveLength(1);
  expect(rig.emulator.dms.task(task)?.status).toBe('stopped');
  const [signal] = wait.handle.signals;
  expect(wait.handle.signals).toHaveLength(1);
  expect(signal.at).toBeGreaterThanOrEqual(stops[0].at + 1.5 * HOUR);
  expect(signal.at - waiter.startedAt).toBeGreaterThan(HOUR);
  // The waiter looked past the first hour (the custom resource alone could not have waited this long).
  expect(waiter.invocations.filter((at) => at > waiter.startedAt + HOUR).length).toBeGreaterThan(0);
  expect(JSON.parse(signal.data!)).toMatchObject({ Outcome: 'DONE', Status: 'stopped', StopReason: 'Stop Reason NORMAL', Note: '' });
});

test('GIVEN a gated stop on Create whose task catches up only after 70 minutes WHEN created with a 3-hour timeout THEN the waiter holds the stop until both latencies stayed low for stableFor, then signals SUCCESS with them', async () => {
  const MINUTE = 60_000;
  const task = rig.emulator.dms.seedTask({ identifier: 'catches-up-late', stopDurationMs: MINUTE });
  const minute = Math.floor(rig.emulator.clock.now() / MINUTE) * MINUTE;
  // 40 s behind at the source until minute +70, then 1 s; the target at 1 s throughout.
  const latency = { CDCLatencySource: [[-10, 40], [70, 1]], CDCLatencyTarget: [[-10, 1]] } as const;
  for (const metric of ['CDCLatencySource', 'CDCLatencyTarget'] as const) {
    const steps = latency[metric].map(([m, value]) => ({ atMs: minute + m * MINUTE, value }));
    rig.emulator.cloudwatch.putDmsTaskLatency({ taskArn: task, instanceIdentifier: 'catches-up-late-instance', metric, steps });
  }
  const wait = longWait(rig, 3 * 3600);
  const gate = { [CatchUpProps.MAX_LATENCY_SECONDS]: '5', [CatchUpProps.STABLE_FOR_SECONDS]: '120' };
  const outcome = await rig.send(stopRequest(task, wait.properties, 3, gate));
  expect(outcome.status).toBe('SUCCESS');
  rig.emulator.waitConditions.createCondition(wait.handle.url);
  expect(await rig.emulator.waitConditions.settled(wait.handle.url)).toBe('SUCCESS');
  await waiterOf(outcome).finished;
  // One stop, and only once minutes +70 and +71 were both published (at +72): past the first hour.
  const stops = acceptedStops(task);
  expect(stops).toHaveLength(1);
  expect(stops[0].at).toBeGreaterThanOrEqual(minute + 72 * MINUTE);
  expect(rig.emulator.dms.task(task)?.status).toBe('stopped');
  // The reading that let the stop through was made once minute +71 was published: the gate decided on the metrics.
  const reads = rig.emulator.callLog({ service: 'cloudwatch', operation: 'GetMetricData' }).filter((c) => c.at >= minute && c.at < stops[0].at);
  expect(reads.length).toBeGreaterThan(1);
  expect(reads.at(-1)!.at).toBeGreaterThanOrEqual(minute + 72 * MINUTE);
  const [signal] = wait.handle.signals;
  expect(wait.handle.signals).toHaveLength(1);
  expect(signal.at).toBeGreaterThanOrEqual(stops[0].at);
  const attributes = JSON.parse(signal.data!) as Record<string, string>;
  expect(attributes).toMatchObject({ Outcome: 'DONE', Status: 'stopped', SourceLatencyAtStop: '1', TargetLatencyAtStop: '1' });
  expect(Number(attributes.CatchUpWaitSeconds)).toBeGreaterThanOrEqual(70 * 60);
});

test('GIVEN every step above WHEN their handler and waiter logs are read THEN no wait-condition handle URL (a pre-signed credential) appears in them', () => {
  const signatures = rig.emulator.waitConditions.allHandles().map((h) => new URL(h.url).searchParams.get('X-Amz-Signature')!);
  expect(signatures.length).toBeGreaterThan(5);
  const logs = rig.lambda.output();
  for (const signature of signatures) expect(logs).not.toContain(signature);
});

test('GIVEN a PUT to a handle the emulator never issued WHEN sent THEN it is refused, as S3 refuses an unknown key', async () => {
  const unknown = `${rig.emulator.url}/cutover-wait-condition-handle/not-a-handle?X-Amz-Signature=x`;
  const response = await fetch(unknown, { method: 'PUT', body: '{"Status":"SUCCESS"}', headers: { 'content-type': '' } });
  expect(response.status).toBe(404);
  expect(rig.emulator.waitConditions.refused.map((r) => r.path)).toContain('/cutover-wait-condition-handle/not-a-handle');
});
