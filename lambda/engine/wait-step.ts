import { CommonAttributes, nextLookSeconds, type WaiterState } from '../../contract';
import { pollIntervalMs } from './deadline';
import { runIsComplete } from './engine';
import { describeError } from './errors';
import type { CutoverEvent } from './event';
import { logger } from './logger';
import { longWaitOf, waiterStatus } from './long-wait';
import type { Operation } from './operation';
import type { HandlerRuntime } from './runtime';
import type { Signal } from './signal';
import { signalWaitCondition } from './signal';

/**
 * One look of a long-waiting step's waiter (the state machine's Look state): the custom resource's
 * own isComplete logic, with the same outcome rules and failure reasons, run until the step's own
 * timeout (up to 12 hours) instead of the custom resource's hour. When the step is over it signals
 * the wait condition (SUCCESS with the attributes, FAILURE with the reason) and ends the execution;
 * otherwise it names the wait before the next look (the poll interval for the first hour, then
 * backing off to one look per minute).
 */
export async function runWaitStep(runtime: HandlerRuntime, loadOperation: (type: string) => Promise<Operation<unknown>>, state: WaiterState): Promise<WaiterState> {
  const event = state.event as unknown as CutoverEvent;
  const longWait = longWaitOf(event.ResourceProperties);
  if (!longWait) {
    logger.error('Waiter input carries no wait-condition handle: nothing to signal', { logicalResourceId: event.LogicalResourceId });
    return { ...state, done: true };
  }
  let signal: Signal | undefined;
  let next = state.waitSeconds;
  if (state.failure) {
    signal = { status: 'FAILURE', reason: `The waiter's look at ${event.LogicalResourceId} failed: ${state.failure.Error ?? 'Error'}: ${state.failure.Cause ?? 'no cause given'}` };
  } else {
    const startedAt = Number(event.Data?.[CommonAttributes.STARTED_AT]) || Date.now();
    next = nextLookSeconds(Date.now() - startedAt, pollIntervalMs() / 1000, state.waitSeconds);
    try {
      const result = await runIsComplete(runtime, await loadOperation(event.ResourceType), event, next * 1000);
      if (result.IsComplete) signal = { status: 'SUCCESS', data: result.Data ?? {} };
    } catch (error) {
      // The reason the custom resource would have failed with.
      signal = { status: 'FAILURE', reason: (error as Error).message };
    }
  }
  if (!signal) return { ...state, waitSeconds: next, done: false, failure: undefined };
  // A waiter stopped meanwhile (its step deleted, rolled back or replaced) signals nothing: its
  // handle may belong to an earlier deployment.
  if (state.execution && !(await stillRunning(runtime, state.execution))) {
    logger.info('Waiter was stopped: no signal sent', { execution: state.execution });
    return { ...state, done: true };
  }
  const sent = await signalWaitCondition(longWait.handle, signal);
  if (!sent.ok) logger.error('The wait condition refused the signal', { httpStatus: sent.status, error: sent.error });
  return { ...state, done: true };
}

async function stillRunning(runtime: HandlerRuntime, executionArn: string): Promise<boolean> {
  try {
    return (await waiterStatus(runtime, executionArn)) === 'RUNNING';
  } catch (error) {
    // Unknown: signal anyway, since a step that is over and never signals fails its deployment at the timeout.
    logger.warn('Could not read the waiter execution status', { error: describeError(error) });
    return true;
  }
}
