import {
  type DatabaseMigrationServiceClient,
  paginateDescribeReplications,
  paginateDescribeReplicationTaskAssessmentRuns,
  paginateDescribeReplicationTasks,
  Replication,
  ReplicationTask,
  ReplicationTaskAssessmentRun,
} from '@aws-sdk/client-database-migration-service';
import { MalformedResponseError, isServiceError } from '../engine/errors';
import type { StepContext } from '../engine/operation';
import { IN_PROGRESS } from './dms-assessment-run/states';

// DMS's largest page: a listing of the account's tasks costs one call per 100 tasks.
const PAGE_SIZE = 100;

/**
 * Every item of a paginated DMS listing, by ARN; empty when DMS answers ResourceNotFoundFault (its
 * way of saying nothing matches) or an empty list: an empty listing never says a target is gone,
 * the caller reads that target directly. An item without ARN or Status is a broken response.
 */
async function byArn<T extends { Status?: string }>(
  pages: AsyncIterable<object>,
  action: string,
  listKey: string,
  arnOf: (item: T) => string | undefined,
): Promise<ReadonlyMap<string, T>> {
  const items = new Map<string, T>();
  try {
    for await (const page of pages) {
      const list = (page as Record<string, unknown>)[listKey];
      if (!Array.isArray(list)) throw new MalformedResponseError(`${action} returned no ${listKey} list`);
      for (const item of list as T[]) {
        const arn = arnOf(item);
        if (typeof arn !== 'string' || typeof item.Status !== 'string' || item.Status === '') throw new MalformedResponseError(`${action} returned an item without ARN or Status`);
        items.set(arn, item);
      }
    }
  } catch (error) {
    if (!isServiceError(error, 'ResourceNotFoundFault')) throw error;
  }
  return items;
}

/** Every replication task of the client's account and region. */
const listTasks = (dms: DatabaseMigrationServiceClient) =>
  byArn<ReplicationTask>(
    paginateDescribeReplicationTasks({ client: dms, pageSize: PAGE_SIZE }, { WithoutSettings: true }),
    'DescribeReplicationTasks',
    'ReplicationTasks',
    (t) => t.ReplicationTaskArn,
  );

/**
 * Every DMS Serverless replication of the client's account and region (DescribeReplications
 * without a filter; its page size is undocumented, DMS's sibling Describe actions take up to 100).
 */
const listReplications = (dms: DatabaseMigrationServiceClient) =>
  byArn<Replication>(
    paginateDescribeReplications({ client: dms, pageSize: PAGE_SIZE }, {}),
    'DescribeReplications',
    'Replications',
    (r) => r.ReplicationConfigArn,
  );

// Runs that are still going: finished runs accumulate in an account, so only these are listed;
// a run missing from the listing (it finished) is read directly, once.
const ACTIVE_RUN_STATES = [...IN_PROGRESS];

const listActiveRuns = (dms: DatabaseMigrationServiceClient) =>
  byArn<ReplicationTaskAssessmentRun>(
    paginateDescribeReplicationTaskAssessmentRuns({ client: dms, pageSize: PAGE_SIZE }, { Filters: [{ Name: 'status', Values: ACTIVE_RUN_STATES }] }),
    'DescribeReplicationTaskAssessmentRuns',
    'ReplicationTaskAssessmentRuns',
    (r) => r.ReplicationTaskAssessmentRunArn,
  );

/** On a poll, the task as the environment's shared listing shows it (see SharedReads.onPoll). */
export const listedTask = (dms: DatabaseMigrationServiceClient, taskArn: string, context: StepContext): Promise<ReplicationTask | undefined> =>
  context.sharedReads.onPoll(context, dms, 'dms:DescribeReplicationTasks', taskArn, () => listTasks(dms));

/**
 * On a poll, the config's replication as the environment's shared listing shows it (a replication
 * the listing does not hold is read directly: only that read may say it is gone).
 */
export const listedReplication = (dms: DatabaseMigrationServiceClient, configArn: string, context: StepContext): Promise<Replication | undefined> =>
  context.sharedReads.onPoll(context, dms, 'dms:DescribeReplications', configArn, () => listReplications(dms));

/** On a poll, the run as the shared listing of active runs shows it. */
export const listedActiveRun = (dms: DatabaseMigrationServiceClient, runArn: string, context: StepContext): Promise<ReplicationTaskAssessmentRun | undefined> =>
  context.sharedReads.onPoll(context, dms, 'dms:DescribeReplicationTaskAssessmentRuns:active', runArn, () => listActiveRuns(dms));
