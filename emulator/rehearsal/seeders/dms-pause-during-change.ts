import { DmsPauseProps, ResourceTypes } from '../../../contract';
import { token } from '../physical-ids';
import { dmsStopReplicationSeeder } from './dms-stop-replication';
import { DMS_TASK_STATE_KEYS, dmsTask } from './dms-task';
import type { Seeder } from './types';

/**
 * DmsPauseDuringChange's pause and resume: both act on one replication, a classic task (seeded as
 * for DmsStopReplicationTask) or a serverless one (as for DmsStopReplication), shared with any other
 * step on it. For --update, the watched change is a new fingerprint, the same for both: the target
 * stays, and the pause stops it around the change.
 */
function pauseSeeder(resourceType: string): Seeder {
  return {
    resourceType,
    stateKeys: { ...dmsStopReplicationSeeder.stateKeys, ...DMS_TASK_STATE_KEYS },
    seed: (context) =>
      context.properties[DmsPauseProps.REPLICATION_TASK_ARN] !== undefined
        ? dmsTask(context, DmsPauseProps.REPLICATION_TASK_ARN)
        : dmsStopReplicationSeeder.seed(context),
    changeTarget: (properties) => ({
      ...properties,
      [DmsPauseProps.FINGERPRINT]: token(`watched-change:${String(properties[DmsPauseProps.FINGERPRINT])}`, 16, 'hex'),
    }),
  };
}

export const dmsPauseSeeder = pauseSeeder(ResourceTypes.DMS_PAUSE_DURING_CHANGE);
export const dmsResumeSeeder = pauseSeeder(ResourceTypes.DMS_RESUME_AFTER_CHANGE);
