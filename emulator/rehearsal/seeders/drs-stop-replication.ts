import { DrsStopProps, ResourceTypes } from '../../../contract';
import type { DrsLaunchStatus } from '../../services/drs';
import { token } from '../physical-ids';
import { stringProperty, targetPlace, type Seeder } from './types';

// DRS takes about a minute to stop replicating a server and release its staging resources.
const DEFAULT_STOP_SECONDS = 60;

/** DrsStopReplication: a source server that is replicating continuously. */
export const drsStopReplicationSeeder: Seeder = {
  resourceType: ResourceTypes.DRS_STOP_REPLICATION,
  stateKeys: {
    exists: 'false: the source server does not exist',
    dataReplicationState: 'the replication state (default "CONTINUOUS"; e.g. "INITIAL_SYNC", "STOPPED")',
    launchStatus: 'a recovery or drill launch in this state ("PENDING" or "IN_PROGRESS" make DRS refuse the stop)',
    hostname: 'the server\'s hostname (default: the resource\'s construct id)',
    stopDurationSeconds: `how long DRS takes from StopReplication to STOPPED (default ${DEFAULT_STOP_SECONDS})`,
  },
  seed(context) {
    const id = stringProperty(context, DrsStopProps.SOURCE_SERVER_ID);
    const { emulator, state } = context;
    return context.shared(`drs-source-server:${id}`, () => {
      const description = `DRS source server ${id}`;
      if (!state.exists) return { description, ids: [id], status: () => 'absent', goLive: () => undefined };
      emulator.drs.seedSourceServer({
        id,
        ...targetPlace(context),
        hostname: state.string('hostname') ?? context.resourceName.split(/[ /]/)[0].toLowerCase(),
        dataReplicationState: state.string('dataReplicationState') ?? 'CONTINUOUS',
        launchStatus: state.string('launchStatus') as DrsLaunchStatus | undefined,
        stopDurationMs: state.seconds('stopDurationSeconds') ?? DEFAULT_STOP_SECONDS * 1000,
      });
      return {
        description,
        ids: [id],
        status: () => emulator.drs.sourceServer(id)?.dataReplicationState ?? 'absent',
        // A server the stack refers to replicates before and after the deploy alike.
        goLive: () => undefined,
      };
    });
  },
  changeTarget: (properties) => ({
    ...properties,
    [DrsStopProps.SOURCE_SERVER_ID]: `s-${token(String(properties[DrsStopProps.SOURCE_SERVER_ID]), 17, 'hex')}`,
  }),
};
