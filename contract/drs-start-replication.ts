/**
 * DrsStartReplication's wire contract: the source server id (the rule DrsStopReplication uses; the
 * server lives in the "Region" property's region, as for the stop) and the replication states.
 */
import { sourceServerIdProblem } from './drs-stop-replication';
import { IsUnresolved, stringProperty } from './rules';

/** @internal */
export const DrsStartProps = {
  SOURCE_SERVER_ID: 'SourceServerId',
} as const;

/** @internal */
export const DrsStartAttributes = {
  /** Epoch ms at which DRS accepted StartReplication ('' when nothing was sent). */
  START_REQUESTED_AT: 'StartRequestedAt',
} as const;

/**
 * The operation's properties, typed.
 *
 * @internal
 */
export interface DrsStartReplicationParams {
  /** ID of the source server whose replication to start. */
  readonly sourceServerId: string;
}

/**
 * `dataReplicationState` values on the way from StartReplication to CONTINUOUS (AWS DRS API
 * Reference, DataReplicationInfo): the start step waits through them.
 *
 * @internal
 */
export const DRS_START_UP_STATES: ReadonlySet<string> = new Set(['INITIATING', 'INITIAL_SYNC', 'BACKLOG', 'CREATING_SNAPSHOT', 'RESCAN']);

/**
 * States in which replication is broken and will not reach CONTINUOUS without someone acting.
 *
 * @internal
 */
export const DRS_BROKEN_STATES: ReadonlySet<string> = new Set(['STALLED', 'DISCONNECTED']);

const serverId = stringProperty(DrsStartProps.SOURCE_SERVER_ID, sourceServerIdProblem);

/**
 * The construct's side: validates literal values and returns the wire properties.
 *
 * @internal
 */
export function encodeDrsStartReplication(params: DrsStartReplicationParams, isUnresolved: IsUnresolved): Record<string, unknown> {
  return serverId.encode(params.sourceServerId, isUnresolved);
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason.
 *
 * @internal
 */
export function decodeDrsStartReplication(properties: Record<string, unknown>): DrsStartReplicationParams {
  return { sourceServerId: serverId.decode(properties) };
}
