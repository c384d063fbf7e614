import { type DatabaseMigrationServiceClient, DescribeReplicationTasksCommand, ReplicationTask } from '@aws-sdk/client-database-migration-service';
import { MalformedResponseError, isServiceError } from '../engine/errors';

/** The task as DMS describes it now, or undefined when it does not exist. */
export async function findReplicationTask(dms: DatabaseMigrationServiceClient, taskArn: string): Promise<ReplicationTask | undefined> {
  try {
    const out = await dms.send(
      new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [taskArn] }], WithoutSettings: true }),
    );
    // DMS answers a filter that matches nothing with ResourceNotFoundFault, never an empty list;
    // an absent list is a broken response and must not be mistaken for "gone".
    if (!Array.isArray(out.ReplicationTasks)) throw new MalformedResponseError('DescribeReplicationTasks returned no ReplicationTasks list');
    const task = out.ReplicationTasks.find((t) => t.ReplicationTaskArn === taskArn);
    if (task && typeof task.Status !== 'string') throw new MalformedResponseError('DescribeReplicationTasks returned a task without Status');
    return task;
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundFault')) return undefined;
    throw error;
  }
}
