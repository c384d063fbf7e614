import { DmsStartProps, DmsStartTaskProps, LifecycleEvent, ResourceTypes } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// Emulated DMS: a start takes 300 ms to `running`, a stop 300 ms; a full load 300 ms; polls every 50 ms.
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { dms: { stopDurationMs: 300 }, dmsStarts: { startDurationMs: 300 } } });
});
afterAll(() => rig.stop());

type Options = Parameters<typeof commonProps>[0] & { startType?: string; cdcStartPosition?: string; cdcStartTime?: string; cdcStopPosition?: string };

function request(type: CfnRequest['RequestType'], arn: string, options: Options = {}): CfnRequest {
  const { startType, cdcStartPosition, cdcStartTime, cdcStopPosition, ...common } = options;
  return {
    RequestType: type,
    ResourceType: ResourceTypes.DMS_START_REPLICATION_TASK,
    LogicalResourceId: 'StartOrders',
    PhysicalResourceId: type === 'Create' ? undefined : arn,
    ResourceProperties: {
      [DmsStartTaskProps.REPLICATION_TASK_ARN]: arn,
      ...(startType ? { [DmsStartProps.START_TYPE]: startType } : {}),
      ...(cdcStartPosition ? { [DmsStartProps.CDC_START_POSITION]: cdcStartPosition } : {}),
      ...(cdcStartTime ? { [DmsStartProps.CDC_START_TIME]: cdcStartTime } : {}),
      ...(cdcStopPosition ? { [DmsStartProps.CDC_STOP_POSITION]: cdcStopPosition } : {}),
      ...commonProps({ runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE], ...common }),
    },
  };
}

const starts = (arn: string) => rig.emulator.callLog({ service: 'dms', operation: 'StartReplicationTask' }).filter((c) => c.params.ReplicationTaskArn === arn);
const accepted = (arn: string) => starts(arn).filter((c) => c.status === 200);

describe('AUTO: a fresh start for a task that never ran, a resume for one that did', () => {
  test('a task that never ran (ready, no start date, no checkpoint) gets start-replication and runs', async () => {
    // GIVEN a task that was created and never started
    const arn = rig.emulator.dms.seedTask({ identifier: 'first-run', status: 'ready' });
    // WHEN the stack creates the start step
    const outcome = await rig.send(request('Create', arn));
    // THEN DMS was asked for a fresh start once, and the step completed when the task was running
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'running', StartTypeSent: 'start-replication', CdcStartSent: '', CdcStopSent: '' });
    expect(accepted(arn).map((c) => c.params.StartReplicationTaskType)).toEqual(['start-replication']);
    expect(rig.emulator.dms.task(arn)?.status).toBe('running');
  });

  test('a stopped task that ran before gets resume-processing, never a fresh start', async () => {
    // GIVEN a task that ran and was stopped (it has a start date and a recovery checkpoint)
    const arn = rig.emulator.dms.seedTask({ identifier: 'resume', status: 'stopped', stopReason: 'Stop Reason NORMAL' });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'running', StartTypeSent: 'resume-processing' });
    expect(accepted(arn).map((c) => c.params.StartReplicationTaskType)).toEqual(['resume-processing']);
  });

  test('a task that reads `ready` but shows an earlier run (a checkpoint) is resumed', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'ready-after-modify', status: 'ready', hasRun: true, recoveryCheckpoint: 'checkpoint:V1#1#x#0#0#*#0#0' });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ StartTypeSent: 'resume-processing', Status: 'running' });
  });
});

describe('AUTO under each reading of ReplicationTaskStartDate', () => {
  test('a `ready` task whose only trace is a ReplicationTaskStartDate (a schedule) is resumed first, and started fresh once DMS refuses the resume', async () => {
    // GIVEN a task that never ran but shows a start date (the field may be a scheduled start)
    const arn = rig.emulator.dms.seedTask({ identifier: 'scheduled', status: 'ready', scheduledStartAfterMs: 60_000 });
    // WHEN the stack creates the start step
    const outcome = await rig.send(request('Create', arn));
    // THEN the resume was refused (a first run), the fresh start accepted, and the task runs
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'running', StartTypeSent: 'start-replication' });
    expect(starts(arn).map((c) => `${c.params.StartReplicationTaskType} ${c.status}`)).toEqual(['resume-processing 400', 'start-replication 200']);
  });

  test('a `ready` task with a ReplicationTaskStartDate and a checkpoint (it ran) is resumed, never started fresh', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'ran-and-ready', status: 'ready', hasRun: true });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ StartTypeSent: 'resume-processing' });
    expect(starts(arn).map((c) => c.params.StartReplicationTaskType)).toEqual(['resume-processing']);
  });
});

describe('explicit start types', () => {
  test.each(['start-replication', 'resume-processing', 'reload-target'])('%s is sent as asked to a stopped task', async (type) => {
    const arn = rig.emulator.dms.seedTask({ identifier: `explicit-${type}`, status: 'stopped' });
    const outcome = await rig.send(request('Create', arn, { startType: type }));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'running', StartTypeSent: type });
    expect(accepted(arn).map((c) => c.params.StartReplicationTaskType)).toEqual([type]);
  });

  test.each(['resume-processing', 'reload-target'])('%s on a task that never ran fails with DMS\'s refusal and what to do', async (type) => {
    const arn = rig.emulator.dms.seedTask({ identifier: `first-run-${type}`, status: 'ready' });
    const outcome = await rig.send(request('Create', arn, { startType: type }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`with ${type}`);
    expect(outcome.reason).toContain('START_REPLICATION');
    expect(rig.emulator.dms.task(arn)?.status).toBe('ready');
  });

  test('CDC positions are sent as given and reported', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'cdc', status: 'stopped' });
    const outcome = await rig.send(
      request('Create', arn, { startType: 'start-replication', cdcStartPosition: 'checkpoint:V1#27#mysql-bin.1:1#0#0#*#0#93', cdcStopPosition: 'server_time:2030-01-01T00:00:00' }),
    );
    expect(outcome.data).toMatchObject({ CdcStartSent: 'checkpoint:V1#27#mysql-bin.1:1#0#0#*#0#93', CdcStopSent: 'server_time:2030-01-01T00:00:00' });
    expect(accepted(arn)[0].params).toMatchObject({ CdcStartPosition: 'checkpoint:V1#27#mysql-bin.1:1#0#0#*#0#93', CdcStopPosition: 'server_time:2030-01-01T00:00:00' });
  });

  test('a CDC start time reaches DMS as a timestamp', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'cdc-time', status: 'stopped' });
    const outcome = await rig.send(request('Create', arn, { startType: 'start-replication', cdcStartTime: '2026-12-01T10:00:00.000Z' }));
    expect(outcome.data).toMatchObject({ Status: 'running', CdcStartSent: '2026-12-01T10:00:00.000Z' });
    expect(accepted(arn)[0].params.CdcStartTime).toBe(Date.parse('2026-12-01T10:00:00.000Z') / 1000);
  });

  test('CDC positions on a full-load task fail with DMS\'s refusal, naming the positions', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'cdc-full-load', status: 'stopped', migrationType: 'full-load' });
    const outcome = await rig.send(request('Create', arn, { cdcStopPosition: 'commit_time:2030-01-01T00:00:00' }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('InvalidParameterCombinationException');
    expect(outcome.reason).toContain('cdcStopPosition commit_time:2030-01-01T00:00:00');
  });
});

describe('what is running, finishing or busy', () => {
  test('a running task is success with no start call', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'running' });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'NOTHING_TO_DO', Status: 'running', StartTypeSent: '' });
    expect(outcome.data.Note).toContain('nothing was sent');
    expect(starts(arn)).toHaveLength(0);
  });

  test('a full-load task that finishes by itself while the step waits is success', async () => {
    // The full load ends the instant the task would read running (0 ms), so no poll can catch a brief
    // running on a loaded machine: the step sees it start, then stopped with FULL_LOAD_ONLY_FINISHED.
    const arn = rig.emulator.dms.seedTask({ identifier: 'full-load', status: 'ready', migrationType: 'full-load', fullLoadDurationMs: 0 });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped', StartTypeSent: 'start-replication' });
    expect(outcome.data.Note).toContain('FULL_LOAD_ONLY_FINISHED');
    expect(accepted(arn)).toHaveLength(1);
  });

  test('a stopping task is waited out, then resumed', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'stopping', status: 'stopping', then: [{ afterMs: 200, status: 'stopped', stopReason: 'Stop Reason NORMAL' }] });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Status: 'running' });
    expect(accepted(arn).map((c) => c.params.StartReplicationTaskType)).toEqual(['resume-processing']);
    expect(accepted(arn)[0].at - rig.emulator.dms.task(arn)!.createdAt).toBeGreaterThanOrEqual(200);
  });

  test.each(['modifying', 'testing'])('a %s task is waited out, then started', async (busy) => {
    const arn = rig.emulator.dms.seedTask({ identifier: `busy-${busy}`, status: busy, then: [{ afterMs: 200, status: 'stopped' }] });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Status: 'running' });
    expect(accepted(arn)).toHaveLength(1);
  });

  test('a starting task is waited for with no call', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'starting', status: 'starting', then: [{ afterMs: 200, status: 'running' }] });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'NOTHING_TO_DO', Status: 'running' });
    expect(starts(arn)).toHaveLength(0);
  });

  test('a task that fails after the start fails the step with DMS\'s reason', async () => {
    // GIVEN a stopped task that fails as soon as DMS has accepted its start
    const arn = rig.emulator.dms.seedTask({ identifier: 'fails', status: 'stopped' });
    const pending = rig.send(request('Create', arn));
    while (accepted(arn).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    rig.emulator.dms.setStatus(arn, 'failed');
    const outcome = await pending;
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('"failed"');
  });

  test('a task that does not exist fails Create with the place looked in', async () => {
    const arn = 'arn:aws:dms:us-east-1:123456789012:task:NOSUCHTASK';
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('was not found');
    expect(outcome.reason).toContain('region us-east-1');
  });

  test('with waitForCompletion false, completes once DMS accepted the start', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'no-wait', status: 'stopped' });
    const outcome = await rig.send(request('Create', arn, { waitForCompletion: false }));
    expect(outcome.data).toMatchObject({ Outcome: 'ISSUED', StartTypeSent: 'resume-processing' });
  });

  test('on Delete (not in runOn) nothing is called', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'delete', status: 'stopped' });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'SKIPPED' });
    expect(starts(arn)).toHaveLength(0);
  });
});
