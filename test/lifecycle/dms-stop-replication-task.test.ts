import { DmsStopProps, LifecycleEvent, ResourceTypes } from '../../lib/contract';
import { commonProps, Rig, startRig } from '../support/rig';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { dms: { stopDurationMs: 300 } } });
});
afterAll(() => rig.stop());

function request(arn: string, type: 'Create' | 'Update' | 'Delete', options: Parameters<typeof commonProps>[0] = {}) {
  return {
    RequestType: type,
    ResourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
    LogicalResourceId: 'StopOrders',
    PhysicalResourceId: type === 'Create' ? undefined : arn,
    ResourceProperties: { [DmsStopProps.REPLICATION_TASK_ARN]: arn, ...commonProps(options) },
  };
}

test('on Delete of a running task, stops it and completes only once the task is stopped', async () => {
  // GIVEN
  const arn = rig.emulator.dms.seedTask({ identifier: 'orders' });
  // WHEN
  const outcome = await rig.send(request(arn, 'Delete'));
  // THEN
  expect(outcome.status).toBe('SUCCESS');
  expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped', StopReason: 'Stop Reason NORMAL' });
  expect(rig.emulator.dms.task(arn)?.status).toBe('stopped');
  expect(rig.emulator.callLog({ operation: 'StopReplicationTask' })).toHaveLength(1);
});

test('on Create with the default runOn, does nothing and succeeds', async () => {
  const arn = rig.emulator.dms.seedTask({ identifier: 'untouched' });
  const outcome = await rig.send(request(arn, 'Create'));
  expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: arn, data: { Outcome: 'SKIPPED' } });
  expect(rig.emulator.dms.task(arn)?.status).toBe('running');
  expect(rig.emulator.callLog({ service: 'dms' }).filter((c) => c.params.ReplicationTaskArn === arn)).toHaveLength(0);
});

test('on Create with runOn CREATE and a missing task, fails naming the ARN', async () => {
  const arn = 'arn:aws:dms:us-east-1:123456789012:task:DOESNOTEXIST';
  const outcome = await rig.send(request(arn, 'Create', { runOn: [LifecycleEvent.CREATE] }));
  expect(outcome.status).toBe('FAILED');
  expect(outcome.reason).toContain(arn);
});
