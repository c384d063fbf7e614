import { DmsReplicationStopProps, ResourceTypes } from '../../../contract';
import { type MatrixAdapter, reachedService } from '../adapter';

export const dmsStopReplicationAdapter: MatrixAdapter = {
  name: 'DmsStopReplication',
  resourceType: ResourceTypes.DMS_STOP_REPLICATION,
  service: 'dms',
  actionOperation: 'StopReplication',
  actionPermission: 'dms:StopReplication',
  targetKind: 'DMS Serverless replication of config',
  actionEvent: 'Delete',
  expectedPhysicalId: (seeded) => seeded.id,
  createOutcomeWhenDeleted: 'SUCCESS',
  doneState: 'stopped',
  seedLive(rig, durationMs) {
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'matrix', stopDurationMs: durationMs });
    return { id: arn, properties: { [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: arn } };
  },
  missing() {
    const arn = 'arn:aws:dms:us-east-1:123456789012:replication-config:MISSINGMATRIXCONFIG0000000';
    return { id: arn, properties: { [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: arn } };
  },
  stateOf: (rig, seeded) => rig.emulator.dmsServerless.replication(seeded.id)?.status,
  effects: (rig, seeded) =>
    rig.emulator
      .callLog({ service: 'dms', operation: 'StopReplication' })
      .filter((c) => c.params.ReplicationConfigArn === seeded.id && reachedService(c)).length,
  deleteOutOfBand: (rig, seeded) => rig.emulator.dmsServerless.deleteReplication(seeded.id),
};
