import type { ReplicationTaskAssessmentRun } from '@aws-sdk/client-database-migration-service';
import { DmsAssessmentAttributes as Attr, LifecycleEvent } from '../../../contract';
import { OperationFailedError, describeError, isRetryableFault } from '../../engine/errors';
import { logger } from '../../engine/logger';
import type { StepResult } from '../../engine/operation';
import { listedActiveRun } from '../dms-listings';
import { cancelRun, cancelTookEffect, orphanedRun, runByArn, runByName } from './dms-calls';
import type { Gate } from './gate';
import { madeFor, runDefinition, runNameFor } from './naming';
import { parse } from './properties';
import { startOrAdopt } from './start';
import { CANCELLABLE, IN_PROGRESS, PENDING_ID, RUN_ARN } from './states';
import { attributes, follow } from './verdict';

/**
 * On Update, the run behind the current physical id still stands when nothing that shapes a run
 * changed, or when it was made for exactly the requested properties: the rollback of a failed Update
 * brings back the properties of the run we already have, and must not gate the rollback on a new one.
 */
async function keepCurrentRun(gate: Gate, current: string): Promise<StepResult | undefined> {
  const { params, context, dms } = gate;
  let unchanged = false;
  try {
    unchanged = context.oldProperties !== undefined && runDefinition(parse(context.oldProperties)) === runDefinition(params);
  } catch {
    // Old properties this version cannot read: treat as changed.
  }
  const pending = PENDING_ID.exec(current);
  let run: ReplicationTaskAssessmentRun | undefined;
  try {
    if (RUN_ARN.test(current)) run = await runByArn(dms, current);
    else if (pending && (unchanged || madeFor(pending[2], params))) run = await runByName(dms, pending[1], pending[2]);
  } catch (error) {
    if (!isRetryableFault(error)) throw error;
    // Unchanged: keep the physical id, the next poll reports on the same run. Otherwise a new run
    // is the safe side (a gate that runs once more, rather than one that is skipped).
    if (unchanged) return { kind: 'waiting', status: 'unknown (transient fault)', issued: false, physicalResourceId: current };
    logger.warn('Could not read the current run; starting a new one', { physicalResourceId: current, error: describeError(error) });
    return undefined;
  }
  if (!unchanged && !madeFor(run?.AssessmentRunName ?? pending?.[2], params)) return undefined;
  logger.info('The current run stands for these properties: nothing started', { physicalResourceId: current, unchanged });
  if (!run) return { kind: 'complete', status: 'NOT_FOUND', physicalResourceId: current, data: { [Attr.NOTE]: `No assessment run ${current} to report on.` } };
  // A run still going (an earlier deploy did not wait) is followed, so the gate is still applied.
  return { ...(await follow(gate, run)), physicalResourceId: current } as StepResult;
}

export async function onCreateOrUpdate(gate: Gate): Promise<StepResult> {
  const { params, context, dms } = gate;
  const current = context.physicalResourceId;
  if (context.firstCall && context.requestType === LifecycleEvent.UPDATE && current) {
    const kept = await keepCurrentRun(gate, current);
    if (kept) return kept;
  }
  if (!context.firstCall && current && RUN_ARN.test(current)) {
    // A run still going is in the environment's shared listing; a finished one is read directly.
    const run = (await listedActiveRun(dms, current, context)) ?? (await runByArn(dms, current));
    if (!run) {
      throw new OperationFailedError(
        `DMS assessment run ${current} of task ${params.taskArn} disappeared before it finished (it was deleted outside this stack). ` +
          'Retry the stack operation to start a new run.',
      );
    }
    return follow(gate, run);
  }
  const name = (!context.firstCall && current && PENDING_ID.exec(current)?.[2]) || runNameFor(params, context);
  return startOrAdopt(gate, name);
}

export async function onDelete(gate: Gate): Promise<StepResult> {
  const { params, context, dms } = gate;
  const id = context.physicalResourceId ?? '';
  const pending = PENDING_ID.exec(id);
  let run: ReplicationTaskAssessmentRun | undefined;
  if (RUN_ARN.test(id)) run = (await listedActiveRun(dms, id, context)) ?? (await runByArn(dms, id));
  else if (pending) run = await runByName(dms, pending[1], pending[2]);
  // Any other id never named a run: CloudFormation did not receive the Create's answer (it gave up,
  // or the Delete overtook a Create still waiting). A run that Create started for exactly these
  // properties and that is still going is cancelled, so no orphan keeps the task in `testing`.
  else run = await orphanedRun(dms, params);
  if (!run) return { kind: 'not-found' };

  const status = run.Status!;
  const arn = run.ReplicationTaskAssessmentRunArn!;
  context.observed(status);
  // A finished run is left as it is: its reports stay in S3, its record in DMS. So is a cancelled
  // one that may read `cancelling` for good, once its task has left `testing`.
  if (!IN_PROGRESS.has(status) || (await cancelTookEffect(dms, run))) return { kind: 'complete', status, data: attributes(run, params) };
  if (!CANCELLABLE.has(status)) return { kind: 'waiting', status, issued: true };
  const result = await cancelRun(dms, arn);
  if (result === 'gone') return { kind: 'not-found' };
  logger.info('Cancel requested', { runArn: arn, result });
  return { kind: 'waiting', status: result === 'cancelling' ? 'cancelling' : status, issued: result === 'cancelling' };
}
