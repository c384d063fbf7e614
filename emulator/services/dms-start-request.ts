import { cdcStopPositionProblem } from '../../contract/dms-start';
import { awsJson } from '../core/protocols';
import type { EmulatorResponse } from '../core/types';

const START_TYPES = new Set(['start-replication', 'resume-processing', 'reload-target']);

/**
 * The request checks StartReplicationTask and StartReplication share (the same start types and CDC
 * members in both APIs): DMS's refusal, or undefined when the request is well formed.
 */
export function startRequestRefusal(input: Record<string, unknown>, arnMember: string, typeMember: string): EmulatorResponse | undefined {
  const arn = input[arnMember];
  const type = input[typeMember];
  if (typeof arn !== 'string' || arn === '') return awsJson.error('InvalidParameterValueException', `${arnMember} is required`);
  if (typeof type !== 'string' || !START_TYPES.has(type)) {
    return awsJson.error('InvalidParameterValueException', `Invalid ${typeMember} ${JSON.stringify(type)}: use start-replication, resume-processing or reload-target`);
  }
  const { CdcStartTime: cdcStartTime, CdcStartPosition: cdcStartPosition, CdcStopPosition: cdcStopPosition } = input;
  if (cdcStartTime !== undefined && cdcStartPosition !== undefined) {
    return awsJson.error('InvalidParameterCombinationException', 'CdcStartTime and CdcStartPosition cannot both be specified');
  }
  if (cdcStartTime !== undefined && typeof cdcStartTime !== 'number') {
    return awsJson.error('SerializationException', 'CdcStartTime must be a timestamp (epoch seconds)');
  }
  if (cdcStopPosition !== undefined && (typeof cdcStopPosition !== 'string' || cdcStopPositionProblem(cdcStopPosition))) {
    return awsJson.error('InvalidParameterValueException', `Invalid CdcStopPosition ${JSON.stringify(cdcStopPosition)}`);
  }
  return undefined;
}
