import { DrsStartProps, ResourceTypes } from '../../../contract';
import { token } from '../physical-ids';
import { stringProperty, targetPlace, type Seeder } from './types';

// A restart re-syncs every disk from scratch: minutes for a small server, hours for large disks.
const DEFAULT_SYNC_SECONDS = 600;

/** DrsStartReplication: a source server whose replication was stopped. */
export const drsStartReplicationSeeder: Seeder = {
  resourceType: ResourceTypes.DRS_START_REPLICATION,
  stateKeys: {
    exists: 'false: the source server does not exist',
    dataReplicationState: 'the replication state (default "STOPPED"; e.g. "CONTINUOUS", "INITIAL_SYNC", "STALLED")',
    hostname: 'the server\'s hostname (default: the resource\'s construct id)',
    syncDurationSeconds: `how long DRS takes from StartReplication to CONTINUOUS, the re-sync included (default ${DEFAULT_SYNC_SECONDS})`,
  },
  seed(context) {
    const id = stringProperty(context, DrsStartProps.SOURCE_SERVER_ID);
    const { emulator, state } = context;
    return context.shared(`drs-source-server:${id}`, () => {
      const description = `DRS source server ${id}`;
      if (!state.exists) return { description, ids: [id], status: () => 'absent', goLive: () => undefined };
      emulator.drs.seedSourceServer({
        id,
        ...targetPlace(context),
        hostname: state.string('hostname') ?? context.resourceName.split(/[ /]/)[0].toLowerCase(),
        dataReplicationState: state.string('dataReplicationState') ?? 'STOPPED',
        syncDurationMs: state.seconds('syncDurationSeconds') ?? DEFAULT_SYNC_SECONDS * 1000,
      });
      return { description, ids: [id], status: () => emulator.drs.sourceServer(id)?.dataReplicationState ?? 'absent', goLive: () => undefined };
    });
  },
  changeTarget: (properties) => ({
    ...properties,
    [DrsStartProps.SOURCE_SERVER_ID]: `s-${token(String(properties[DrsStartProps.SOURCE_SERVER_ID]), 17, 'hex')}`,
  }),
};
