import { DmsStopProps, ResourceTypes } from '../../../contract';
import { type MatrixAdapter, reachedService } from '../adapter';

export const dmsStopAdapter: MatrixAdapter = {
  name: 'DmsStopReplicationTask',
  resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
  service: 'dms',
  actionOperation: 'StopReplicationTask',
  actionPermission: 'dms:StopReplicationTask',
  targetKind: 'DMS replication task',
  actionEvent: 'Delete',
  expectedPhysicalId: (seeded) => seeded.id,
  createOutcomeWhenDeleted: 'SUCCESS',
  doneState: 'stopped',
  seedLive(rig, durationMs) {
    const arn = rig.emulator.dms.seedTask({ identifier: 'matrix', stopDurationMs: durationMs });
    return { id: arn, properties: { [DmsStopProps.REPLICATION_TASK_ARN]: arn } };
  },
  missing() {
    const arn = 'arn:aws:dms:us-east-1:123456789012:task:MISSINGMATRIXTASK000000000';
    return { id: arn, properties: { [DmsStopProps.REPLICATION_TASK_ARN]: arn } };
  },
  stateOf: (rig, seeded) => rig.emulator.dms.task(seeded.id)?.status,
  effects: (rig, seeded) =>
    rig.emulator
      .callLog({ service: 'dms', operation: 'StopReplicationTask' })
      .filter((c) => c.params.ReplicationTaskArn === seeded.id && reachedService(c)).length,
  deleteOutOfBand: (rig, seeded) => rig.emulator.dms.deleteTask(seeded.id),
};
