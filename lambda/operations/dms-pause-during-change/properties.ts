import { decodeDmsPause, DMS_START_ATTRIBUTE_NAMES, DmsPauseAttributes, DmsPauseParams, DmsReplicationStopAttributes, DmsStopAttributes } from '../../../contract';
import type { Operation } from '../../engine/operation';
import { resumeAdvice, stopAdvice } from './replication';

/** The decoded properties, and the event's own (the record hashes them). */
export interface PauseParams extends DmsPauseParams {
  readonly properties: Record<string, unknown>;
}

export function parsePause(properties: Record<string, unknown>): PauseParams {
  return { ...decodeDmsPause(properties), properties };
}

/** Both steps return the same attributes: what they did, and what the stop or start step reported. */
export const ATTRIBUTES: readonly string[] = [
  ...new Set([
    DmsPauseAttributes.PAUSED_FOR,
    DmsPauseAttributes.ACTION,
    DmsStopAttributes.STOP_REASON,
    DmsReplicationStopAttributes.STOP_REASON,
    DmsReplicationStopAttributes.RECOVERY_CHECKPOINT,
    ...DMS_START_ATTRIBUTE_NAMES,
  ]),
];

/** States a replication passes through on its way to running (classic and serverless). */
const STARTING = /^(starting|initializing|preparing_metadata_resources|testing_connection|fetching_metadata|calculating_capacity|provisioning_capacity|replication_starting)/;

/** The stop's advice, or the resume's while the replication is starting up (with the engine's sentence on raising "timeout"). */
export function timeoutAdvice(params: DmsPauseParams, status: string | undefined, raise: string): string {
  return status && STARTING.test(status) ? resumeAdvice(params.replication, status, raise) : stopAdvice(params.replication, status, raise);
}

/** The prop that names the watched replication: the task's or the serverless config's ARN. */
export function arnProp(params: PauseParams): 'replicationTaskArn' | 'replicationConfigArn' {
  return params.replication.kind === 'task' ? 'replicationTaskArn' : 'replicationConfigArn';
}

/** What the pause and the resume share: their target, its decoding, attributes and timeout advice. */
export const PAUSED_REPLICATION = {
  targetKind: 'DMS replication',
  attributes: ATTRIBUTES,
  parse: parsePause,
  targetId: (params: PauseParams) => params.replication.arn,
  arnTarget: (params: PauseParams) => ({ prop: arnProp(params), arn: params.replication.arn }),
  timeoutAdvice,
} satisfies Partial<Operation<PauseParams>>;
