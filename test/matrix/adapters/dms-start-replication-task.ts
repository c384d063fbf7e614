import { DmsStartTaskProps, ResourceTypes } from '../../../contract';
import type { MatrixAdapter } from '../adapter';

export const dmsStartTaskAdapter: MatrixAdapter = {
  name: 'DmsStartReplicationTask',
  resourceType: ResourceTypes.DMS_START_REPLICATION_TASK,
  service: 'dms',
  actionOperation: 'StartReplicationTask',
  actionPermission: 'dms:StartReplicationTask',
  targetKind: 'DMS replication task',
  actionEvent: 'Create',
  expectedPhysicalId: (seeded) => seeded.id,
  // A start keeps going when its resource is deleted meanwhile (the Delete of a start waits for it too).
  createOutcomeWhenDeleted: 'SUCCESS',
  doneState: 'running',
  seedLive(rig, durationMs) {
    const id = rig.emulator.dms.seedTask({ identifier: `matrix-${Math.random().toString(36).slice(2, 10)}`, status: 'stopped', startDurationMs: durationMs });
    return { id, properties: { [DmsStartTaskProps.REPLICATION_TASK_ARN]: id } };
  },
  missing: () => {
    const id = 'arn:aws:dms:us-east-1:123456789012:task:MATRIXMISSING';
    return { id, properties: { [DmsStartTaskProps.REPLICATION_TASK_ARN]: id } };
  },
  stateOf: (rig, seeded) => rig.emulator.dms.task(seeded.id)?.status,
  effects: (rig, seeded) => rig.emulator.dmsStarts.accepted.filter((a) => a.arn === seeded.id).length,
  deleteOutOfBand: (rig, seeded) => rig.emulator.dms.deleteTask(seeded.id),
};
