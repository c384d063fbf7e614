import { CommonAttributes, decodeCommonProperties, LifecycleEvent, MAX_TIMEOUT_SECONDS, NOT_FOUND_STATUS, Outcomes, type TimeoutCeiling, timeoutCeiling } from '../../contract';
import { pollIntervalMs, withinDeadline } from './deadline';
import { OperationFailedError, TargetNotFoundError, describeError, failedAction, isAccessDenied, isRetryableFault } from './errors';
import type { CutoverEvent } from './event';
import { logger } from './logger';
import type { Operation, StepContext, StepResult } from './operation';
import { CommonParams, formatDuration } from './properties';
import type { HandlerRuntime } from './runtime';
import { locateTarget, type TargetPlace } from './target';
import { raiseTimeoutAdvice } from './timeout-advice';
import { type DeleteDecision, decideDelete } from './stack-status';
import type { RollbackPhase } from './rollback-phase';

/** What one look found: the step's result, or a transient fault to look past at the next poll. */
export type Observation = StepResult | { readonly kind: 'fault'; readonly error: unknown };

export interface InvocationInit<P> {
  readonly runtime: HandlerRuntime;
  readonly operation: Operation<P>;
  readonly event: CutoverEvent;
  /** True for onEvent, false for an isComplete poll. */
  readonly firstCall: boolean;
  /** When the event's first call began (epoch ms): the timeout counts from here. */
  readonly startedAt: number;
  /**
   * A look by the waiter of a long-waiting step (not by the custom resource): the step may take its
   * whole timeout (up to 12 hours), and the next look comes after this many ms. @default - a custom-resource poll
   */
  readonly waiterLookMs?: number;
  /**
   * The longest timeout of the step this invocation serves, when it is not the event's own (a
   * rollback's undo runs the inverse for the step that acted). @default - the event's, by its common props and request
   */
  readonly ceiling?: TimeoutCeiling;
}

/**
 * One call of the handler for one event: the operation, its properties, the common props, and what
 * the target was seen as. The engine's entry points drive it; its methods decide, observe, settle
 * and word the failure reasons.
 */
export class Invocation<P> {
  readonly operation: Operation<P>;
  readonly event: CutoverEvent;
  readonly firstCall: boolean;
  readonly startedAt: number;
  readonly common: CommonParams;
  /** The next look's distance: the waiter's interval, or the Provider's poll. */
  readonly nextLookMs: number;
  private readonly waiterLook: boolean;
  private readonly ceilingGiven?: TimeoutCeiling;
  private readonly runtime: HandlerRuntime;
  private parsed?: { readonly value: P };
  private located?: TargetPlace;
  /** What the target was last seen as, for failure reasons. */
  private lastStatus: string | undefined;
  private lastFault: unknown;
  /** What the step last said beyond the status, for the deadline's reason. */
  private lastDetail: string | undefined;
  /** What the service said when it reported the target missing (e.g. with its request id). */
  private notFound: string | undefined;

  constructor(init: InvocationInit<P>) {
    this.runtime = init.runtime;
    this.operation = init.operation;
    this.event = init.event;
    this.firstCall = init.firstCall;
    this.startedAt = init.startedAt;
    this.common = decodeCommonProperties(this.event.ResourceProperties ?? {}, this.event.ResourceType, pollIntervalMs() / 1000);
    this.waiterLook = init.waiterLookMs !== undefined;
    this.ceilingGiven = init.ceiling;
    this.nextLookMs = init.waiterLookMs ?? pollIntervalMs();
  }

  /**
   * Seconds the operation may take in this invocation: its timeout, except that a custom resource
   * waits at most an hour (a Delete, or an Update that keeps its wait condition, of a step whose
   * timeout is longer): it then fails one poll before CloudFormation would stop waiting.
   */
  get deadlineSeconds(): number {
    if (this.waiterLook || this.common.timeoutSeconds <= MAX_TIMEOUT_SECONDS) return this.common.timeoutSeconds;
    return MAX_TIMEOUT_SECONDS - pollIntervalMs() / 1000;
  }

  /** The longest timeout this request could have had: what the timeout reason tells the operator they may raise it to. */
  get ceiling(): TimeoutCeiling {
    return this.ceilingGiven ?? timeoutCeiling({ resourceType: this.event.ResourceType, ...this.common }, this.requestType);
  }

  get requestType(): LifecycleEvent {
    return this.event.RequestType as LifecycleEvent;
  }

  /** The operation's own properties, parsed on first use (an event outside runOn may never need them). */
  get params(): P {
    this.parsed ??= { value: this.operation.parse(this.event.ResourceProperties ?? {}) };
    return this.parsed.value;
  }

  /** Where the target lives and how it is reached (decoded and checked on first use). */
  get place(): TargetPlace {
    this.located ??= locateTarget(this.event, this.operation.arnTarget?.(this.params), this.target);
    return this.located;
  }

  /** Whether this event is one the user asked the operation to run on (or a Delete that cleans up its own work). */
  get runsNow(): boolean {
    if (this.requestType === LifecycleEvent.DELETE && this.operation.cleansUpOnEveryDelete) return true;
    return this.common.runOn.includes(this.requestType);
  }

  /**
   * Whether this event acts on the target: a teardown operation's Delete acts only when it tears
   * down (or RunOnRollback says to act on rollbacks too); every other event in runOn acts.
   */
  async decideDelete(phase?: RollbackPhase): Promise<DeleteDecision> {
    const policy = this.operation.teardown;
    if (this.requestType !== LifecycleEvent.DELETE || !policy || this.common.runOnRollback) return { act: true };
    return decideDelete({
      stackId: this.event.StackId,
      target: this.target,
      policy,
      phase,
      // The Lambda's own region and role: the stack lives there, whatever the target's region or account.
      cloudFormation: () => this.runtime.clients.cloudFormation(),
    });
  }

  /** The target as messages name it, e.g. "DMS replication task arn:…". */
  get target(): string {
    return `${this.operation.targetKind} ${this.operation.targetId(this.params)}`;
  }

  /** When CloudFormation stops waiting: one poll after the timeout (its ServiceTimeout), at most an hour. */
  get cloudFormationGivesUpAt(): number {
    // A waiter's wait condition was created after the first call, so it gives up later than this.
    if (this.waiterLook) return this.startedAt + this.deadlineSeconds * 1000 + this.nextLookMs;
    return this.startedAt + Math.min(MAX_TIMEOUT_SECONDS * 1000, this.deadlineSeconds * 1000 + pollIntervalMs());
  }

  /** Looks at the target (and acts); undefined when the services have not answered by `deadlineMs`. */
  observeBy(deadlineMs: number): Promise<Observation | undefined> {
    return withinDeadline(this.observe(), deadlineMs);
  }

  /** The attributes to return when the operation is over, or undefined while it must be polled. */
  settle(observation: Observation): Record<string, string> | undefined {
    switch (observation.kind) {
      case 'complete':
        return {
          [CommonAttributes.OUTCOME]: this.firstCall ? Outcomes.NOTHING_TO_DO : Outcomes.DONE,
          [CommonAttributes.STATUS]: observation.status,
          ...observation.data,
        };
      case 'not-found':
        if (this.requestType === LifecycleEvent.DELETE) {
          // Only ever after looking where the target lives: the place is in the log.
          logger.info('Target not found on Delete: treated as success', {
            target: this.operation.targetId(this.params),
            region: this.place.region,
            account: this.place.account,
          });
          return { [CommonAttributes.OUTCOME]: Outcomes.NOT_FOUND, [CommonAttributes.STATUS]: NOT_FOUND_STATUS };
        }
        throw new OperationFailedError(
          (this.firstCall
            ? `${this.target} was not found`
            : `${this.target} disappeared while waiting for it to be ${this.operation.goal} (it was deleted outside this stack)`) +
            `${this.notFound ? ` (${this.notFound})` : ''} in ${this.placeShown}. ${this.operation.notFoundAdvice(this.params)}`,
        );
      case 'waiting':
        if (observation.issued && !this.common.waitForCompletion) {
          return { ...observation.carry, [CommonAttributes.OUTCOME]: Outcomes.ISSUED, [CommonAttributes.STATUS]: observation.status, ...observation.data };
        }
        return undefined;
      case 'fault':
        return undefined;
    }
  }

  /** Every declared attribute is present (CloudFormation fails a Fn::GetAtt on a missing key). */
  fill(data: Record<string, string>): Record<string, string> {
    const filled: Record<string, string> = {
      [CommonAttributes.STATUS]: '',
      [CommonAttributes.NOTE]: '',
      [CommonAttributes.STARTED_AT]: String(this.startedAt),
    };
    for (const key of this.operation.attributes) filled[key] = '';
    return { ...filled, ...data };
  }

  /**
   * The physical id of an event outside runOn: Delete keeps its own; an Update keeps the current one
   * unless it points at another target (a replacement); a Create names its target.
   */
  skippedPhysicalId(): string {
    const { event, operation } = this;
    if (event.RequestType === LifecycleEvent.DELETE && event.PhysicalResourceId) return event.PhysicalResourceId;
    const target = operation.targetId(this.params);
    if (event.RequestType !== LifecycleEvent.UPDATE || !event.PhysicalResourceId || !event.OldResourceProperties) return target;
    let previousTarget: string | undefined;
    try {
      previousTarget = operation.targetId(operation.parse(event.OldResourceProperties));
    } catch {
      // Unreadable old properties: judge by the new ones alone.
    }
    return previousTarget === target ? event.PhysicalResourceId : target;
  }

  /**
   * The reason for a poll whose services did not answer before the deadline (the backstop that lets
   * the handler answer before CloudFormation gives up). It always ends its last error with "the
   * service did not answer before the deadline", which the handler's own deadline never says, so a
   * reason tells the two apart even when a transient fault came first.
   */
  noAnswerReason(elapsedMs: number): string {
    const earlier = this.lastFault ? describeError(this.lastFault) : this.runtime.faults.get(this.event.RequestId);
    this.lastFault = new Error(`${earlier ? `${earlier}; then ` : ''}the service did not answer before the deadline`);
    return this.timeoutReason(elapsedMs);
  }

  timeoutReason(elapsedMs: number): string {
    const state = this.lastStatus ? `it is still "${this.lastStatus}"` : 'its state could not be read';
    const fault = this.lastFault ? ` Last error: ${describeError(this.lastFault)}.` : '';
    const detail = this.lastDetail ? ` ${this.lastDetail}` : '';
    const capped =
      this.deadlineSeconds < this.common.timeoutSeconds
        ? `; a custom resource waits at most 1 hour, and only a Create or an Update with a new wait condition waits longer`
        : '';
    return (
      `Timed out after ${formatDuration(elapsedMs)} (timeout ${formatDuration(this.common.timeoutSeconds * 1000)}${capped}) waiting for ` +
      `${this.target} to be ${this.operation.goal}: ${state}.${detail}${fault} ${this.operation.timeoutAdvice(this.params, this.lastStatus, raiseTimeoutAdvice(this.ceiling, this.common.timeoutSeconds))}`
    );
  }

  get status(): string | undefined {
    return this.lastStatus;
  }

  /** "region eu-west-1 of account 444455556666", where the handler looked. */
  private get placeShown(): string {
    const { region, account } = this.place;
    return `region ${region || '(unknown)'} of account ${account || '(unknown)'}`;
  }

  private async observe(): Promise<Observation> {
    const { event, firstCall } = this;
    // Decoded before the look: a target this handler cannot reach fails with its reason, never NOT_FOUND.
    const place = this.place;
    const context: StepContext = {
      requestType: this.requestType,
      physicalResourceId: event.PhysicalResourceId,
      oldProperties: event.OldResourceProperties,
      firstCallData: firstCall ? undefined : event.Data,
      firstCall,
      startedAt: this.startedAt,
      // The engine fails a poll whose next one would land past the timeout (see runIsComplete).
      finalLook: Date.now() - this.startedAt + this.nextLookMs > this.deadlineSeconds * 1000,
      requestId: event.RequestId,
      stackId: event.StackId,
      clients: this.runtime.clients,
      target: place.clients,
      secrets: this.runtime.secrets,
      sharedReads: this.runtime.sharedReads,
      observed: (status) => {
        this.lastStatus = status;
      },
    };
    try {
      const result = await this.operation.step(this.params, context);
      if (result.kind !== 'not-found') this.lastStatus = result.status;
      this.lastDetail = result.kind === 'waiting' ? result.detail : undefined;
      logger.info('Observed target', { step: result.kind, status: this.lastStatus, ...(this.lastDetail ? { detail: this.lastDetail } : {}) });
      return result;
    } catch (error) {
      if (error instanceof TargetNotFoundError) {
        this.notFound = error.message;
        return { kind: 'not-found' };
      }
      if (error instanceof OperationFailedError) throw error;
      if (isRetryableFault(error)) {
        // The SDK already retried with backoff; another poll gets another round before the deadline.
        this.lastFault = error;
        this.runtime.faults.remember(event.RequestId, describeError(error));
        logger.warn('Transient fault; will look again at the next poll', { error: describeError(error) });
        return { kind: 'fault', error };
      }
      throw new OperationFailedError(this.failureReason(error));
    }
  }

  private failureReason(error: unknown): string {
    const state = this.lastStatus ? ` (last seen "${this.lastStatus}")` : '';
    const action = failedAction(error);
    if (isAccessDenied(error)) {
      const permission = action ?? 'the API call';
      const role = this.place.clients.assumeRole?.roleArn;
      if (role) {
        // Through an assumed role the permission is the role's, in the target's account: nothing here grants it.
        return (
          `Access denied calling ${permission} for ${this.target}${state} as "assumedRoleArn" ${role}: ${describeError(error)}. ` +
          `That role needs permission "${permission}" in account ${this.place.account}; add it there, then retry the stack operation.`
        );
      }
      return (
        `Access denied calling ${permission} for ${this.target}${state}: ${describeError(error)}. The handler's role needs ` +
        `permission "${permission}"; this construct grants it, so look for a permissions boundary, an SCP or a resource ` +
        `policy that denies it, then retry the stack operation.`
      );
    }
    return `${action ? `${action} failed` : 'The operation failed'} for ${this.target}${state}: ${describeError(error)}. Fix the cause above, then retry the stack operation.`;
  }
}
