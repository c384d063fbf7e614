import { CommonAttributes, DmsPauseAttributes, DmsReplicationStopAttributes, NOT_FOUND_STATUS, Outcomes, PausedReplication } from '../../../contract';
import { OperationFailedError, TargetNotFoundError } from '../../engine/errors';
import type { StepContext, StepResult } from '../../engine/operation';
import { readRollbackPhase } from '../../engine/rollback-phase';
import { resumeStep, stopStep } from './replication';

/**
 * What one of the two steps does in an event, decided once on the first call (the polls read it
 * back from the Action the first call carried): stop or resume the replication, or nothing (and why).
 */
export type Plan =
  | { readonly kind: 'act'; readonly act: 'stop' | 'resume'; readonly action: string; readonly undo: boolean }
  | { readonly kind: 'none'; readonly note: string };

/** The plan of a poll: the first call acted, and carried its Action. */
export function planOfPoll(context: StepContext, actions: Readonly<Record<string, Plan>>): Plan {
  const action = context.firstCallData?.[DmsPauseAttributes.ACTION] ?? '';
  const plan = actions[action];
  if (!plan) throw new OperationFailedError(`The first call of this event carried no known action (${JSON.stringify(action)}); retry the stack operation.`);
  return plan;
}

/** Whether the stack is rolling back, or a failure reason when its status cannot be read. */
export async function rollingBack(context: StepContext, what: string): Promise<{ readonly rollback: boolean; readonly seen: string }> {
  const phase = await readRollbackPhase({ stackId: context.stackId, cloudFormation: () => context.clients.cloudFormation() });
  if (!phase.known) {
    throw new OperationFailedError(
      `Did not touch ${what}: could not tell whether this ${context.requestType} belongs to a rollback or to a forward change, because ${phase.why}. ${phase.advice}`,
    );
  }
  return phase;
}

/** A step that does nothing in this event: SKIPPED, with the note saying why. */
export function nothing(note: string, physicalResourceId: string | undefined, extra: Record<string, string> = {}): StepResult {
  return {
    kind: 'complete',
    status: '',
    physicalResourceId,
    data: { [CommonAttributes.OUTCOME]: Outcomes.SKIPPED, [CommonAttributes.NOTE]: note, [DmsPauseAttributes.ACTION]: '', ...extra },
  };
}

/**
 * Runs the planned stop or resume through the stop and start operations' own steps (their state
 * tables, waits and refusals). An undo that finds the replication gone has nothing to undo: it says
 * so rather than fail a rollback.
 */
export async function act(
  plan: Extract<Plan, { kind: 'act' }>,
  replication: PausedReplication,
  context: StepContext,
): Promise<StepResult | { readonly kind: 'gone'; readonly message: string }> {
  try {
    return plan.act === 'stop' ? await stopStep(replication, context) : await resumeStep(replication, context);
  } catch (error) {
    if (plan.undo && error instanceof TargetNotFoundError) return { kind: 'gone', message: error.message };
    throw error;
  }
}

/** The result of an undo that found the replication gone. */
export function goneResult(message: string, physicalResourceId: string | undefined): StepResult {
  return {
    kind: 'complete',
    status: NOT_FOUND_STATUS,
    physicalResourceId,
    data: { [CommonAttributes.OUTCOME]: Outcomes.NOT_FOUND, [CommonAttributes.NOTE]: `Nothing to undo: the replication no longer exists (${message}).`, [DmsPauseAttributes.ACTION]: '' },
  };
}

/** The physical id to keep when a step adds no record: the event's own when it names the same target, else the target. */
export function keptId(context: StepContext, targetId: string, targetOfId: (id: string | undefined) => string | undefined): string {
  return targetOfId(context.physicalResourceId) === targetId ? context.physicalResourceId! : targetId;
}

/** What the step was doing, for the deadline's reason (the status alone does not say which way it was going). */
export function doing(plan: Extract<Plan, { kind: 'act' }>, detail: string | undefined): string {
  const what = `This step was ${plan.act === 'stop' ? 'stopping' : 'resuming'} it (${plan.action}).`;
  return detail ? `${detail} ${what}` : what;
}

/** What an event that acted did, in words (the stop or start step's own note wins: it says more). */
export function actedNote(plan: Extract<Plan, { kind: 'act' }>, arn: string, result: StepResult): string {
  const own = result.kind === 'complete' ? result.data?.[CommonAttributes.NOTE] : undefined;
  if (own) return own;
  const checkpoint = result.kind === 'complete' ? result.data?.[DmsReplicationStopAttributes.RECOVERY_CHECKPOINT] : undefined;
  const status = result.kind === 'complete' ? result.status : '';
  return `${arn} ${plan.action}${checkpoint && plan.act === 'stop' ? ` at checkpoint ${checkpoint}` : ''}; it is ${status}.`;
}
