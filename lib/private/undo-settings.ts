import * as iam from 'aws-cdk-lib/aws-iam';
import { LifecycleEvent } from '../../contract';

/**
 * What a construct whose step a rollback can reverse hands to the base class: the permissions its
 * inverse step needs on the target (a resume for a stop, a stop for a start).
 */
export interface UndoSpec {
  readonly statements: iam.PolicyStatement[];
}

export interface UndoQuestion {
  /** The construct's class name, for messages. */
  readonly construct: string;
  /** The prop as the user set it (undefined when not set). */
  readonly undoOnRollback: unknown;
  /** The construct's undo spec; absent for an operation that has no inverse. */
  readonly spec: UndoSpec | undefined;
  readonly runOn: readonly LifecycleEvent[];
  readonly runOnRollback: boolean | undefined;
}

/** Whether undoOnRollback is on, after its synth rules (each a plain Error naming the prop and what to do). */
export function undoOnRollbackEnabled(q: UndoQuestion): boolean {
  if (q.undoOnRollback === undefined || q.undoOnRollback === false) return false;
  if (q.undoOnRollback !== true) {
    throw new Error(`"undoOnRollback" is ${JSON.stringify(q.undoOnRollback)}; pass true or false (a literal: it decides the permissions at synth time)`);
  }
  if (!q.spec) {
    throw new Error(
      `"undoOnRollback" is not supported by ${q.construct}: its operation has no inverse a rollback could run. Remove "undoOnRollback"; ` +
        'only the DMS and DRS stop and start steps can be undone.',
    );
  }
  if (!q.runOn.includes(LifecycleEvent.CREATE) && !q.runOn.includes(LifecycleEvent.UPDATE)) {
    throw new Error(
      '"undoOnRollback" is true but "runOn" has only LifecycleEvent.DELETE: a step that runs only on Delete changes nothing a rollback ' +
        'could undo. Add LifecycleEvent.CREATE (a cutover step) to "runOn", or remove "undoOnRollback".',
    );
  }
  if (q.runOnRollback) {
    throw new Error(
      '"undoOnRollback" and "runOnRollback" are both true: on a rollback\'s Delete one reverses the step and the other runs it again. ' +
        'Keep "undoOnRollback" to let a rollback go back, or "runOnRollback" to tear down on rollbacks too.',
    );
  }
  return true;
}
