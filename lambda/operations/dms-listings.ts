import {
  type DatabaseMigrationServiceClient,
  paginateDescribeReplicationTaskAssessmentRuns,
  paginateDescribeReplicationTasks,
  ReplicationTask,
  ReplicationTaskAssessmentRun,
} from '@aws-sdk/client-database-migration-service';
import { MalformedResponseError, isServiceError } from '../engine/errors';
import { CommonAttributes } from '../../contract';
import type { StepContext } from '../engine/operation';

// DMS's largest page: a listing of the account's tasks costs one call per 100 tasks.
const PAGE_SIZE = 100;

/** Every replication task of the client's account and region, by ARN. */
async function listTasks(dms: DatabaseMigrationServiceClient): Promise<ReadonlyMap<string, ReplicationTask>> {
  const tasks = new Map<string, ReplicationTask>();
  try {
    for await (const page of paginateDescribeReplicationTasks({ client: dms, pageSize: PAGE_SIZE }, { WithoutSettings: true })) {
      if (!Array.isArray(page.ReplicationTasks)) throw new MalformedResponseError('DescribeReplicationTasks returned no ReplicationTasks list');
      for (const task of page.ReplicationTasks) {
        if (typeof task.ReplicationTaskArn !== 'string' || typeof task.Status !== 'string') {
          throw new MalformedResponseError('DescribeReplicationTasks returned a task without ARN or Status');
        }
        tasks.set(task.ReplicationTaskArn, task);
      }
    }
  } catch (error) {
    // DMS answers "nothing matches" with ResourceNotFoundFault: an account without tasks.
    if (!isServiceError(error, 'ResourceNotFoundFault')) throw error;
  }
  return tasks;
}

// Runs that are still going: finished runs accumulate in an account, so only these are listed;
// a run missing from the listing (it finished) is read directly, once.
const ACTIVE_RUN_STATES = ['starting', 'provisioning', 'running', 'cancelling', 'deleting'];

async function listActiveRuns(dms: DatabaseMigrationServiceClient): Promise<ReadonlyMap<string, ReplicationTaskAssessmentRun>> {
  const runs = new Map<string, ReplicationTaskAssessmentRun>();
  try {
    const filter = { Name: 'status', Values: ACTIVE_RUN_STATES };
    for await (const page of paginateDescribeReplicationTaskAssessmentRuns({ client: dms, pageSize: PAGE_SIZE }, { Filters: [filter] })) {
      if (!Array.isArray(page.ReplicationTaskAssessmentRuns)) {
        throw new MalformedResponseError('DescribeReplicationTaskAssessmentRuns returned no ReplicationTaskAssessmentRuns list');
      }
      for (const run of page.ReplicationTaskAssessmentRuns) {
        if (typeof run.ReplicationTaskAssessmentRunArn !== 'string' || typeof run.Status !== 'string') {
          throw new MalformedResponseError('DescribeReplicationTaskAssessmentRuns returned a run without Status or ARN');
        }
        runs.set(run.ReplicationTaskAssessmentRunArn, run);
      }
    }
  } catch (error) {
    if (!isServiceError(error, 'ResourceNotFoundFault')) throw error;
  }
  return runs;
}

/**
 * On a poll, the task as the environment's shared listing shows it; undefined on a first call or
 * when the listing does not hold it (the caller reads it directly).
 */
export async function listedTask(dms: DatabaseMigrationServiceClient, taskArn: string, context: StepContext): Promise<ReplicationTask | undefined> {
  if (context.firstCall) return undefined;
  return (await context.sharedReads.find(dms, 'dms:DescribeReplicationTasks', taskArn, eventStart(context), () => listTasks(dms)))?.item;
}

/** On a poll, the run as the shared listing of active runs shows it; undefined otherwise. */
export async function listedActiveRun(
  dms: DatabaseMigrationServiceClient,
  runArn: string,
  context: StepContext,
): Promise<ReplicationTaskAssessmentRun | undefined> {
  if (context.firstCall) return undefined;
  return (await context.sharedReads.find(dms, 'dms:DescribeReplicationTaskAssessmentRuns:active', runArn, eventStart(context), () => listActiveRuns(dms)))
    ?.item;
}

/** When the event's first call began: a listing older than that predates what the event did. */
function eventStart(context: StepContext): number {
  return Number(context.firstCallData?.[CommonAttributes.STARTED_AT]) || Date.now();
}
