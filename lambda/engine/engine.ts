import {
  CommonAttributes,
  DEFAULT_POLL_INTERVAL_SECONDS,
  LifecycleEvent,
  NOT_FOUND_STATUS,
  Outcomes,
  POLL_INTERVAL_ENV,
} from '../../lib/contract';
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
import { CommonParams, formatDuration, parseCommonParams } from './properties';

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
}

/** First call of an event: decide, act once, and settle at once when there is nothing to wait for. */
export async function runOnEvent<P>(op: Operation<P>, event: CutoverEvent): Promise<OnEventResponse> {
  const { common, params } = parse(op, event);
  const requestType = event.RequestType as LifecycleEvent;
  const fallbackPhysicalId =
    requestType === LifecycleEvent.DELETE && event.PhysicalResourceId ? event.PhysicalResourceId : op.targetId(params);
  const startedAt = String(Date.now());

  if (!common.runOn.includes(requestType)) {
    logger.info('Event not in runOn: nothing to do', { requestType, runOn: common.runOn });
    return { PhysicalResourceId: fallbackPhysicalId, Data: fill(op, { [CommonAttributes.OUTCOME]: Outcomes.SKIPPED }, startedAt) };
  }

  const tracker = new Tracker();
  const observation = await observe(op, params, event, tracker, true);
  const settled = settle(op, params, common, event, observation, true);
  // Delete may never change the physical id; a step may set it otherwise (something it created).
  const stepPhysicalId = observation.kind === 'complete' || observation.kind === 'waiting' ? observation.physicalResourceId : undefined;
  const physicalResourceId = requestType === LifecycleEvent.DELETE ? fallbackPhysicalId : (stepPhysicalId ?? fallbackPhysicalId);
  if (settled) {
    logger.info('Settled on the first call', settled);
    return { PhysicalResourceId: physicalResourceId, Data: fill(op, settled, startedAt) };
  }
  // Not settled: the Provider now polls isComplete, which carries StartedAt to enforce the timeout
  // (and whatever the step hands to the polls).
  const carry = observation.kind === 'waiting' ? observation.carry : undefined;
  return { PhysicalResourceId: physicalResourceId, Data: { ...carry, [CommonAttributes.STARTED_AT]: startedAt } };
}

/** A poll: look again, act if the target has become actionable, and enforce the deadline. */
export async function runIsComplete<P>(op: Operation<P>, event: CutoverEvent): Promise<IsCompleteResponse> {
  const previous = event.Data ?? {};
  if (previous[CommonAttributes.OUTCOME]) return { IsComplete: true };

  const { common, params } = parse(op, event);
  const startedAt = Number(previous[CommonAttributes.STARTED_AT]) || Date.now();
  const tracker = new Tracker();
  const observation = await observe(op, params, event, tracker, false);
  const settled = settle(op, params, common, event, observation, false);
  if (settled) {
    logger.info('Operation complete', settled);
    // Declared attributes onEvent carried to the polls keep their value unless this poll sets them.
    const carried = Object.fromEntries(op.attributes.filter((k) => previous[k] !== undefined).map((k) => [k, previous[k]]));
    return { IsComplete: true, Data: fill(op, { ...carried, ...settled }, String(startedAt)) };
  }

  const elapsedMs = Date.now() - startedAt;
  // Fail at the last poll that lands before the deadline, so CloudFormation always receives our
  // reason rather than giving up on its own (its serviceTimeout is the deadline plus one poll).
  if (elapsedMs + pollIntervalMs() > common.timeoutSeconds * 1000) {
    throw new OperationFailedError(timeoutReason(op, params, common, tracker, elapsedMs));
  }
  logger.info('Still waiting', { status: tracker.lastStatus, elapsedMs });
  return { IsComplete: false };
}

function parse<P>(op: Operation<P>, event: CutoverEvent): { common: CommonParams; params: P } {
  const properties = event.ResourceProperties ?? {};
  return { common: parseCommonParams(properties, event.ResourceType), params: op.parse(properties) };
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
    if (error instanceof TargetNotFoundError) return { kind: 'not-found' };
    if (error instanceof OperationFailedError) throw error;
    if (isRetryableFault(error)) {
      // The SDK already retried with backoff; another poll gets another round before the deadline.
      tracker.lastFault = error;
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
        firstCall
          ? `${op.targetKind} ${op.targetId(params)} was not found. ${op.notFoundAdvice(params)}`
          : `${op.targetKind} ${op.targetId(params)} disappeared while waiting for it to be ${op.goal} (it was deleted outside this stack). ${op.notFoundAdvice(params)}`,
      );
    case 'waiting':
      if (observation.issued && !common.waitForCompletion) {
        return { [CommonAttributes.OUTCOME]: Outcomes.ISSUED, [CommonAttributes.STATUS]: observation.status, ...observation.data };
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
