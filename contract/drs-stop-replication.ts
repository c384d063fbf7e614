/**
 * DrsStopReplication's wire contract. The source server id format is the one the AWS Elastic
 * Disaster Recovery API Reference gives for `sourceServerID` (pattern `s-[0-9a-zA-Z]{17}`).
 */
import { IsUnresolved, stringProperty } from './rules';

/** @internal */
export const DrsStopProps = {
  /** The DRS source server id, `s-` followed by 17 alphanumerics. */
  SOURCE_SERVER_ID: 'SourceServerId',
} as const;

/** @internal */
export const DrsStopAttributes = {
  /** Epoch milliseconds at which DRS accepted the first call's StopReplication ('' when it was not accepted then). */
  STOP_REQUESTED_AT: 'StopRequestedAt',
} as const;

/**
 * The operation's properties, typed.
 *
 * @internal
 */
export interface DrsStopReplicationParams {
  /** ID of the source server whose replication to stop. */
  readonly sourceServerId: string;
}

const SOURCE_SERVER_ID = /^s-[0-9a-zA-Z]{17}$/;

/**
 * The "sourceServerId" rule.
 *
 * @internal
 */
export function sourceServerIdProblem(id: unknown): string | undefined {
  if (typeof id === 'string' && SOURCE_SERVER_ID.test(id)) return undefined;
  return (
    `"sourceServerId" must be a DRS source server ID like s-1234567890abcdef0 ("s-" and 17 letters or digits); got ${JSON.stringify(id)}. ` +
    'Copy it from the DRS console (Source servers) or "aws drs describe-source-servers".'
  );
}

const serverId = stringProperty(DrsStopProps.SOURCE_SERVER_ID, sourceServerIdProblem);

/**
 * The construct's side: validates literal values and returns the wire properties.
 *
 * @internal
 */
export function encodeDrsStopReplication(params: DrsStopReplicationParams, isUnresolved: IsUnresolved): Record<string, unknown> {
  return serverId.encode(params.sourceServerId, isUnresolved);
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason.
 *
 * @internal
 */
export function decodeDrsStopReplication(properties: Record<string, unknown>): DrsStopReplicationParams {
  return { sourceServerId: serverId.decode(properties) };
}
