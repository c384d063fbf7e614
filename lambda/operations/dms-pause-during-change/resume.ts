import { CommonAttributes, decodeDmsPause, DmsPauseAttributes, PauseActions } from '../../../contract';
import type { Operation, StepContext, StepResult } from '../../engine/operation';
import { act, actedNote, doing, goneResult, keptId, nothing, Plan, planOfPoll, rollingBack } from './acting';
import { arnProp, PAUSED_REPLICATION, PauseParams } from './properties';

const RESUME: Plan = { kind: 'act', act: 'resume', action: PauseActions.RESUMED, undo: false };
const STOP_AGAIN: Plan = { kind: 'act', act: 'stop', action: PauseActions.UNDO_STOPPED, undo: true };
const BY_ACTION: Readonly<Record<string, Plan>> = { [RESUME.action]: RESUME, [STOP_AGAIN.action]: STOP_AGAIN };

/** The pause stopped the replication in the deployment these properties belong to. */
function pausedInDeployment(properties: Record<string, unknown> | undefined): boolean {
  if (!properties) return false;
  try {
    const { fingerprint, pausedFor } = decodeDmsPause(properties);
    return pausedFor !== '' && pausedFor === fingerprint;
  } catch {
    return false;
  }
}

/**
 * The resume, which depends on every watched resource, with a stable physical id so that a rollback
 * sends it an Update before the watched resources are changed back. It learns what the pause did
 * from the pause's PausedFor attribute (a property through Fn::GetAtt): in a forward Update it
 * resumes only a replication the pause stopped in this deployment; in the rollback's Update it stops
 * it again if the pause had stopped it in the failed deployment (so the resume had started it).
 */
async function planFirstCall(params: PauseParams, context: StepContext): Promise<Plan> {
  const { arn } = params.replication;
  const phase = await rollingBack(context, `DMS replication ${arn}`);
  if (phase.rollback) {
    // The rollback Update's old properties are the failed deployment's.
    if (pausedInDeployment(context.oldProperties)) return STOP_AGAIN;
    return { kind: 'none', note: `The rollback (${phase.seen}) undoes a deployment in which the pause stopped nothing: ${arn} left as it is.` };
  }
  if (pausedInDeployment(params.properties)) return RESUME;
  return { kind: 'none', note: `The pause did not stop ${arn} in this deployment (it was not running): left as it is.` };
}

export const dmsResumeAfterChange: Operation<PauseParams> = {
  ...PAUSED_REPLICATION,
  goal: 'running again after the watched change (stopped again, when a rollback changes the watched resources back)',

  async step(params, context): Promise<StepResult> {
    const { arn } = params.replication;
    // Stable: never a record, so CloudFormation never replaces the resume.
    const kept = keptId(context, arn, (id) => id);
    const plan = context.firstCall ? await planFirstCall(params, context) : planOfPoll(context, BY_ACTION);
    if (plan.kind === 'none') return nothing(plan.note, kept);

    const result = await act(plan, params.replication, context);
    if (result.kind === 'gone') return goneResult(result.message, kept);
    if (result.kind === 'not-found') return result;
    const acted = { [DmsPauseAttributes.ACTION]: plan.action };
    if (result.kind === 'waiting') {
      return { ...result, physicalResourceId: kept, data: { ...result.data, ...acted }, detail: doing(plan, result.detail), ...(context.firstCall ? { carry: { ...result.carry, ...acted } } : {}) };
    }
    if (context.firstCall) {
      const note = plan.undo
        ? `The rollback changes the watched resources back, and ${arn} is already ${result.status}: nothing to stop.`
        : `The pause stopped ${arn}, and it is already ${result.status}: nothing to resume.`;
      return { ...result, physicalResourceId: kept, data: { ...result.data, [DmsPauseAttributes.ACTION]: '', [CommonAttributes.NOTE]: note } };
    }
    return { ...result, data: { ...result.data, ...acted, [CommonAttributes.NOTE]: actedNote(plan, arn, result) } };
  },

  notFoundAdvice: (params) =>
    `Check "${arnProp(params)}": the replication was deleted while the watched resources changed; ` +
    'remove the DmsPauseDuringChange, or restore the replication, then retry the stack operation.',
};
