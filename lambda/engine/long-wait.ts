import { createHash } from 'node:crypto';
import { CommonAttributes, executionArnOf, LifecycleEvent, LongWaitData, LongWaitProps, waiterExecutionName } from '../../contract';
import { OperationFailedError, describeError, isServiceError } from './errors';
import type { CutoverEvent } from './event';
import { logger } from './logger';
import type { HandlerRuntime } from './runtime';
import { type Signal, signalWaitCondition } from './signal';

/** A long-waiting resource's wait-condition handle and the provider's waiter state machine. */
export interface LongWait {
  readonly handle: string;
  readonly stateMachineArn: string;
}

/** The long-wait wiring a resource's properties carry, if any. */
export function longWaitOf(properties: Record<string, unknown> | undefined): LongWait | undefined {
  const handle = properties?.[LongWaitProps.WAIT_HANDLE];
  const stateMachineArn = properties?.[LongWaitProps.WAITER];
  if (typeof handle !== 'string' || typeof stateMachineArn !== 'string' || handle === '' || stateMachineArn === '') return undefined;
  return { handle, stateMachineArn };
}

/** The execution ARN of the waiter of this handle (derived, so a later event can find and stop it). */
export function waiterArn(longWait: LongWait, logicalId: string): string {
  const digest = createHash('sha256').update(longWait.handle).digest('hex');
  return executionArnOf(longWait.stateMachineArn, waiterExecutionName(digest, logicalId));
}

/** What Step Functions knows of the waiter of a handle: never started, still running, or over. */
export async function waiterStatus(runtime: HandlerRuntime, executionArn: string): Promise<'absent' | 'RUNNING' | string> {
  const { DescribeExecutionCommand } = await import('./sdk/sfn');
  const sfn = await runtime.clients.stepFunctions();
  try {
    const out = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return out.status ?? 'RUNNING';
  } catch (error) {
    if (isServiceError(error, 'ExecutionDoesNotExist')) return 'absent';
    throw error;
  }
}

/**
 * Whether this Create or Update may hand its wait to a waiter: its handle is new (an Update that keeps
 * the handle, or goes back to one that already had a waiter in a rollback, would signal a handle of an
 * earlier deployment, which its wait condition no longer waits on).
 */
export async function mayHandOver(runtime: HandlerRuntime, event: CutoverEvent, longWait: LongWait): Promise<boolean> {
  if (event.RequestType === LifecycleEvent.UPDATE && longWaitOf(event.OldResourceProperties)?.handle === longWait.handle) return false;
  const status = await waiterStatus(runtime, waiterArn(longWait, event.LogicalResourceId));
  return status === 'absent';
}

/** Starts the waiter of this event's handle; returns its execution ARN. */
export async function startWaiter(runtime: HandlerRuntime, event: CutoverEvent, longWait: LongWait, data: Record<string, string>, waitSeconds: number): Promise<string> {
  const { StartExecutionCommand } = await import('./sdk/sfn');
  const sfn = await runtime.clients.stepFunctions();
  const arn = waiterArn(longWait, event.LogicalResourceId);
  const { ResponseURL: _url, ...rest } = event as CutoverEvent & { ResponseURL?: string; ServiceToken?: string };
  const input = { event: { ...rest, Data: data }, waitSeconds, done: false };
  const out = await sfn.send(new StartExecutionCommand({ stateMachineArn: longWait.stateMachineArn, name: arn.split(':').pop(), input: JSON.stringify(input) }));
  logger.info('Waiter started', { executionArn: out.executionArn ?? arn });
  return out.executionArn ?? arn;
}

/**
 * Stops the waiter this event leaves behind: on Delete the current handle's, on an Update with a new
 * handle the old one's. Returns a note when it could not (the waiter then ends at its own deadline).
 */
export async function stopLeftWaiter(runtime: HandlerRuntime, event: CutoverEvent): Promise<string | undefined> {
  const properties = event.RequestType === LifecycleEvent.DELETE ? event.ResourceProperties : event.OldResourceProperties;
  const left = event.RequestType === LifecycleEvent.CREATE ? undefined : longWaitOf(properties);
  if (!left) return undefined;
  if (event.RequestType === LifecycleEvent.UPDATE && longWaitOf(event.ResourceProperties)?.handle === left.handle) return undefined;
  const executionArn = waiterArn(left, event.LogicalResourceId);
  const { StopExecutionCommand } = await import('./sdk/sfn');
  try {
    const sfn = await runtime.clients.stepFunctions();
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'CutoverStepLeft', cause: `${event.RequestType} of ${event.LogicalResourceId}` }));
    logger.info('Waiter stopped', { executionArn });
    return undefined;
  } catch (error) {
    if (isServiceError(error, 'ExecutionDoesNotExist')) return undefined;
    logger.warn('Could not stop the waiter', { executionArn, error: describeError(error) });
    return (
      `The waiter ${executionArn} of the earlier wait could not be stopped (${describeError(error)}); it stops by itself at that ` +
      'step\'s deadline and signals only its own, earlier wait condition. Stop it sooner with: aws stepfunctions stop-execution --execution-arn ' +
      executionArn
    );
  }
}

/** Signals the wait condition; a signal S3 refuses fails the step with a reason (the deployment would otherwise wait in vain). */
export async function signalOrFail(longWait: LongWait, signal: Signal, target: string): Promise<void> {
  const sent = await signalWaitCondition(longWait.handle, signal);
  if (sent.ok) return;
  throw new OperationFailedError(
    `Could not signal the wait condition of ${target} (${sent.status ? `HTTP ${sent.status}` : sent.error ?? 'no answer'}). ` +
      'A provider in a VPC needs a route to Amazon S3 (an S3 gateway endpoint or a NAT gateway) for the signal; fix that, then retry the stack operation.',
  );
}

/** The CR's own answer once a waiter carries the step (the step's attributes come from the result resource). */
export function handedOverData(executionArn: string, startedAt: number, carry: Record<string, string>): Record<string, string> {
  return { ...carry, [CommonAttributes.STARTED_AT]: String(startedAt), [LongWaitData.WAITER]: executionArn };
}
