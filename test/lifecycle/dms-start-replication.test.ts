import { DmsStartProps, DmsStartReplicationProps, LifecycleEvent, ResourceTypes } from '../../contract';
import { START_UP_STATES } from '../../contract/dms-serverless';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// Emulated DMS Serverless: each start-up state lasts 60 ms (seven of them, then running); polls every 50 ms.
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { dmsServerless: { stopDurationMs: 300 }, dmsServerlessStarts: { startUpStepMs: 60, fullLoadDurationMs: 0 } } });
});
afterAll(() => rig.stop());

type Options = Parameters<typeof commonProps>[0] & { startType?: string; cdcStartPosition?: string };

function request(type: CfnRequest['RequestType'], arn: string, options: Options = {}): CfnRequest {
  const { startType, cdcStartPosition, ...common } = options;
  return {
    RequestType: type,
    ResourceType: ResourceTypes.DMS_START_REPLICATION,
    LogicalResourceId: 'StartOrders',
    PhysicalResourceId: type === 'Create' ? undefined : arn,
    ResourceProperties: {
      [DmsStartReplicationProps.REPLICATION_CONFIG_ARN]: arn,
      ...(startType ? { [DmsStartProps.START_TYPE]: startType } : {}),
      ...(cdcStartPosition ? { [DmsStartProps.CDC_START_POSITION]: cdcStartPosition } : {}),
      ...commonProps({ runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE], ...common }),
    },
  };
}

const starts = (arn: string) => rig.emulator.callLog({ service: 'dms', operation: 'StartReplication' }).filter((c) => c.params.ReplicationConfigArn === arn);
const accepted = (arn: string) => starts(arn).filter((c) => c.status === 200);

describe('starting a DMS Serverless replication', () => {
  test('a config that never ran (created) gets start-replication and is waited for through every start-up state', async () => {
    // GIVEN a replication config that was never started
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'first-run', status: 'created' });
    // WHEN the stack creates the start step
    const outcome = await rig.send(request('Create', arn));
    // THEN one fresh start was sent, and the step completed only once the replication was running
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'running', StartTypeSent: 'start-replication' });
    expect(accepted(arn).map((c) => c.params.StartReplicationType)).toEqual(['start-replication']);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(START_UP_STATES.length * 60);
  });

  test('a stopped replication that ran before is resumed', async () => {
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'resume', status: 'stopped', stopReason: 'Stop Reason NORMAL' });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'running', StartTypeSent: 'resume-processing' });
  });

  test('reload-target is sent as asked', async () => {
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'reload', status: 'failed' });
    const outcome = await rig.send(request('Create', arn, { startType: 'reload-target' }));
    expect(outcome.data).toMatchObject({ Status: 'running', StartTypeSent: 'reload-target' });
  });

  test('resume-processing on a config that never ran fails with DMS\'s refusal and what to do', async () => {
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'first-resume', status: 'created' });
    const outcome = await rig.send(request('Create', arn, { startType: 'resume-processing' }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('START_REPLICATION');
  });

  test('a running replication is success with no call', async () => {
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'running' });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'NOTHING_TO_DO', Status: 'running', StartTypeSent: '' });
    expect(starts(arn)).toHaveLength(0);
  });

  test('a replication in a start-up state is waited for with no call', async () => {
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'starting-up', startUpStepMs: 40 });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'NOTHING_TO_DO', Status: 'running' });
    expect(starts(arn)).toHaveLength(0);
  });

  test('a modifying replication is waited out, then started', async () => {
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'modifying', status: 'modifying', then: [{ afterMs: 200, status: 'stopped' }] });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Status: 'running', StartTypeSent: 'resume-processing' });
    expect(accepted(arn)).toHaveLength(1);
  });

  test('a full-load replication that finishes by itself while the step waits is success', async () => {
    // The full load ends the instant the replication would read running (the rig's 0 ms), so no poll
    // can catch a brief running on a loaded machine: the step sees it start up, then stopped.
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'full-load', status: 'created', replicationType: 'full-load' });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped', StartTypeSent: 'start-replication' });
    expect(outcome.data.Note).toContain('FULL_LOAD_ONLY_FINISHED');
  });

  test('a read-only (zero-ETL) replication is refused without a call', async () => {
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'zero-etl', status: 'stopped', isReadOnly: true });
    const outcome = await rig.send(request('Create', arn));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('read-only');
    expect(starts(arn)).toHaveLength(0);
  });

  test('a config that does not exist fails Create', async () => {
    const outcome = await rig.send(request('Create', 'arn:aws:dms:us-east-1:123456789012:replication-config:NOSUCHCONFIG'));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('was not found');
  });
});
