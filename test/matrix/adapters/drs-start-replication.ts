import { DrsStartProps, ResourceTypes } from '../../../contract';
import type { MatrixAdapter } from '../adapter';

export const drsStartAdapter: MatrixAdapter = {
  name: 'DrsStartReplication',
  resourceType: ResourceTypes.DRS_START_REPLICATION,
  service: 'drs',
  actionOperation: 'StartReplication',
  actionPermission: 'drs:StartReplication',
  targetKind: 'DRS source server',
  actionEvent: 'Create',
  expectedPhysicalId: (seeded) => seeded.id,
  createOutcomeWhenDeleted: 'SUCCESS',
  doneState: 'CONTINUOUS',
  seedLive(rig, durationMs) {
    const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: 'STOPPED', syncDurationMs: durationMs });
    return { id, properties: { [DrsStartProps.SOURCE_SERVER_ID]: id } };
  },
  missing: () => ({ id: 's-0000000000000miss', properties: { [DrsStartProps.SOURCE_SERVER_ID]: 's-0000000000000miss' } }),
  stateOf: (rig, seeded) => rig.emulator.drs.sourceServer(seeded.id)?.dataReplicationState,
  effects: (rig, seeded) => rig.emulator.drsStarts.startInitiations(seeded.id),
  deleteOutOfBand: (rig, seeded) => rig.emulator.drs.deleteSourceServer(seeded.id),
};
