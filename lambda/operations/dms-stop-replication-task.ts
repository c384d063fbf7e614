import {
  DatabaseMigrationServiceClient,
  DescribeReplicationTasksCommand,
  ReplicationTask,
  StopReplicationTaskCommand,
} from '@aws-sdk/client-database-migration-service';
import { DmsStopAttributes, DmsStopProps } from '../../lib/contract';
import { AWS_CLIENT_SETTINGS, logAwsCalls } from '../engine/aws-calls';
import { MalformedResponseError, TargetNotFoundError } from '../engine/errors';
import type { Operation, StepResult } from '../engine/operation';
import { requiredString } from '../engine/properties';

interface Params {
  readonly taskArn: string;
}

// States in which the task is not running and will not start by itself: nothing to stop.
const AT_REST = new Set(['stopped', 'ready', 'failed', 'failed-move']);

let client: DatabaseMigrationServiceClient | undefined;
function dms(): DatabaseMigrationServiceClient {
  // Created on first use: the endpoint (AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE) and region
  // come from the environment, and modules that are never used cost nothing at cold start.
  client ??= logAwsCalls(new DatabaseMigrationServiceClient({ ...AWS_CLIENT_SETTINGS }), 'dms');
  return client;
}

async function describeTask(taskArn: string): Promise<ReplicationTask> {
  try {
    const out = await dms().send(
      new DescribeReplicationTasksCommand({
        Filters: [{ Name: 'replication-task-arn', Values: [taskArn] }],
        WithoutSettings: true,
      }),
    );
    // DMS answers a filter that matches nothing with ResourceNotFoundFault, never an empty list;
    // an absent list is a broken response and must not be mistaken for "gone".
    if (!Array.isArray(out.ReplicationTasks)) {
      throw new MalformedResponseError('DescribeReplicationTasks returned no ReplicationTasks list');
    }
    const task = out.ReplicationTasks.find((t) => t.ReplicationTaskArn === taskArn);
    if (!task) throw new TargetNotFoundError(`No task with ARN ${taskArn}`);
    if (typeof task.Status !== 'string') {
      throw new MalformedResponseError('DescribeReplicationTasks returned a task without Status');
    }
    return task;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundFault') throw new TargetNotFoundError(`No task with ARN ${taskArn}`);
    throw error;
  }
}

/** Stops the task; false when DMS says it is no longer running (it stopped or changed state meanwhile). */
async function stopTask(taskArn: string): Promise<boolean> {
  try {
    await dms().send(new StopReplicationTaskCommand({ ReplicationTaskArn: taskArn }));
    return true;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'InvalidResourceStateFault') return false;
    if (name === 'ResourceNotFoundFault') throw new TargetNotFoundError(`No task with ARN ${taskArn}`);
    throw error;
  }
}

export const dmsStopReplicationTask: Operation<Params> = {
  targetKind: 'DMS replication task',
  goal: 'stopped',
  attributes: [DmsStopAttributes.STOP_REASON],

  parse: (properties) => ({ taskArn: requiredString(properties, DmsStopProps.REPLICATION_TASK_ARN) }),
  targetId: (params) => params.taskArn,

  async step({ taskArn }, context): Promise<StepResult> {
    const task = await describeTask(taskArn);
    const status = task.Status!;
    context.observed(status);
    if (AT_REST.has(status)) {
      return { kind: 'complete', status, data: { [DmsStopAttributes.STOP_REASON]: task.StopReason ?? '' } };
    }
    if (status === 'running') {
      const stopped = await stopTask(taskArn);
      // Refused means it left `running` between describe and stop: look again at the next poll.
      return { kind: 'waiting', status: stopped ? 'stopping' : status, issued: stopped };
    }
    // `stopping` is our goal in progress. Anything else (starting, creating, modifying, moving,
    // testing, deleting) refuses a stop: wait for it to settle, then act on what it settles into.
    return { kind: 'waiting', status, issued: status === 'stopping' };
  },

  timeoutAdvice: (_params, status) =>
    status === 'stopping'
      ? 'The stop request stays in effect and DMS will finish it; check the task in the DMS console, then retry the stack operation (or raise "timeout", at most 1 hour).'
      : 'The task never reached a state that accepts a stop; check why in the DMS console (it may be starting, being modified or tested), then retry the stack operation or raise "timeout" (at most 1 hour).',
  notFoundAdvice: () =>
    'Check "replicationTaskArn": the task must exist in this account and region when this resource is created or updated.',
};
