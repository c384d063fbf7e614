import { DmsStopProps, ResourceTypes } from '../../../contract';
import { token } from '../physical-ids';
import { DMS_LATENCY_STATE_KEYS, seedLatency } from './dms-latency';
import { DMS_TASK_STATE_KEYS, dmsTask } from './dms-task';
import type { Seeder } from './types';

/** DmsStopReplicationTask: a replication task that is running by teardown time (and, for a gated stop, its CDC latency). */
export const dmsStopReplicationTaskSeeder: Seeder = {
  resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
  stateKeys: { ...DMS_TASK_STATE_KEYS, ...DMS_LATENCY_STATE_KEYS },
  seed: (context) => {
    const task = dmsTask(context, DmsStopProps.REPLICATION_TASK_ARN);
    const taskArn = String(context.properties[DmsStopProps.REPLICATION_TASK_ARN]);
    if (task.status() !== 'absent') {
      seedLatency(context, (metric, steps) =>
        context.emulator.cloudwatch.putDmsTaskLatency({ taskArn, instanceIdentifier: 'rehearsal-instance', metric, steps }),
      );
    }
    return task;
  },
  changeTarget: (properties) => ({
    ...properties,
    [DmsStopProps.REPLICATION_TASK_ARN]: String(properties[DmsStopProps.REPLICATION_TASK_ARN]).replace(
      /:task:([^:]+)$/,
      (_m, id: string) => `:task:${token(id, 26)}`,
    ),
  }),
};
