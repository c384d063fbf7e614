/**
 * DmsStartReplication's wire contract: the replication config ARN and the start options shared
 * with DmsStartReplicationTask (./dms-start). States are in ./dms-serverless.
 */
import { DmsStartOptions, decodeDmsStartOptions, encodeDmsStartOptions } from './dms-start';
import { REPLICATION_CONFIG_ARN } from './dms-serverless';
import { DMS_TASK_ARN } from './dms-stop-replication-task';
import { IsUnresolved, stringProperty } from './rules';

/** @internal */
export const DmsStartReplicationProps = {
  REPLICATION_CONFIG_ARN: 'ReplicationConfigArn',
} as const;

/**
 * The operation's properties, typed.
 *
 * @internal
 */
export interface DmsStartReplicationParams extends DmsStartOptions {
  /** ARN of the replication config whose replication to start. */
  readonly replicationConfigArn: string;
}

/**
 * The "replicationConfigArn" rule of the start step: a task ARN names the step that starts it.
 *
 * @internal
 */
export function startConfigArnProblem(arn: unknown): string | undefined {
  if (typeof arn === 'string' && REPLICATION_CONFIG_ARN.test(arn)) return undefined;
  if (typeof arn === 'string' && DMS_TASK_ARN.test(arn)) {
    return (
      `"replicationConfigArn" is a DMS replication task ARN (${arn}); DmsStartReplication starts DMS Serverless replications. ` +
      'Start a replication task with DmsStartReplicationTask ("replicationTaskArn") instead.'
    );
  }
  return (
    `"replicationConfigArn" must be a DMS Serverless replication config ARN like arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ; got ${JSON.stringify(arn)}. ` +
    'Pass config.ref (or attrReplicationConfigArn) of a CfnReplicationConfig, or the ARN shown by "aws dms describe-replication-configs".'
  );
}

const configArn = stringProperty(DmsStartReplicationProps.REPLICATION_CONFIG_ARN, startConfigArnProblem);

/**
 * The construct's side: validates literal values and returns the wire properties.
 *
 * @internal
 */
export function encodeDmsStartReplication(params: Partial<DmsStartOptions> & { readonly replicationConfigArn: string }, isUnresolved: IsUnresolved): Record<string, unknown> {
  return { ...configArn.encode(params.replicationConfigArn, isUnresolved), ...encodeDmsStartOptions(params, isUnresolved) };
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason.
 *
 * @internal
 */
export function decodeDmsStartReplication(properties: Record<string, unknown>): DmsStartReplicationParams {
  return { replicationConfigArn: configArn.decode(properties), ...decodeDmsStartOptions(properties) };
}
