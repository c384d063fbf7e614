/**
 * DmsStartReplicationTask's wire contract: the task ARN (the rule DmsStopReplicationTask uses) and
 * the start options shared with DmsStartReplication (./dms-start).
 */
import { DmsStartOptions, decodeDmsStartOptions, encodeDmsStartOptions } from './dms-start';
import { replicationTaskArnProblem } from './dms-stop-replication-task';
import { REPLICATION_CONFIG_ARN } from './dms-serverless';
import { IsUnresolved, stringProperty } from './rules';

/** @internal */
export const DmsStartTaskProps = {
  REPLICATION_TASK_ARN: 'ReplicationTaskArn',
} as const;

/**
 * The operation's properties, typed.
 *
 * @internal
 */
export interface DmsStartReplicationTaskParams extends DmsStartOptions {
  /** ARN of the replication task to start. */
  readonly replicationTaskArn: string;
}

/**
 * The "replicationTaskArn" rule of the start step: a serverless config ARN names the step that starts it.
 *
 * @internal
 */
export function startTaskArnProblem(arn: unknown): string | undefined {
  if (typeof arn === 'string' && REPLICATION_CONFIG_ARN.test(arn)) {
    return (
      `"replicationTaskArn" is a DMS Serverless replication config ARN (${arn}), not a replication task ARN. ` +
      'A serverless replication is started with DmsStartReplication ("replicationConfigArn"); this prop takes a task ARN such as task.ref of a CfnReplicationTask.'
    );
  }
  return replicationTaskArnProblem(arn);
}

const taskArn = stringProperty(DmsStartTaskProps.REPLICATION_TASK_ARN, startTaskArnProblem);

/**
 * The construct's side: validates literal values and returns the wire properties.
 *
 * @internal
 */
export function encodeDmsStartReplicationTask(params: Partial<DmsStartOptions> & { readonly replicationTaskArn: string }, isUnresolved: IsUnresolved): Record<string, unknown> {
  return { ...taskArn.encode(params.replicationTaskArn, isUnresolved), ...encodeDmsStartOptions(params, isUnresolved) };
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason.
 *
 * @internal
 */
export function decodeDmsStartReplicationTask(properties: Record<string, unknown>): DmsStartReplicationTaskParams {
  return { replicationTaskArn: taskArn.decode(properties), ...decodeDmsStartOptions(properties) };
}
