import { type DatabaseMigrationServiceClient, paginateDescribeReplications } from '@aws-sdk/client-database-migration-service';
import { RESUMED_FROM_KEY } from '../../contract';
import type { Operation, StepContext, StepResult } from '../engine/operation';
import { findReplicationTask } from './dms-client';
import { startStep, type StartTarget } from './dms-start-flow';
import { dmsStartReplication, replicationStartTarget } from './dms-start-replication';
import { dmsStartReplicationTask, taskStartTarget } from './dms-start-replication-task';

/**
 * The resumes a rollback runs to undo a DMS stop (undoOnRollback): the start steps with
 * resume-processing, which also say which recovery checkpoint the task resumed from. The checkpoint
 * is read right before the start is sent, from the same DMS API the step reads.
 */

/** The start target, reading the recovery checkpoint once, right before its start is sent. */
function readingCheckpoint(target: StartTarget, read: () => Promise<string | undefined>, seen: { checkpoint?: string }): StartTarget {
  return {
    ...target,
    async start(type, options) {
      seen.checkpoint = await read();
      return target.start(type, options);
    },
  };
}

/** The step's result with the checkpoint it resumed from, carried to the polls when sent on the first call. */
function withCheckpoint(result: StepResult, checkpoint: string | undefined, context: StepContext): StepResult {
  if (!checkpoint || result.kind === 'not-found') return result;
  const resumed = { [RESUMED_FROM_KEY]: checkpoint };
  if (result.kind === 'complete') return { ...result, data: { ...result.data, ...resumed } };
  return { ...result, ...(context.firstCall ? { carry: { ...result.carry, ...resumed } } : {}) };
}

async function replicationCheckpoint(dms: DatabaseMigrationServiceClient, arn: string): Promise<string | undefined> {
  for await (const page of paginateDescribeReplications({ client: dms }, { Filters: [{ Name: 'replication-config-arn', Values: [arn] }] })) {
    const found = page.Replications?.find((r) => r.ReplicationConfigArn === arn);
    if (found) return found.RecoveryCheckpoint;
  }
  return undefined;
}

export const resumeTaskOnRollback: Operation<Parameters<typeof dmsStartReplicationTask.step>[0]> = {
  ...dmsStartReplicationTask,
  async step(params, context) {
    const dms = await context.clients.dms(context.target);
    const arn = params.replicationTaskArn;
    const seen: { checkpoint?: string } = {};
    const target = readingCheckpoint(taskStartTarget(dms, arn, context), async () => (await findReplicationTask(dms, arn))?.RecoveryCheckpoint, seen);
    return withCheckpoint(await startStep(target, params, context), seen.checkpoint, context);
  },
};

export const resumeReplicationOnRollback: Operation<Parameters<typeof dmsStartReplication.step>[0]> = {
  ...dmsStartReplication,
  async step(params, context) {
    const dms = await context.clients.dms(context.target);
    const arn = params.replicationConfigArn;
    const seen: { checkpoint?: string } = {};
    const target = readingCheckpoint(replicationStartTarget(dms, arn, context), () => replicationCheckpoint(dms, arn), seen);
    return withCheckpoint(await startStep(target, params, context), seen.checkpoint, context);
  },
};
