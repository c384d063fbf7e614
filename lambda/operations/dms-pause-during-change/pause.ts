import { CommonAttributes, DmsPauseAttributes, formatUndoRecord, LifecycleEvent, parseUndoRecord, PauseActions, targetOfPhysicalId } from '../../../contract';
import type { Operation, StepContext, StepResult } from '../../engine/operation';
import { act, actedNote, doing, goneResult, keptId, nothing, Plan, planOfPoll, rollingBack } from './acting';
import { arnProp, PAUSED_REPLICATION, PauseParams } from './properties';
import { fingerprint as propertiesHash } from '../../engine/undo-record';

const STOP: Plan = { kind: 'act', act: 'stop', action: PauseActions.STOPPED, undo: false };
const UNDO: Plan = { kind: 'act', act: 'resume', action: PauseActions.UNDO_RESUMED, undo: true };
const BY_ACTION: Readonly<Record<string, Plan>> = { [STOP.action]: STOP, [UNDO.action]: UNDO };

/**
 * The pause, which every watched resource depends on. Create does nothing. A forward Update stops a
 * running replication (and waits until stopped), and records that in its new physical id. Its undo
 * comes after the watched resources were changed back, by either reading of what CloudFormation
 * sends a replaced custom resource: the rollback Update of that physical id, or its cleanup Delete.
 * Both resume the replication when the record is this failed deployment's (its properties' hash).
 */
async function planFirstCall(params: PauseParams, context: StepContext): Promise<Plan> {
  const { arn } = params.replication;
  const record = parseUndoRecord(context.physicalResourceId);
  if (context.requestType === LifecycleEvent.UPDATE) {
    const phase = await rollingBack(context, `DMS replication ${arn}`);
    if (!phase.rollback) return STOP;
    // A rollback Update carries the failed deployment's properties as the old ones.
    if (record?.action === 'resume' && record.fingerprint === propertiesHash(context.oldProperties)) return UNDO;
    return { kind: 'none', note: `The rollback (${phase.seen}) finds no stop by this pause in the deployment it undoes: ${arn} left as it is.` };
  }
  // Delete: only a record of this deployment's stop can call for an undo; read the stack only then.
  if (record?.action !== 'resume' || record.fingerprint !== propertiesHash(params.properties)) {
    return { kind: 'none', note: `This pause stopped nothing that this Delete could undo: ${arn} left as it is.` };
  }
  const phase = await rollingBack(context, `DMS replication ${arn}`);
  if (phase.rollback) return UNDO;
  return {
    kind: 'none',
    note: `This Delete is not a rollback (${phase.seen}): the stop it records belongs to a deployment that succeeded, so ${arn} is left as it is.`,
  };
}

export const dmsPauseDuringChange: Operation<PauseParams> = {
  ...PAUSED_REPLICATION,
  goal: 'stopped for the watched change (running again, when a rollback undoes the pause)',

  async step(params, context): Promise<StepResult> {
    const { arn } = params.replication;
    const kept = keptId(context, arn, (id) => (id === undefined ? undefined : targetOfPhysicalId(id)));
    const plan = context.firstCall ? await planFirstCall(params, context) : planOfPoll(context, BY_ACTION);
    if (plan.kind === 'none') return nothing(plan.note, kept, { [DmsPauseAttributes.PAUSED_FOR]: '' });

    const result = await act(plan, params.replication, context);
    if (result.kind === 'gone') return goneResult(result.message, kept);
    if (result.kind === 'not-found') return result;
    const acted = { [DmsPauseAttributes.ACTION]: plan.action, [DmsPauseAttributes.PAUSED_FOR]: '' };
    if (result.kind === 'waiting') {
      // It is stopping (or will be once it settles): the record goes into the physical id now,
      // the only moment it can (a poll cannot change it). An undo keeps the id it received.
      // The undo (resume-processing) is what undoOnRollback records for a stop: the same record format.
      const recorded = formatUndoRecord({ targetId: arn, action: 'resume', fingerprint: propertiesHash(params.properties) });
      const physicalResourceId = plan.undo ? kept : (recorded ?? kept);
      return { ...result, physicalResourceId, data: { ...result.data, ...acted }, detail: doing(plan, result.detail), ...(context.firstCall ? { carry: { ...result.carry, ...acted } } : {}) };
    }
    if (context.firstCall) {
      // Already where the plan would take it: nothing done, so nothing to record or to resume later.
      const note = plan.undo
        ? `The rollback undoes this pause's stop, and ${arn} is already ${result.status}: nothing to resume.`
        : `${arn} is ${result.status}, not running: left as it is, and the resume will not start it.`;
      return { ...result, physicalResourceId: kept, data: { ...result.data, [DmsPauseAttributes.ACTION]: '', [DmsPauseAttributes.PAUSED_FOR]: '', [CommonAttributes.NOTE]: note } };
    }
    // A poll saw the stop through: the resume resumes only a replication this pause stopped.
    const pausedFor = !plan.undo && result.status === 'stopped' ? params.fingerprint : '';
    return { ...result, data: { ...result.data, ...acted, [DmsPauseAttributes.PAUSED_FOR]: pausedFor, [CommonAttributes.NOTE]: actedNote(plan, arn, result) } };
  },

  notFoundAdvice: (params) =>
    `Check "${arnProp(params)}": the replication must exist (in the region and account of its ARN) ` +
    'when the watched resources change; remove the DmsPauseDuringChange while it does not.',
};
