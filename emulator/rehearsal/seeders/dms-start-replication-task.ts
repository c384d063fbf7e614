import { DmsStartTaskProps, ResourceTypes } from '../../../contract';
import { token } from '../physical-ids';
import { DMS_TASK_STATE_KEYS, dmsTask } from './dms-task';
import type { Seeder } from './types';

// DMS takes about a minute to start a task (it connects to both endpoints first).
const DEFAULT_START_SECONDS = 60;

/**
 * DmsStartReplicationTask: the task to start. A task the stack creates is `ready` (never ran), as
 * CloudFormation leaves it; a task given by ARN is `stopped` (it ran and was stopped), since
 * starting it is the point of the step.
 */
export const dmsStartReplicationTaskSeeder: Seeder = {
  resourceType: ResourceTypes.DMS_START_REPLICATION_TASK,
  stateKeys: {
    ...DMS_TASK_STATE_KEYS,
    status: 'the task status when the stack is deployed (default: "ready" for a task the stack creates, else "stopped"; e.g. running, stopping, modifying)',
    startDurationSeconds: `how long the task takes from StartReplicationTask to running (default ${DEFAULT_START_SECONDS})`,
  },
  seed: (context) =>
    dmsTask(context, DmsStartTaskProps.REPLICATION_TASK_ARN, {
      givenStatus: 'stopped',
      startDurationMs: context.state.seconds('startDurationSeconds') ?? DEFAULT_START_SECONDS * 1000,
    }),
  changeTarget: (properties) => ({
    ...properties,
    [DmsStartTaskProps.REPLICATION_TASK_ARN]: String(properties[DmsStartTaskProps.REPLICATION_TASK_ARN]).replace(
      /:task:([^:]+)$/,
      (_m, id: string) => `:task:${token(id, 26)}`,
    ),
  }),
};
