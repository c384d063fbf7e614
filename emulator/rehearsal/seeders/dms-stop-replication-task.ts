import { DmsStopProps, ResourceTypes } from '../../../contract';
import { token } from '../physical-ids';
import { DMS_TASK_STATE_KEYS, dmsTask } from './dms-task';
import type { Seeder } from './types';

/** DmsStopReplicationTask: a replication task that is running by teardown time. */
export const dmsStopReplicationTaskSeeder: Seeder = {
  resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
  stateKeys: DMS_TASK_STATE_KEYS,
  seed: (context) => dmsTask(context, DmsStopProps.REPLICATION_TASK_ARN),
  changeTarget: (properties) => ({
    ...properties,
    [DmsStopProps.REPLICATION_TASK_ARN]: String(properties[DmsStopProps.REPLICATION_TASK_ARN]).replace(
      /:task:([^:]+)$/,
      (_m, id: string) => `:task:${token(id, 26)}`,
    ),
  }),
};
