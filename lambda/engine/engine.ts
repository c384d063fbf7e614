import { CommonAttributes, LifecycleEvent, LongWaitData, Outcomes, undoRecipeFor, UNDOING_KEY } from '../../contract';
import { pollIntervalMs } from './deadline';
import { OperationFailedError } from './errors';
import type { CutoverEvent, IsCompleteResponse, OnEventResponse } from './event';
import { Invocation } from './invocation';
import { logger } from './logger';
import { handedOverData, longWaitOf, mayHandOver, signalOrFail, startWaiter, stopLeftWaiter } from './long-wait';
import type { Operation } from './operation';
import { readRollbackPhase, type RollbackPhase } from './rollback-phase';
import type { HandlerRuntime } from './runtime';
import { pollUndo, startUndo } from './undo';
import { decideUndo, forwardPhysicalId, undoAware } from './undo-record';

export type { CutoverEvent, IsCompleteResponse, OnEventResponse } from './event';

/** The Waiter value of a long-waiting step that settled on its first look: nothing had to wait. */
export const SETTLED_AT_ONCE = 'none: the custom resource settled on its first look and signalled the wait condition itself';
/** How long a waiter's look waits for the services (its Lambda has 3 minutes). */
const WAITER_LOOK_BUDGET_MS = 150_000;

/** First call of an event: decide, act once, and settle at once when there is nothing to wait for. */
export async function runOnEvent<P>(runtime: HandlerRuntime, operation: Operation<P>, event: CutoverEvent): Promise<OnEventResponse> {
  const invocation = new Invocation({ runtime, operation, event, firstCall: true, startedAt: Date.now() });
  const startedAt = String(invocation.startedAt);
  // A Delete, or an Update with a new wait condition, first stops the waiter of the earlier one.
  const leftWaiter = longWaitOf(event.ResourceProperties) || longWaitOf(event.OldResourceProperties) ? await stopLeftWaiter(runtime, event) : undefined;
  const waiterNote: Record<string, string> = leftWaiter ? { [CommonAttributes.NOTE]: leftWaiter } : {};

  // undoOnRollback: a rollback's Delete or Update reverses what the step did (or nothing), whatever runOn says.
  let phase: RollbackPhase | undefined;
  if (undoAware(event)) {
    const undo = decideUndo(event, await readRollbackPhase({ stackId: event.StackId, cloudFormation: () => runtime.clients.cloudFormation() }), invocation.target);
    if (undo.kind === 'undo') return startUndo(runtime, operation as Operation<unknown>, event, undo.seen);
    if (undo.kind === 'skip') {
      logger.info('Rollback with nothing of this deployment to undo', { note: undo.note });
      return {
        PhysicalResourceId: event.PhysicalResourceId ?? invocation.skippedPhysicalId(),
        Data: invocation.fill({ [CommonAttributes.OUTCOME]: Outcomes.SKIPPED, [CommonAttributes.NOTE]: undo.note }),
      };
    }
    phase = undo.phase;
  }

  if (!invocation.runsNow) {
    logger.info('Event not in runOn: nothing to do', { requestType: invocation.requestType, runOn: invocation.common.runOn });
    return { PhysicalResourceId: invocation.skippedPhysicalId(), Data: invocation.fill({ ...waiterNote, [CommonAttributes.OUTCOME]: Outcomes.SKIPPED }) };
  }
  // Decided once, here: the polls of an event that acts never ask again, they carry the note.
  const decision = await invocation.decideDelete(phase);
  if (!decision.act) {
    logger.info('Delete undoes a failed deployment: target left as it was', { note: decision.note });
    return {
      PhysicalResourceId: invocation.skippedPhysicalId(),
      Data: invocation.fill({ [CommonAttributes.OUTCOME]: Outcomes.SKIPPED, [CommonAttributes.NOTE]: decision.note }),
    };
  }
  const noted: Record<string, string> = decision.note ? { [CommonAttributes.NOTE]: decision.note } : waiterNote;

  const isDelete = invocation.requestType === LifecycleEvent.DELETE;
  // Under undoOnRollback an Update keeps the id it has while it names the same target (a record included).
  const fallbackPhysicalId =
    isDelete && event.PhysicalResourceId ? event.PhysicalResourceId : (recordedPhysicalId(invocation, false) ?? operation.targetId(invocation.params));
  // Beyond an hour, a Create or an Update with a new wait condition hands its wait to a waiter.
  const longWait = isDelete ? undefined : longWaitOf(event.ResourceProperties);
  const handOver = longWait !== undefined && invocation.common.waitForCompletion && (await mayHandOver(runtime, event, longWait));
  // The Provider waits a poll before its first isComplete: leave room for it and for that answer.
  const observation = await invocation.observeBy(invocation.cloudFormationGivesUpAt - 1.5 * pollIntervalMs());
  if (!observation) {
    if (handOver) {
      const waiter = await startWaiter(runtime, { ...event, PhysicalResourceId: fallbackPhysicalId }, longWait, { ...noted, [CommonAttributes.STARTED_AT]: startedAt }, pollIntervalMs() / 1000);
      return { PhysicalResourceId: fallbackPhysicalId, Data: handedOverData(waiter, invocation.startedAt, noted) };
    }
    // The service did not answer in time: the first poll reports the timeout.
    return { PhysicalResourceId: fallbackPhysicalId, Data: { ...noted, [CommonAttributes.STARTED_AT]: startedAt } };
  }
  const settled = invocation.settle(observation);
  // Delete may never change the physical id; a step may set it otherwise (something it created).
  const stepPhysicalId = observation.kind === 'complete' || observation.kind === 'waiting' ? observation.physicalResourceId : undefined;
  const carry = { ...noted, ...(observation.kind === 'waiting' ? observation.carry : undefined) };
  // The record is made when the event settles, from its outcome (DONE or ISSUED: the step acted), on
  // this call or on the poll that settles it; until then the id names the target as before.
  const recorded = settled && !isDelete && actedOn(settled) ? recordedPhysicalId(invocation, true) : undefined;
  const physicalResourceId = isDelete ? fallbackPhysicalId : (stepPhysicalId ?? recorded ?? fallbackPhysicalId);
  if (settled) {
    logger.info('Settled on the first call', settled);
    const data = invocation.fill({ ...carry, ...settled });
    if (handOver) {
      // Nothing to wait for: the custom resource signals its wait condition itself.
      await signalOrFail(longWait, { status: 'SUCCESS', data }, invocation.target);
      return { PhysicalResourceId: physicalResourceId, Data: { ...data, [LongWaitData.WAITER]: SETTLED_AT_ONCE } };
    }
    return { PhysicalResourceId: physicalResourceId, Data: data };
  }
  if (handOver) {
    // The waiter looks as the Provider's polls would: with the physical id this answer sets.
    const waiter = await startWaiter(runtime, { ...event, PhysicalResourceId: physicalResourceId }, longWait, { ...carry, [CommonAttributes.STARTED_AT]: startedAt }, pollIntervalMs() / 1000);
    return { PhysicalResourceId: physicalResourceId, Data: handedOverData(waiter, invocation.startedAt, carry) };
  }
  // Not settled: the Provider now polls isComplete, which carries StartedAt to enforce the timeout
  // (and whatever the step hands to the polls).
  return { PhysicalResourceId: physicalResourceId, Data: { ...carry, [CommonAttributes.STARTED_AT]: startedAt } };
}

/** A poll: look again, act if the target has become actionable, and enforce the deadline. */
export async function runIsComplete<P>(
  runtime: HandlerRuntime,
  operation: Operation<P>,
  event: CutoverEvent,
  /** A long-waiting step's waiter looks, and its next look comes after this many ms. */
  waiterLookMs?: number,
): Promise<IsCompleteResponse> {
  const previous = event.Data ?? {};
  // Settled on the first call, or handed over to a waiter (which signals the wait condition).
  if (previous[CommonAttributes.OUTCOME] || previous[LongWaitData.WAITER]?.startsWith('arn:')) return { IsComplete: true };
  if (previous[UNDOING_KEY]) return pollUndo(runtime, operation as Operation<unknown>, event);

  const startedAt = Number(previous[CommonAttributes.STARTED_AT]) || Date.now();
  const invocation = new Invocation({ runtime, operation, event, firstCall: false, startedAt, waiterLookMs });
  // Parsed before the first look, so bad properties fail the poll rather than being retried.
  void invocation.params;
  const poll = pollIntervalMs();
  // Half a poll before CloudFormation gives up, this poll gives up on a service that has not answered.
  // A waiter's look has the handler's own Lambda timeout (3 minutes) to answer in, not hours.
  const observeUntil = invocation.cloudFormationGivesUpAt - poll / 2;
  const observation = await invocation.observeBy(waiterLookMs === undefined ? observeUntil : Math.min(observeUntil, Date.now() + WAITER_LOOK_BUDGET_MS));
  if (!observation) {
    // A waiter's look may come back at the next look while the deadline is still ahead.
    const ahead = waiterLookMs !== undefined && Date.now() - startedAt + waiterLookMs <= invocation.deadlineSeconds * 1000;
    if (!ahead) throw new OperationFailedError(invocation.noAnswerReason(Date.now() - startedAt));
    logger.warn('The services did not answer this look; looking again at the next one');
    return { IsComplete: false };
  }

  const settled = invocation.settle(observation);
  if (settled) {
    logger.info('Operation complete', settled);
    // Declared attributes onEvent carried to the polls keep their value unless this poll sets them.
    const carried = Object.fromEntries(
      [...operation.attributes, CommonAttributes.NOTE].filter((k) => previous[k] !== undefined).map((k) => [k, previous[k]]),
    );
    // A step that acted in a poll (the first call found the target not yet actionable) records it now.
    const recorded = invocation.requestType === LifecycleEvent.DELETE ? undefined : recordedPhysicalId(invocation, actedOn(settled));
    return { IsComplete: true, Data: invocation.fill({ ...carried, ...settled }), ...(recorded ? { PhysicalResourceId: recorded } : {}) };
  }

  const elapsedMs = Date.now() - startedAt;
  // Fail at the last poll that lands before the deadline, so CloudFormation always receives our
  // reason rather than giving up on its own (its serviceTimeout is the deadline plus one poll).
  if (elapsedMs + invocation.nextLookMs > invocation.deadlineSeconds * 1000) {
    throw new OperationFailedError(invocation.timeoutReason(elapsedMs));
  }
  logger.info('Still waiting', { status: invocation.status, elapsedMs });
  return { IsComplete: false };
}

/** Whether a settled event acted on the target (the outcomes of a step that stopped or started it itself). */
function actedOn(settled: Record<string, string>): boolean {
  const outcome = settled[CommonAttributes.OUTCOME];
  return outcome === Outcomes.DONE || outcome === Outcomes.ISSUED;
}

/**
 * Under undoOnRollback, the physical id of a Create or Update: the record of what the step did when
 * it acted (what a rollback of this deployment reverses), else the id that names the target.
 * Undefined without undoOnRollback (the usual physical id applies).
 */
function recordedPhysicalId<P>(invocation: Invocation<P>, acted: boolean): string | undefined {
  const recipe = invocation.common.undoOnRollback ? undoRecipeFor(invocation.event.ResourceType) : undefined;
  if (!recipe) return undefined;
  return forwardPhysicalId(invocation.event, invocation.operation.targetId(invocation.params), acted ? recipe : undefined);
}
