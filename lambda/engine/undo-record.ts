import { createHash } from 'node:crypto';
import { CommonProps, formatUndoRecord, LifecycleEvent, parseUndoRecord, targetOfPhysicalId, type UndoAction, type UndoRecord } from '../../contract';
import { OperationFailedError } from './errors';
import type { CutoverEvent } from './event';
import type { RollbackPhase } from './rollback-phase';

/**
 * The fingerprint of one deployment's properties: 12 hex digits of the SHA-256 of their canonical
 * JSON (keys sorted at every level, nothing left out). A rollback compares it with the record to
 * undo only what the step did in the deployment being rolled back.
 */
export function fingerprint(properties: Record<string, unknown> | undefined): string {
  return createHash('sha256').update(canonicalJson(properties ?? {})).digest('hex').slice(0, 12);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether the event's properties (new or old) ask for undoOnRollback: only then is the stack status read. */
export function undoAware(event: CutoverEvent): boolean {
  const on = (properties: Record<string, unknown> | undefined) => String(properties?.[CommonProps.UNDO_ON_ROLLBACK] ?? '') === 'true';
  return event.RequestType !== LifecycleEvent.CREATE && (on(event.ResourceProperties) || on(event.OldResourceProperties));
}

/** The physical id after a Create or Update: with the record when the step acted, else the one that names the target. */
export function forwardPhysicalId(event: CutoverEvent, targetId: string, acted: { readonly action: UndoAction } | undefined): string {
  if (acted) {
    const recorded = formatUndoRecord({ targetId, action: acted.action, fingerprint: fingerprint(event.ResourceProperties) });
    if (recorded) return recorded;
  }
  // Not acted: keep the current id when it names the same target (a record of an earlier deployment
  // included, which its fingerprint keeps from being undone), so nothing is needlessly replaced.
  const current = event.PhysicalResourceId;
  return event.RequestType === LifecycleEvent.UPDATE && current && targetOfPhysicalId(current) === targetId ? current : targetId;
}

/** What a rollback's event does under undoOnRollback. */
export type UndoDecision =
  /** Not a rollback: the normal lifecycle (the phase, if read, spares decideDelete a second read). */
  | { readonly kind: 'forward'; readonly phase?: RollbackPhase }
  /** Reverse the record: the properties that acted are those whose fingerprint it carries. */
  | { readonly kind: 'undo'; readonly record: UndoRecord; readonly acted: Record<string, unknown>; readonly seen: string }
  /** A rollback with nothing of this deployment to undo: SKIPPED, with the note. */
  | { readonly kind: 'skip'; readonly note: string };

/**
 * Decides a Delete or Update of an undoOnRollback step once the phase is read. A rollback Delete
 * (ROLLBACK_IN_PROGRESS, or the cleanup of what a failed update created) reverses what its own
 * properties acted on; a rollback Update (UPDATE_ROLLBACK_IN_PROGRESS) what the failed update's
 * properties, its OldResourceProperties, acted on. `target` names it for messages.
 */
export function decideUndo(event: CutoverEvent, phase: RollbackPhase, target: string): UndoDecision {
  const record = parseUndoRecord(event.PhysicalResourceId);
  if (!phase.known) {
    // A Delete with no record falls back on the teardown rules, which settle an unsure status themselves.
    if (!record && event.RequestType === LifecycleEvent.DELETE) return { kind: 'forward', phase };
    throw new OperationFailedError(
      `Did not touch ${target}: "undoOnRollback" is on, and it could not tell whether this ${event.RequestType} rolls back a failed ` +
        `deployment (to undo what the step did) or not, because ${phase.why}. ${phase.advice}`,
    );
  }
  if (!phase.rollback) return { kind: 'forward', phase };
  const acted = (event.RequestType === LifecycleEvent.UPDATE ? event.OldResourceProperties : event.ResourceProperties) ?? {};
  const rollback = `Rollback (${phase.seen})`;
  if (!record) {
    return {
      kind: 'skip',
      note: `${rollback}: nothing to undo. This step did not change ${target} in the deployment being rolled back (it found it already where it was asked to be, or did not run), so it is left as it is.`,
    };
  }
  if (record.fingerprint !== fingerprint(acted)) {
    return {
      kind: 'skip',
      note:
        `${rollback}: nothing to undo. What this step did to ${target} belongs to an earlier, successful deployment, not to the one ` +
        'being rolled back, so it is left as it is.',
    };
  }
  return { kind: 'undo', record, acted, seen: phase.seen };
}
