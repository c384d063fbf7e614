import {
  CommonAttributes,
  decodeCommonProperties,
  DEFAULT_POLL_INTERVAL_SECONDS,
  LifecycleEvent,
  MAX_TIMEOUT_SECONDS,
  NOT_FOUND_STATUS,
  Outcomes,
  POLL_INTERVAL_ENV,
} from '../../contract';
import {
  OperationFailedError,
  TargetNotFoundError,
  describeError,
  failedAction,
  isAccessDenied,
  isRetryableFault,
} from './errors';
import { logger } from './logger';
import type { Operation, StepContext, StepResult } from './operation';
import { CommonParams, formatDuration } from './properties';

/** The CloudFormation event as the Provider framework hands it to onEvent / isComplete. */
export interface CutoverEvent {
  readonly RequestType: LifecycleEvent | 'Create' | 'Update' | 'Delete';
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly RequestId?: string;
  readonly StackId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  /** On isComplete: the Data that onEvent returned. */
  readonly Data?: Record<string, string>;
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

type Observation = StepResult | { readonly kind: 'fault'; readonly error: unknown };

/** Tracks what the target was last seen as, for failure reasons. */
class Tracker {
  lastStatus: string | undefined;
  lastFault: unknown;
  /** What the service said when it reported the target missing (e.g. with its request id). */
  notFound: string | undefined;
}

/** First call of an event: decide, act once, and settle at once when there is nothing to wait for. */
export async function runOnEvent<P>(op: Operation<P>, event: CutoverEvent): Promise<OnEventResponse> {
  const common = parseCommon(event);
  const requestType = event.RequestType as LifecycleEvent;
  const startedAt = String(Date.now());

  if (!common.runOn.includes(requestType)) {
    logger.info('Event not in runOn: nothing to do', { requestType, runOn: common.runOn });
    return { PhysicalResourceId: skippedPhysicalId(op, event), Data: fill(op, { [CommonAttributes.OUTCOME]: Outcomes.SKIPPED }, startedAt) };
  }

  const params = op.parse(event.ResourceProperties ?? {});
  const fallbackPhysicalId =
    requestType === LifecycleEvent.DELETE && event.PhysicalResourceId ? event.PhysicalResourceId : op.targetId(params);
  const tracker = new Tracker();
  // The Provider waits a poll before its first isComplete: leave room for it and for that answer.
  const observation = await withinDeadline(observe(op, params, event, tracker, true), cloudFormationGivesUpAt(Number(startedAt), common) - 1.5 * pollIntervalMs());
  if (!observation) {
    // The service did not answer in time: the first poll reports the timeout.
    return { PhysicalResourceId: fallbackPhysicalId, Data: { [CommonAttributes.STARTED_AT]: startedAt } };
  }
  const settled = settle(op, params, common, event, observation, true, tracker);
  // Delete may never change the physical id; a step may set it otherwise (something it created).
  const stepPhysicalId = observation.kind === 'complete' || observation.kind === 'waiting' ? observation.physicalResourceId : undefined;
  const physicalResourceId = requestType === LifecycleEvent.DELETE ? fallbackPhysicalId : (stepPhysicalId ?? fallbackPhysicalId);
  const carry = observation.kind === 'waiting' ? observation.carry : undefined;
  if (settled) {
    logger.info('Settled on the first call', settled);
    return { PhysicalResourceId: physicalResourceId, Data: fill(op, { ...carry, ...settled }, startedAt) };
  }
  // Not settled: the Provider now polls isComplete, which carries StartedAt to enforce the timeout
  // (and whatever the step hands to the polls).
  return { PhysicalResourceId: physicalResourceId, Data: { ...carry, [CommonAttributes.STARTED_AT]: startedAt } };
}

/** A poll: look again, act if the target has become actionable, and enforce the deadline. */
export async function runIsComplete<P>(op: Operation<P>, event: CutoverEvent): Promise<IsCompleteResponse> {
  const previous = event.Data ?? {};
  if (previous[CommonAttributes.OUTCOME]) return { IsComplete: true };

  const common = parseCommon(event);
  const params = op.parse(event.ResourceProperties ?? {});
  const startedAt = Number(previous[CommonAttributes.STARTED_AT]) || Date.now();
  const poll = pollIntervalMs();
  // Half a poll before CloudFormation gives up, this poll gives up on a service that has not answered.
  const tracker = new Tracker();
  const observation = await withinDeadline(observe(op, params, event, tracker, false), cloudFormationGivesUpAt(startedAt, common) - poll / 2);
  if (!observation) {
    const earlier = recentFaults.get(event.RequestId ?? '');
    tracker.lastFault ??= new Error(`${earlier ? `${earlier}; then ` : ''}the service did not answer before the deadline`);
    throw new OperationFailedError(timeoutReason(op, params, common, tracker, Date.now() - startedAt));
  }
  const settled = settle(op, params, common, event, observation, false, tracker);
  if (settled) {
    logger.info('Operation complete', settled);
    // Declared attributes onEvent carried to the polls keep their value unless this poll sets them.
    const carried = Object.fromEntries(op.attributes.filter((k) => previous[k] !== undefined).map((k) => [k, previous[k]]));
    return { IsComplete: true, Data: fill(op, { ...carried, ...settled }, String(startedAt)) };
  }

  const elapsedMs = Date.now() - startedAt;
  // Fail at the last poll that lands before the deadline, so CloudFormation always receives our
  // reason rather than giving up on its own (its serviceTimeout is the deadline plus one poll).
  if (elapsedMs + poll > common.timeoutSeconds * 1000) {
    throw new OperationFailedError(timeoutReason(op, params, common, tracker, elapsedMs));
  }
  logger.info('Still waiting', { status: tracker.lastStatus, elapsedMs });
  return { IsComplete: false };
}

/**
 * The physical id of an event outside runOn: Delete keeps its own; an Update keeps the current one
 * unless it points at another target (a replacement); a Create names its target.
 */
function skippedPhysicalId<P>(op: Operation<P>, event: CutoverEvent): string {
  if (event.RequestType === LifecycleEvent.DELETE && event.PhysicalResourceId) return event.PhysicalResourceId;
  const target = op.targetId(op.parse(event.ResourceProperties ?? {}));
  if (event.RequestType !== LifecycleEvent.UPDATE || !event.PhysicalResourceId || !event.OldResourceProperties) return target;
  let previousTarget: string | undefined;
  try {
    previousTarget = op.targetId(op.parse(event.OldResourceProperties));
  } catch {
    // Unreadable old properties: judge by the new ones alone.
  }
  return previousTarget === target ? event.PhysicalResourceId : target;
}

/**
 * The last transient fault of each recent event, kept by the execution environment (polls of one
 * event usually reuse it), so a poll cut off at the deadline can still name what went wrong.
 */
const recentFaults = new Map<string, string>();
function remember(requestId: string | undefined, fault: string): void {
  if (!requestId) return;
  recentFaults.delete(requestId);
  recentFaults.set(requestId, fault);
  if (recentFaults.size > 100) recentFaults.delete(recentFaults.keys().next().value!);
}

/** When CloudFormation stops waiting: one poll after the timeout (its ServiceTimeout), at most an hour. */
function cloudFormationGivesUpAt(startedAt: number, common: CommonParams): number {
  return startedAt + Math.min(MAX_TIMEOUT_SECONDS * 1000, common.timeoutSeconds * 1000 + pollIntervalMs());
}

/** The step's result, or undefined when it has not answered by `deadlineMs` (epoch ms). */
async function withinDeadline<T>(work: Promise<T>, deadlineMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadlineMs - Date.now()));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    // A call still in flight is abandoned; its outcome no longer matters.
    work.catch(() => undefined);
  }
}

function parseCommon(event: CutoverEvent): CommonParams {
  return decodeCommonProperties(event.ResourceProperties ?? {}, event.ResourceType, pollIntervalMs() / 1000);
}

async function observe<P>(
  op: Operation<P>,
  params: P,
  event: CutoverEvent,
  tracker: Tracker,
  firstCall: boolean,
): Promise<Observation> {
  const context: StepContext = {
    requestType: event.RequestType as LifecycleEvent,
    physicalResourceId: event.PhysicalResourceId,
    oldProperties: event.OldResourceProperties,
    firstCallData: firstCall ? undefined : event.Data,
    firstCall,
    requestId: event.RequestId,
    observed: (status) => {
      tracker.lastStatus = status;
    },
  };
  try {
    const result = await op.step(params, context);
    if (result.kind !== 'not-found') tracker.lastStatus = result.status;
    logger.info('Observed target', { step: result.kind, status: tracker.lastStatus });
    return result;
  } catch (error) {
    if (error instanceof TargetNotFoundError) {
      tracker.notFound = error.message;
      return { kind: 'not-found' };
    }
    if (error instanceof OperationFailedError) throw error;
    if (isRetryableFault(error)) {
      // The SDK already retried with backoff; another poll gets another round before the deadline.
      tracker.lastFault = error;
      remember(event.RequestId, describeError(error));
      logger.warn('Transient fault; will look again at the next poll', { error: describeError(error) });
      return { kind: 'fault', error };
    }
    throw new OperationFailedError(failureReason(op, params, tracker, error));
  }
}

/** The attributes to return when the operation is over, or undefined while it must be polled. */
function settle<P>(
  op: Operation<P>,
  params: P,
  common: CommonParams,
  event: CutoverEvent,
  observation: Observation,
  firstCall: boolean,
  tracker: Tracker,
): Record<string, string> | undefined {
  switch (observation.kind) {
    case 'complete':
      return {
        [CommonAttributes.OUTCOME]: firstCall ? Outcomes.NOTHING_TO_DO : Outcomes.DONE,
        [CommonAttributes.STATUS]: observation.status,
        ...observation.data,
      };
    case 'not-found':
      if (event.RequestType === LifecycleEvent.DELETE) {
        logger.info('Target not found on Delete: treated as success', { target: op.targetId(params) });
        return { [CommonAttributes.OUTCOME]: Outcomes.NOT_FOUND, [CommonAttributes.STATUS]: NOT_FOUND_STATUS };
      }
      throw new OperationFailedError(
        (firstCall
          ? `${op.targetKind} ${op.targetId(params)} was not found`
          : `${op.targetKind} ${op.targetId(params)} disappeared while waiting for it to be ${op.goal} (it was deleted outside this stack)`) +
          `${tracker.notFound ? ` (${tracker.notFound})` : ''}. ${op.notFoundAdvice(params)}`,
      );
    case 'waiting':
      if (observation.issued && !common.waitForCompletion) {
        return { ...observation.carry, [CommonAttributes.OUTCOME]: Outcomes.ISSUED, [CommonAttributes.STATUS]: observation.status, ...observation.data };
      }
      return undefined;
    case 'fault':
      return undefined;
  }
}

/** Every declared attribute is present (CloudFormation fails a Fn::GetAtt on a missing key). */
function fill<P>(op: Operation<P>, data: Record<string, string>, startedAt: string): Record<string, string> {
  const filled: Record<string, string> = { [CommonAttributes.STATUS]: '', [CommonAttributes.STARTED_AT]: startedAt };
  for (const key of op.attributes) filled[key] = '';
  return { ...filled, ...data };
}

function timeoutReason<P>(op: Operation<P>, params: P, common: CommonParams, tracker: Tracker, elapsedMs: number): string {
  const state = tracker.lastStatus ? `it is still "${tracker.lastStatus}"` : 'its state could not be read';
  const fault = tracker.lastFault ? ` Last error: ${describeError(tracker.lastFault)}.` : '';
  return (
    `Timed out after ${formatDuration(elapsedMs)} (timeout ${formatDuration(common.timeoutSeconds * 1000)}) waiting for ` +
    `${op.targetKind} ${op.targetId(params)} to be ${op.goal}: ${state}.${fault} ${op.timeoutAdvice(params, tracker.lastStatus)}`
  );
}

function failureReason<P>(op: Operation<P>, params: P, tracker: Tracker, error: unknown): string {
  const target = `${op.targetKind} ${op.targetId(params)}`;
  const state = tracker.lastStatus ? ` (last seen "${tracker.lastStatus}")` : '';
  if (isAccessDenied(error)) {
    const action = failedAction(error) ?? 'the API call';
    return (
      `Access denied calling ${action} for ${target}${state}: ${describeError(error)}. The handler's role needs ` +
      `permission "${action}"; this construct grants it, so look for a permissions boundary, an SCP or a resource ` +
      `policy that denies it, then retry the stack operation.`
    );
  }
  const action = failedAction(error);
  return `${action ? `${action} failed` : 'The operation failed'} for ${target}${state}: ${describeError(error)}. Fix the cause above, then retry the stack operation.`;
}

function pollIntervalMs(): number {
  const configured = Number(process.env[POLL_INTERVAL_ENV]);
  return (Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_POLL_INTERVAL_SECONDS) * 1000;
}
