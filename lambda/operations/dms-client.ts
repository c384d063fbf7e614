import { DatabaseMigrationServiceClient, DescribeReplicationTasksCommand, ReplicationTask } from '@aws-sdk/client-database-migration-service';
import { AWS_CLIENT_SETTINGS, logAwsCalls } from '../engine/aws-calls';
import { MalformedResponseError } from '../engine/errors';

let client: DatabaseMigrationServiceClient | undefined;

/**
 * The DMS client of both DMS operations, created on first use: the endpoint
 * (AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE) and region come from the environment, and an
 * operation that never runs costs nothing at cold start.
 */
export function dms(): DatabaseMigrationServiceClient {
  client ??= logAwsCalls(new DatabaseMigrationServiceClient({ ...AWS_CLIENT_SETTINGS }), 'dms');
  return client;
}

/** The task as DMS describes it now, or undefined when it does not exist. */
export async function findReplicationTask(taskArn: string): Promise<ReplicationTask | undefined> {
  try {
    const out = await dms().send(
      new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [taskArn] }], WithoutSettings: true }),
    );
    // DMS answers a filter that matches nothing with ResourceNotFoundFault, never an empty list;
    // an absent list is a broken response and must not be mistaken for "gone".
    if (!Array.isArray(out.ReplicationTasks)) throw new MalformedResponseError('DescribeReplicationTasks returned no ReplicationTasks list');
    const task = out.ReplicationTasks.find((t) => t.ReplicationTaskArn === taskArn);
    if (task && typeof task.Status !== 'string') throw new MalformedResponseError('DescribeReplicationTasks returned a task without Status');
    return task;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundFault') return undefined;
    throw error;
  }
}
