import { DmsStartReplicationProps, ResourceTypes } from '../../../contract';
import type { MatrixAdapter } from '../adapter';

// Seven start-up states, then running.
const START_UP_STEPS = 7;

export const dmsStartReplicationAdapter: MatrixAdapter = {
  name: 'DmsStartReplication',
  resourceType: ResourceTypes.DMS_START_REPLICATION,
  service: 'dms',
  actionOperation: 'StartReplication',
  actionPermission: 'dms:StartReplication',
  targetKind: 'DMS Serverless replication of config',
  actionEvent: 'Create',
  expectedPhysicalId: (seeded) => seeded.id,
  createOutcomeWhenDeleted: 'SUCCESS',
  doneState: 'running',
  seedLive(rig, durationMs) {
    const id = rig.emulator.dmsServerless.seedReplication({
      identifier: `matrix-${Math.random().toString(36).slice(2, 10)}`,
      status: 'stopped',
      startStepMs: durationMs / START_UP_STEPS,
    });
    return { id, properties: { [DmsStartReplicationProps.REPLICATION_CONFIG_ARN]: id } };
  },
  missing: () => {
    const id = 'arn:aws:dms:us-east-1:123456789012:replication-config:MATRIXMISSING';
    return { id, properties: { [DmsStartReplicationProps.REPLICATION_CONFIG_ARN]: id } };
  },
  stateOf: (rig, seeded) => rig.emulator.dmsServerless.replication(seeded.id)?.status,
  effects: (rig, seeded) => rig.emulator.dmsServerlessStarts.accepted.filter((a) => a.arn === seeded.id).length,
  deleteOutOfBand: (rig, seeded) => rig.emulator.dmsServerless.deleteReplication(seeded.id),
};
