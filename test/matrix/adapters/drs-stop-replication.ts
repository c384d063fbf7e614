import { DrsStopProps, ResourceTypes } from '../../../contract';
import type { MatrixAdapter } from '../adapter';

export const drsStopAdapter: MatrixAdapter = {
  name: 'DrsStopReplication',
  resourceType: ResourceTypes.DRS_STOP_REPLICATION,
  service: 'drs',
  actionOperation: 'StopReplication',
  actionPermission: 'drs:StopReplication',
  targetKind: 'DRS source server',
  actionEvent: 'Delete',
  expectedPhysicalId: (seeded) => seeded.id,
  createOutcomeWhenDeleted: 'SUCCESS',
  doneState: 'STOPPED',
  seedLive(rig, durationMs) {
    const id = rig.emulator.drs.seedSourceServer({ stopDurationMs: durationMs });
    return { id, properties: { [DrsStopProps.SOURCE_SERVER_ID]: id } };
  },
  missing: () => ({ id: 's-0000000000000miss', properties: { [DrsStopProps.SOURCE_SERVER_ID]: 's-0000000000000miss' } }),
  stateOf: (rig, seeded) => rig.emulator.drs.sourceServer(seeded.id)?.dataReplicationState,
  // DRS has no "stopping" state, so the handler repeats StopReplication until it reads STOPPED;
  // the effect is how many times a stop was started.
  effects: (rig, seeded) => rig.emulator.drs.stopInitiations(seeded.id),
  deleteOutOfBand: (rig, seeded) => rig.emulator.drs.deleteSourceServer(seeded.id),
};
