/**
 * DmsStopReplicationTask's wire contract. DMS names a replication task by its ARN; the format is the
 * ReplicationTask resource type of the Service Authorization Reference ("Actions, resources, and
 * condition keys for AWS Database Migration Service").
 */
import { IsUnresolved, stringProperty } from './rules';
import { CatchUpParams, decodeCatchUp, encodeCatchUp, OperationTiming } from './dms-catch-up';
import { REPLICATION_CONFIG_ARN } from './dms-serverless';

/** @internal */
export const DmsStopProps = {
  REPLICATION_TASK_ARN: 'ReplicationTaskArn',
} as const;

/** @internal */
export const DmsStopAttributes = {
  STOP_REASON: 'StopReason',
} as const;

/**
 * The operation's properties, typed.
 *
 * @internal
 */
export interface DmsStopReplicationTaskParams {
  /** ARN of the replication task to stop. */
  readonly replicationTaskArn: string;
  /** The catch-up gate: stop only once the CDC latencies stayed low (undefined: stop at once). */
  readonly catchUp?: CatchUpParams;
}

/**
 * `arn:PARTITION:dms:REGION:ACCOUNT:task:RESOURCE_ID`.
 *
 * @internal
 */
export const DMS_TASK_ARN = /^arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:task:[A-Za-z0-9-]+$/;

/**
 * The "replicationTaskArn" rule (also DmsAssessmentRun's).
 *
 * @internal
 */
export function replicationTaskArnProblem(arn: unknown): string | undefined {
  if (typeof arn === 'string' && DMS_TASK_ARN.test(arn)) return undefined;
  // The likeliest mix-up since DMS Serverless: a replication config is not a task.
  if (typeof arn === 'string' && REPLICATION_CONFIG_ARN.test(arn)) {
    return (
      `"replicationTaskArn" is a DMS Serverless replication config ARN (${arn}), not a replication task ARN. ` +
      'A serverless replication is stopped with DmsStopReplication ("replicationConfigArn"); this prop takes a task ARN such as task.ref of a CfnReplicationTask.'
    );
  }
  return (
    `"replicationTaskArn" must be a DMS replication task ARN like arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP; got ${JSON.stringify(arn)}. ` +
    'Pass task.ref of a CfnReplicationTask, or the ARN shown by "aws dms describe-replication-tasks".'
  );
}

const taskArn = stringProperty(DmsStopProps.REPLICATION_TASK_ARN, replicationTaskArnProblem);

/**
 * The construct's side: validates literal values and returns the wire properties.
 *
 * @internal
 */
export function encodeDmsStopReplicationTask(
  params: Omit<DmsStopReplicationTaskParams, 'catchUp'> & { readonly catchUp?: Partial<CatchUpParams> },
  isUnresolved: IsUnresolved,
  timing?: OperationTiming,
): Record<string, unknown> {
  return {
    ...taskArn.encode(params.replicationTaskArn, isUnresolved),
    ...encodeCatchUp(params.catchUp, timing, isUnresolved),
  };
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason.
 *
 * @internal
 */
export function decodeDmsStopReplicationTask(properties: Record<string, unknown>, timing?: OperationTiming): DmsStopReplicationTaskParams {
  return { replicationTaskArn: taskArn.decode(properties), ...decodeCatchUp(properties, timing) };
}
