import { type DatabaseMigrationServiceClient, ReplicationTask, StopReplicationTaskCommand } from '@aws-sdk/client-database-migration-service';
import { CATCH_UP_ATTRIBUTE_NAMES, decodeDmsStopReplicationTask, DmsStopAttributes, DmsStopReplicationTaskParams as Params, ResourceTypes } from '../../contract';
import { TargetNotFoundError, isAccessDenied, isServiceError } from '../engine/errors';
import type { Operation, StepResult } from '../engine/operation';
import { attributesAtStop, catchUpTimeoutAdvice, holdUntilCaughtUp, SeriesMatch, timingOf, WAITING_FOR_CATCH_UP } from './catch-up';
import { findReplicationTask } from './dms-client';
import { listedTask } from './dms-listings';

// States in which the task is not running and will not start by itself: nothing to stop.
const AT_REST = new Set(['stopped', 'ready', 'failed', 'failed-move']);

async function describeTask(dms: DatabaseMigrationServiceClient, taskArn: string): Promise<ReplicationTask> {
  const task = await findReplicationTask(dms, taskArn);
  if (!task) throw new TargetNotFoundError(`No task with ARN ${taskArn}`);
  return task;
}

/** Stops the task; false when DMS says it is no longer running (it stopped or changed state meanwhile). */
async function stopTask(dms: DatabaseMigrationServiceClient, taskArn: string): Promise<boolean> {
  try {
    await dms.send(new StopReplicationTaskCommand({ ReplicationTaskArn: taskArn }));
    return true;
  } catch (error) {
    if (isServiceError(error, 'InvalidResourceStateFault')) return false;
    if (isServiceError(error, 'ResourceNotFoundFault')) throw new TargetNotFoundError(`No task with ARN ${taskArn}`);
    throw error;
  }
}

/**
 * The first call's stop, sent before any look. A denial is not final here: a task at rest needs no
 * stop, so the look decides, as it did before the stop came first (and a running task then meets
 * the same denial, which fails with its reason).
 */
async function stopBeforeLooking(dms: DatabaseMigrationServiceClient, taskArn: string): Promise<boolean> {
  try {
    return await stopTask(dms, taskArn);
  } catch (error) {
    if (isAccessDenied(error)) return false;
    throw error;
  }
}

/**
 * A classic task's latency metrics, found with ListMetrics on ReplicationTaskIdentifier (the task
 * ARN's resource id, not its name). The instance identifier, the other dimension, is taken from the
 * listed metric itself rather than from DescribeReplicationInstances: no further DMS permission, and
 * the series is addressed exactly as CloudWatch holds it.
 */
function taskSeries(taskArn: string): SeriesMatch {
  const resourceId = taskArn.slice(taskArn.lastIndexOf(':') + 1);
  return {
    filter: [{ Name: 'ReplicationTaskIdentifier', Value: resourceId }],
    accepts: (dims) =>
      dims.length === 2 &&
      dims.some((d) => d.Name === 'ReplicationInstanceIdentifier') &&
      dims.some((d) => d.Name === 'ReplicationTaskIdentifier' && d.Value === resourceId),
    describe: `dimensions ReplicationInstanceIdentifier + ReplicationTaskIdentifier=${resourceId}`,
  };
}

export const dmsStopReplicationTask: Operation<Params> = {
  targetKind: 'DMS replication task',
  goal: 'stopped',
  attributes: [DmsStopAttributes.STOP_REASON, ...CATCH_UP_ATTRIBUTE_NAMES],

  parse: (properties) => decodeDmsStopReplicationTask(properties, timingOf(properties, ResourceTypes.DMS_STOP_REPLICATION_TASK)),
  targetId: (params) => params.replicationTaskArn,
  arnTarget: (params) => ({ prop: 'replicationTaskArn', arn: params.replicationTaskArn }),

  async step(params, context): Promise<StepResult> {
    const taskArn = params.replicationTaskArn;
    const dms = await context.clients.dms(context.target);
    // A first call asks for the stop straight away: DMS accepts it only from `running` (where a
    // look would lead to the same request) and refuses it from every other state, so one call does
    // what a look and a stop did, and halves a mass teardown's first burst against the account's
    // DMS quota. A refusal is answered by the look below. A stop gated on catch-up must look first.
    if (context.firstCall && !params.catchUp && (await stopBeforeLooking(dms, taskArn))) {
      context.observed('running');
      return { kind: 'waiting', status: 'stopping', issued: true };
    }
    // A poll reads the environment's shared listing; a first call (before it acts) reads directly.
    const task = (await listedTask(dms, taskArn, context)) ?? (await describeTask(dms, taskArn));
    const status = task.Status!;
    context.observed(status);
    if (AT_REST.has(status)) {
      const atStop = params.catchUp
        ? await attributesAtStop(await context.clients.cloudwatch(context.target), taskSeries(taskArn), params.catchUp, context.startedAt, task.ReplicationTaskStats?.StopDate?.getTime())
        : {};
      return { kind: 'complete', status, data: { [DmsStopAttributes.STOP_REASON]: task.StopReason ?? '', ...atStop } };
    }
    if (status === 'running') {
      const held = params.catchUp && (await holdUntilCaughtUp(await context.clients.cloudwatch(context.target), taskSeries(taskArn), params.catchUp, context));
      if (held) return held;
      const stopped = await stopTask(dms, taskArn);
      // Refused means it left `running` between describe and stop: look again at the next poll.
      return { kind: 'waiting', status: stopped ? 'stopping' : status, issued: stopped };
    }
    // `stopping` is our goal in progress. Anything else (starting, creating, modifying, moving,
    // testing, deleting) refuses a stop: wait for it to settle, then act on what it settles into.
    return { kind: 'waiting', status, issued: status === 'stopping' };
  },

  timeoutAdvice: (_params, status, raise) =>
    status === WAITING_FOR_CATCH_UP
      ? catchUpTimeoutAdvice(raise)
      : status === 'stopping'
        ? `The stop request stays in effect and DMS will finish it; check the task in the DMS console, then retry the stack operation. ${raise}`
        : `The task never reached a state that accepts a stop; check why in the DMS console (it may be starting, being modified or tested), then retry the stack operation. ${raise}`,
  notFoundAdvice: () =>
    'Check "replicationTaskArn": the task must exist (in the region and account of its ARN) when this resource is created or updated.',
  // undoOnRollback: a rollback resumes the task this step stopped, from its recovery checkpoint.
  undoOperation: async () => (await import('./undo-resume')).resumeTaskOnRollback,
  teardown: {
    // A stopped task resumes from its checkpoint, while one left running blocks its own deletion and
    // keeps replicating: stopping is the side that can be undone.
    whenUnsure: 'act',
    why: 'a stopped DMS task can be resumed from its checkpoint (resume-processing), so stopping is the side that can be undone.',
  },
};
