import { CatchUpProps, DmsStopProps, ResourceTypes } from '../../../contract';
import type { DmsLatencyMetric } from '../../services/cloudwatch-series';
import { token } from '../physical-ids';
import { catchUpWait, DMS_LATENCY_STATE_KEYS, seedLatency } from './dms-latency';
import { DMS_TASK_STATE_KEYS, dmsTask } from './dms-task';
import type { Seeder } from './types';

// The replication instance the rehearsal's classic tasks publish their latency under.
const INSTANCE = 'rehearsal-instance';

/** DmsStopReplicationTask: a replication task that is running by teardown time (and, for a gated stop, its CDC latency). */
export const dmsStopReplicationTaskSeeder: Seeder = {
  resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
  stateKeys: { ...DMS_TASK_STATE_KEYS, ...DMS_LATENCY_STATE_KEYS },
  seed: (context) => {
    const task = dmsTask(context, DmsStopProps.REPLICATION_TASK_ARN);
    const taskArn = String(context.properties[DmsStopProps.REPLICATION_TASK_ARN]);
    if (task.status() === 'absent' || context.properties[CatchUpProps.MAX_LATENCY_SECONDS] === undefined) return task;
    const { cloudwatch } = context.emulator;
    seedLatency(context, (metric, steps) => cloudwatch.putDmsTaskLatency({ taskArn, instanceIdentifier: INSTANCE, metric, steps }));
    const latency = (metric: DmsLatencyMetric) => cloudwatch.latestDmsTaskLatency({ taskArn, instanceIdentifier: INSTANCE, metric });
    // Per resource, not shared: only this gated stop waits on the task.
    return { ...task, waitingFor: (calls) => catchUpWait(task.status(), calls, latency) };
  },
  changeTarget: (properties) => ({
    ...properties,
    [DmsStopProps.REPLICATION_TASK_ARN]: String(properties[DmsStopProps.REPLICATION_TASK_ARN]).replace(
      /:task:([^:]+)$/,
      (_m, id: string) => `:task:${token(id, 26)}`,
    ),
  }),
};
