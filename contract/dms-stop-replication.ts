/**
 * DmsStopReplication's wire contract. A DMS Serverless replication is named by its replication
 * config's ARN (the ReplicationConfig resource type of the Service Authorization Reference); its
 * states and the stop policy are in ./dms-serverless, which the emulator reads as well.
 */
import { IsUnresolved, stringProperty } from './rules';
import { REPLICATION_CONFIG_ARN } from './dms-serverless';
import { DMS_TASK_ARN } from './dms-stop-replication-task';
import { CatchUpParams, decodeCatchUp, encodeCatchUp, OperationTiming } from './dms-catch-up';

/** @internal */
export const DmsReplicationStopProps = {
  REPLICATION_CONFIG_ARN: 'ReplicationConfigArn',
} as const;

/** @internal */
export const DmsReplicationStopAttributes = {
  /** The replication's StopReason when the operation finished, e.g. `Stop Reason NORMAL`. */
  STOP_REASON: 'StopReason',
  /** What a later `resume-processing` start continues from ('' when DMS reported none). */
  RECOVERY_CHECKPOINT: 'RecoveryCheckpoint',
} as const;

/**
 * The operation's properties, typed.
 *
 * @internal
 */
export interface DmsStopReplicationParams {
  /** ARN of the replication config whose replication to stop. */
  readonly replicationConfigArn: string;
  /** The catch-up gate: stop only once the CDC latencies stayed low (undefined: stop at once). */
  readonly catchUp?: CatchUpParams;
}

/**
 * The "replicationConfigArn" rule. A classic task's ARN gets its own message: it is the likeliest
 * mix-up, and another construct stops it.
 *
 * @internal
 */
export function replicationConfigArnProblem(arn: unknown): string | undefined {
  if (typeof arn === 'string' && REPLICATION_CONFIG_ARN.test(arn)) return undefined;
  if (typeof arn === 'string' && DMS_TASK_ARN.test(arn)) {
    return (
      `"replicationConfigArn" is a DMS replication task ARN (${arn}); DmsStopReplication stops DMS Serverless replications. ` +
      'Stop a replication task with DmsStopReplicationTask ("replicationTaskArn") instead.'
    );
  }
  return (
    `"replicationConfigArn" must be a DMS Serverless replication config ARN like arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ; got ${JSON.stringify(arn)}. ` +
    'Pass config.ref (or attrReplicationConfigArn) of a CfnReplicationConfig, or the ARN shown by "aws dms describe-replication-configs".'
  );
}

const configArn = stringProperty(DmsReplicationStopProps.REPLICATION_CONFIG_ARN, replicationConfigArnProblem);

/**
 * The construct's side: validates literal values and returns the wire properties.
 *
 * @internal
 */
export function encodeDmsStopReplication(
  params: Omit<DmsStopReplicationParams, 'catchUp'> & { readonly catchUp?: Partial<CatchUpParams> },
  isUnresolved: IsUnresolved,
  timing?: OperationTiming,
): Record<string, unknown> {
  return { ...configArn.encode(params.replicationConfigArn, isUnresolved), ...encodeCatchUp(params.catchUp, timing, isUnresolved) };
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason.
 *
 * @internal
 */
export function decodeDmsStopReplication(properties: Record<string, unknown>, timing?: OperationTiming): DmsStopReplicationParams {
  return { replicationConfigArn: configArn.decode(properties), ...decodeCatchUp(properties, timing) };
}
