/**
 * DmsPauseDuringChange's wire contract: its two custom resources, the pause (every watched resource
 * depends on it) and the resume (it depends on every watched resource). Both name the replication
 * (a classic task or a serverless config, exactly one) and carry the fingerprint of the watched
 * resources' synthesized properties, so CloudFormation sends both an Update exactly when a watched
 * resource changes. The resume also carries the pause's PausedFor attribute (Fn::GetAtt): that is
 * how it learns whether the pause stopped the replication in this deployment.
 */
import { checkLiteral, checkResolved, InvalidPropertyError, IsUnresolved, requiredString } from './rules';
import { replicationTaskArnProblem } from './dms-stop-replication-task';
import { replicationConfigArnProblem } from './dms-stop-replication';

/** @internal */
export const DmsPauseProps = {
  /** The classic task's ARN (or ReplicationConfigArn: exactly one of the two). */
  REPLICATION_TASK_ARN: 'ReplicationTaskArn',
  /** The serverless replication config's ARN. */
  REPLICATION_CONFIG_ARN: 'ReplicationConfigArn',
  /** Hash of the watched resources' synthesized properties (changes exactly when one of them does). */
  FINGERPRINT: 'WatchedFingerprint',
  /** On the resume only: the pause's PausedFor attribute, through Fn::GetAtt. */
  PAUSED_FOR: 'PausedFor',
} as const;

/** @internal */
export const DmsPauseAttributes = {
  /**
   * The pause's: the fingerprint it paused for when it stopped the replication in this event (the
   * resume resumes only when this equals its own fingerprint), '' when it stopped nothing.
   */
  PAUSED_FOR: 'PausedFor',
  /** What the step did to the replication in this event, in words ('' when nothing). */
  ACTION: 'Action',
} as const;

/** Values of the Action attribute. @internal */
export const PauseActions = {
  STOPPED: 'stopped for the watched change',
  RESUMED: 'resumed after the watched change',
  UNDO_RESUMED: 'resumed: the rollback undid the pause',
  UNDO_STOPPED: 'stopped again: the rollback changes the watched resources back',
} as const;

/**
 * Which replication the pause acts on.
 *
 * @internal
 */
export type PausedReplication =
  | { readonly kind: 'task'; readonly arn: string }
  | { readonly kind: 'serverless'; readonly arn: string };

/**
 * The pause's (and the resume's) properties, typed.
 *
 * @internal
 */
export interface DmsPauseParams {
  readonly replication: PausedReplication;
  readonly fingerprint: string;
  /** The resume's: the pause's PausedFor attribute ('' on the pause). */
  readonly pausedFor: string;
}

/** 16 lower-case hex digits: a short sha256 of the canonical JSON of the watched properties. @internal */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{16}$/;

/**
 * The "exactly one of replicationTaskArn / replicationConfigArn" rule, then each ARN's own rule.
 *
 * @internal
 */
export function pausedReplicationProblem(taskArn: string | undefined, configArn: string | undefined): string | undefined {
  if (taskArn !== undefined && configArn !== undefined) {
    return '"replicationTaskArn" and "replicationConfigArn" are both set; give exactly one: the classic task\'s ARN, or the DMS Serverless replication config\'s ARN';
  }
  if (taskArn === undefined && configArn === undefined) {
    return 'Neither "replicationTaskArn" nor "replicationConfigArn" is set; give the ARN of the classic DMS task (replicationTaskArn) or of the DMS Serverless replication config (replicationConfigArn) to stop while the watched resources change';
  }
  return undefined;
}

/**
 * The construct's side: validates literal values and returns the wire properties of the pause
 * (pausedFor undefined) or the resume (pausedFor: the Fn::GetAtt token of the pause's attribute).
 *
 * @internal
 */
export function encodeDmsPause(
  input: { readonly replicationTaskArn?: string; readonly replicationConfigArn?: string; readonly fingerprint: string; readonly pausedFor?: string },
  isUnresolved: IsUnresolved,
): Record<string, unknown> {
  const problem = pausedReplicationProblem(input.replicationTaskArn, input.replicationConfigArn);
  if (problem) throw new Error(problem);
  if (input.replicationTaskArn !== undefined) checkLiteral(replicationTaskArnProblem, input.replicationTaskArn, isUnresolved);
  if (input.replicationConfigArn !== undefined) checkLiteral(replicationConfigArnProblem, input.replicationConfigArn, isUnresolved);
  return {
    ...(input.replicationTaskArn !== undefined ? { [DmsPauseProps.REPLICATION_TASK_ARN]: input.replicationTaskArn } : {}),
    ...(input.replicationConfigArn !== undefined ? { [DmsPauseProps.REPLICATION_CONFIG_ARN]: input.replicationConfigArn } : {}),
    [DmsPauseProps.FINGERPRINT]: input.fingerprint,
    ...(input.pausedFor !== undefined ? { [DmsPauseProps.PAUSED_FOR]: input.pausedFor } : {}),
  };
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason.
 *
 * @internal
 */
export function decodeDmsPause(properties: Record<string, unknown>): DmsPauseParams {
  const present = (key: string) => (properties[key] === undefined ? undefined : requiredString(properties, key));
  const taskArn = present(DmsPauseProps.REPLICATION_TASK_ARN);
  const configArn = present(DmsPauseProps.REPLICATION_CONFIG_ARN);
  const problem = pausedReplicationProblem(taskArn, configArn);
  if (problem) throw new InvalidPropertyError(problem);
  const replication: PausedReplication =
    taskArn !== undefined
      ? { kind: 'task', arn: checkResolved(replicationTaskArnProblem, taskArn) }
      : { kind: 'serverless', arn: checkResolved(replicationConfigArnProblem, configArn!) };
  const fingerprint = requiredString(properties, DmsPauseProps.FINGERPRINT);
  if (!FINGERPRINT_PATTERN.test(fingerprint)) {
    throw new InvalidPropertyError(`Property "${DmsPauseProps.FINGERPRINT}" must be 16 hex digits (the construct computes it); got ${JSON.stringify(fingerprint)}.`);
  }
  const pausedFor = properties[DmsPauseProps.PAUSED_FOR];
  return { replication, fingerprint, pausedFor: typeof pausedFor === 'string' ? pausedFor : '' };
}
