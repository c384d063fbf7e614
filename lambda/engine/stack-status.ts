import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { OperationFailedError } from './errors';
import { logger } from './logger';
import type { TeardownPolicy } from './operation';
import { type RollbackPhase, readRollbackPhase } from './rollback-phase';

/** What a Delete of a teardown operation does: act (with a note when that needs saying) or leave the target. */
export type DeleteDecision = { readonly act: true; readonly note?: string } | { readonly act: false; readonly note: string };

export interface DeleteQuestion {
  /** The event's StackId (a real CloudFormation event always carries it). */
  readonly stackId: string | undefined;
  /** The target as messages name it. */
  readonly target: string;
  readonly policy: TeardownPolicy;
  readonly cloudFormation: () => Promise<CloudFormationClient>;
  /** The phase already read for this event (undoOnRollback reads it first): not read twice. */
  readonly phase?: RollbackPhase;
}

/**
 * Tells a teardown from the undo of a failed deployment by the stack's status, read with
 * DescribeStacks on the event's own StackId (and on its root when nested: CloudFormation deletes the
 * nested stacks of a root that rolls back, and they show DELETE_IN_PROGRESS themselves). Undo leaves
 * the target as it was; a status that cannot be read, or that is neither, is settled by the
 * operation's policy and said so: failing the Delete with a reason, or acting with a note.
 */
export async function decideDelete(question: DeleteQuestion): Promise<DeleteDecision> {
  const phase = question.phase ?? (await readRollbackPhase(question));
  if (!phase.known) return unsure(question, phase.why, phase.advice);
  logger.info('Stack status read for a Delete', { seen: phase.seen });
  if (phase.teardown) return { act: true };
  if (phase.rollback) {
    return {
      act: false,
      note:
        `Left ${question.target} as it was: this Delete undoes a failed deployment (${phase.seen}), and a rollback is not a teardown. ` +
        'To act on rollbacks too, set "runOnRollback: true" on this construct.',
    };
  }
  return unsure(question, `${phase.seen}, which is neither a teardown nor a rollback`, 'Check the stack\'s events to see which it is, then retry the stack operation.');
}

function unsure(question: DeleteQuestion, why: string, advice: string): DeleteDecision {
  const { target, policy } = question;
  logger.warn('Could not tell a teardown from a rollback', { why, whenUnsure: policy.whenUnsure });
  if (policy.whenUnsure === 'act') {
    return { act: true, note: `Acted as a teardown although it could not tell one from a rollback, because ${why}: ${policy.why}` };
  }
  throw new OperationFailedError(
    `Did not touch ${target}: could not tell whether this Delete tears the stack down or undoes a failed deployment, because ${why}. ` +
      `${policy.why} ${advice} To leave the target as it is instead, continue the rollback (or delete the stack) skipping this resource.`,
  );
}
