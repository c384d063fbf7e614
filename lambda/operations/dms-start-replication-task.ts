import { type DatabaseMigrationServiceClient, ReplicationTask, StartReplicationTaskCommand } from '@aws-sdk/client-database-migration-service';
import {
  DMS_START_ATTRIBUTE_NAMES,
  decodeDmsStartReplicationTask,
  DmsStartReplicationTaskParams as Params,
  RunTraces,
  TASK_START_ACCEPTING_STATES,
} from '../../contract';
import { TargetNotFoundError, isServiceError } from '../engine/errors';
import type { Operation, StepContext, StepResult } from '../engine/operation';
import { findReplicationTask } from './dms-client';
import { listedTask } from './dms-listings';
import { cdcRequestMembers, StartLook, startStep, StartTarget, startTimeoutAdvice } from './dms-start-flow';

const STARTING_UP: ReadonlySet<string> = new Set(['starting']);

const notFound = (arn: string) => new TargetNotFoundError(`No task with ARN ${arn}`);

/**
 * What a task reports about earlier runs. Strong: statistics dates, a recovery checkpoint, a stop
 * reason. Weak: ReplicationTaskStartDate, documented as "the date the replication task is scheduled
 * to start", which may or may not be set before a first run.
 */
export function taskTraces(task: ReplicationTask): RunTraces {
  const stats = task.ReplicationTaskStats;
  const strong = [
    stats?.StartDate && 'ReplicationTaskStats.StartDate',
    stats?.FreshStartDate && 'ReplicationTaskStats.FreshStartDate',
    stats?.StopDate && 'ReplicationTaskStats.StopDate',
    stats?.FullLoadStartDate && 'ReplicationTaskStats.FullLoadStartDate',
    task.RecoveryCheckpoint && 'RecoveryCheckpoint',
    task.StopReason && 'StopReason',
  ].filter((t): t is string => !!t);
  return { status: task.Status!, strong, weak: task.ReplicationTaskStartDate ? ['ReplicationTaskStartDate'] : [] };
}

function lookOf(task: ReplicationTask): StartLook {
  const stats = task.ReplicationTaskStats;
  return {
    status: task.Status!,
    traces: taskTraces(task),
    startedAt: stats?.StartDate ?? task.ReplicationTaskStartDate,
    stoppedAt: stats?.StopDate,
    stopReason: task.StopReason,
    failure: task.LastFailureMessage,
  };
}

/** The task's side of the start flow (also used by steps that resume a task they stopped). */
export function taskStartTarget(dms: DatabaseMigrationServiceClient, arn: string, context: StepContext): StartTarget {
  const direct = async () => {
    const task = await findReplicationTask(dms, arn);
    if (!task) throw notFound(arn);
    return lookOf(task);
  };
  return {
    name: `DMS replication task ${arn}`,
    accepting: TASK_START_ACCEPTING_STATES,
    startingUp: STARTING_UP,
    // A poll reads the environment's shared listing; a first call (before it acts) reads directly.
    look: async () => {
      const listed = await listedTask(dms, arn, context);
      return listed ? lookOf(listed) : direct();
    },
    lookDirectly: direct,
    async start(type, options) {
      try {
        await dms.send(
          new StartReplicationTaskCommand({
            ReplicationTaskArn: arn,
            StartReplicationTaskType: type,
            ...cdcRequestMembers(options),
          }),
        );
      } catch (error) {
        if (isServiceError(error, 'ResourceNotFoundFault')) throw notFound(arn);
        throw error;
      }
    },
  };
}

export const dmsStartReplicationTask: Operation<Params> = {
  targetKind: 'DMS replication task',
  goal: 'running',
  attributes: DMS_START_ATTRIBUTE_NAMES,

  parse: decodeDmsStartReplicationTask,
  targetId: (params) => params.replicationTaskArn,
  arnTarget: (params) => ({ prop: 'replicationTaskArn', arn: params.replicationTaskArn }),

  async step(params, context): Promise<StepResult> {
    const dms = await context.clients.dms(context.target);
    return startStep(taskStartTarget(dms, params.replicationTaskArn, context), params, context);
  },

  timeoutAdvice: (_params, status, raise) => startTimeoutAdvice(status, STARTING_UP, 'task', raise),
  notFoundAdvice: () =>
    'Check "replicationTaskArn": the task must exist (in the region and account of its ARN) when this resource is created or updated.',
};
