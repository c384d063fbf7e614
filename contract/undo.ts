/**
 * undoOnRollback's contract, shared by the constructs (lib/), the handler (lambda/) and the
 * rehearsal: the record a step leaves in its physical id when it acted, and per operation the
 * inverse step a rollback runs to reverse it. The property key is CommonProps.UNDO_ON_ROLLBACK.
 *
 * Why the physical id: custom-resource events never carry the Data a step returned earlier; the
 * physical id is the one thing that travels from the event that acted to the rollback's event.
 * Each operation's recipe (what reverses it) is in undo-recipes.ts.
 */
import { CommonProps } from './common';
import { TargetProps } from './target-location';

/**
 * What a rollback runs to reverse a step: `resume` (a stop is undone by a resume-processing start)
 * or `stop` (a start is undone by a stop).
 *
 * @internal
 */
export type UndoAction = 'resume' | 'stop';

const UNDO_ACTIONS: readonly UndoAction[] = ['resume', 'stop'];

/**
 * The record: `<targetId>|undo:<action>:<fingerprint>`, where the fingerprint is the first 12 hex
 * digits of the SHA-256 of the acting event's ResourceProperties (canonical JSON). It tells the
 * deployment that acted from any other.
 *
 * @internal
 */
export interface UndoRecord {
  readonly targetId: string;
  readonly action: UndoAction;
  readonly fingerprint: string;
}

const MARK = '|undo:';
const FINGERPRINT = /^[0-9a-f]{12}$/;
/** CloudFormation's limit on a physical resource id. */
const MAX_PHYSICAL_ID = 1024;

/**
 * The physical id that carries the record, or undefined when it would pass CloudFormation's limit.
 *
 * @internal
 */
export function formatUndoRecord(record: UndoRecord): string | undefined {
  const id = `${record.targetId}${MARK}${record.action}:${record.fingerprint}`;
  return id.length <= MAX_PHYSICAL_ID && FINGERPRINT.test(record.fingerprint) ? id : undefined;
}

/**
 * The record in a physical id, or undefined when it carries none (the last mark decides, so any
 * target id parses).
 *
 * @internal
 */
export function parseUndoRecord(physicalId: string | undefined): UndoRecord | undefined {
  if (!physicalId) return undefined;
  const at = physicalId.lastIndexOf(MARK);
  if (at < 0) return undefined;
  const [action, fingerprint, ...rest] = physicalId.slice(at + MARK.length).split(':');
  if (rest.length > 0 || !UNDO_ACTIONS.includes(action as UndoAction) || !FINGERPRINT.test(fingerprint ?? '')) return undefined;
  return { targetId: physicalId.slice(0, at), action: action as UndoAction, fingerprint };
}

/**
 * The target a physical id names, with or without a record.
 *
 * @internal
 */
export function targetOfPhysicalId(physicalId: string): string {
  return parseUndoRecord(physicalId)?.targetId ?? physicalId;
}

/**
 * Data key with which an undo's first call tells its polls that they are undoing (and what).
 *
 * @internal
 */
export const UNDOING_KEY = 'Undoing';

/**
 * How a rollback reverses one operation: it runs the inverse operation's step (its waiting,
 * deadline and reasons) on the same target, where it lives, within the same timeout.
 *
 * @internal
 */
export interface UndoRecipe {
  /** Recorded in the physical id when the step acted. */
  readonly action: UndoAction;
  /** The inverse operation's resource type: the handler runs that operation's step. */
  readonly inverseType: string;
  /** Past tense for the note, e.g. "resumed". */
  readonly done: string;
  /** The inverse's wire properties, from the properties of the step that acted. */
  inverseProperties(acted: Record<string, unknown>): Record<string, unknown>;
  /** More words for the note from the inverse's settled Data, e.g. " from checkpoint …" ('' for none). */
  detail(data: Record<string, string>): string;
}

/** The keys a recipe carries over unchanged: where the target lives, as whom, and the timeout. */
const CARRIED_KEYS = [TargetProps.REGION, TargetProps.ASSUMED_ROLE_ARN, TargetProps.EXTERNAL_ID, CommonProps.TIMEOUT_SECONDS, 'ServiceTimeout'];

/**
 * The properties an inverse shares with the step that acted (location, role, timeout).
 *
 * @internal
 */
export function carriedProperties(acted: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CARRIED_KEYS.filter((k) => acted[k] !== undefined).map((k) => [k, acted[k]]));
}
