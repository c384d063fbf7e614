import { LifecycleEvent, MAX_TIMEOUT_SECONDS, ResourceTypes } from './common';
import { MAX_LONG_TIMEOUT_SECONDS } from './long-wait';

/**
 * The one rule of how long a step may wait (issue 22), shared by the construct (which refuses a
 * "timeout" above it at synth) and the handler (whose timeout reasons name it): up to 12 hours
 * through a wait condition on a Create or an Update, otherwise one hour, CloudFormation's limit on
 * a custom resource.
 */

/**
 * What holds a step's wait to its ceiling, for messages: `wait-condition` (12 hours) or one of the
 * reasons it must settle inside its custom resource (1 hour).
 *
 * @internal
 */
export type TimeoutLimit = 'wait-condition' | 'delete' | 'runs-only-on-delete' | 'does-not-wait' | 'undo-on-rollback' | 'orders-around-change';

/** @internal */
export interface TimeoutCeiling {
  /** The longest "timeout", in seconds. */
  readonly seconds: number;
  /** Why it is not longer. */
  readonly limit: TimeoutLimit;
}

/**
 * The step as the rule sees it: the common props (defaults applied) and its resource type.
 *
 * @internal
 */
export interface StepWaitShape {
  readonly resourceType: string;
  readonly runOn: readonly LifecycleEvent[];
  readonly waitForCompletion?: boolean;
  readonly undoOnRollback?: boolean;
}

/**
 * DmsPauseDuringChange's pause and resume order themselves around the watched resources' changes
 * through their custom resources, which a step that settles later, in a waiter, would not keep.
 */
const SETTLE_IN_THEIR_CUSTOM_RESOURCES: ReadonlySet<string> = new Set([ResourceTypes.DMS_PAUSE_DURING_CHANGE, ResourceTypes.DMS_RESUME_AFTER_CHANGE]);

/**
 * The longest "timeout" of a step: on the given request (a Delete waits at most an hour, since
 * CloudFormation waits on nothing at deletion), or, without one, on any Create or Update of it.
 * The checks come in the order the construct reports them.
 *
 * @internal
 */
export function timeoutCeiling(step: StepWaitShape, requestType?: LifecycleEvent): TimeoutCeiling {
  const short = (limit: TimeoutLimit): TimeoutCeiling => ({ seconds: MAX_TIMEOUT_SECONDS, limit });
  if (requestType === LifecycleEvent.DELETE) return short('delete');
  if (!step.runOn.includes(LifecycleEvent.CREATE) && !step.runOn.includes(LifecycleEvent.UPDATE)) return short('runs-only-on-delete');
  // Nothing waits beyond the request, so nothing needs a waiter.
  if (step.waitForCompletion === false) return short('does-not-wait');
  // The undo record lives in the physical id the custom resource answers with, before a waiter would settle.
  if (step.undoOnRollback === true) return short('undo-on-rollback');
  if (SETTLE_IN_THEIR_CUSTOM_RESOURCES.has(step.resourceType)) return short('orders-around-change');
  return { seconds: MAX_LONG_TIMEOUT_SECONDS, limit: 'wait-condition' };
}
