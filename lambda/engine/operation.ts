import type { LifecycleEvent } from '../../contract';
import type { ClientFactory, ClientOptions } from './clients';
import type { ArnTarget } from './target';
import type { SecretStore } from './secrets';
import type { SharedReads } from './shared-reads';

/** What one look at the target found (and did). */
export type StepResult =
  /** The target is in its end state (or another state in which there is nothing to do). */
  | {
      readonly kind: 'complete';
      readonly status: string;
      readonly data?: Record<string, string>;
      /** Overrides the physical id (e.g. the ARN of something the step created). */
      readonly physicalResourceId?: string;
    }
  /**
   * The target is moving. `issued` is true once the operation's own request is in effect (for
   * example the stop was accepted, or the task was already stopping), false while the target must
   * first settle before the request can be made.
   */
  | {
      readonly kind: 'waiting';
      readonly status: string;
      readonly issued: boolean;
      readonly physicalResourceId?: string;
      /** Attributes to return if the engine settles here (waitForCompletion false: Outcome ISSUED). */
      readonly data?: Record<string, string>;
      /**
       * On the first call: values the polls need to know (they read them as
       * context.firstCallData). Like all Data they also end up as attributes, so declare them.
       */
      readonly carry?: Record<string, string>;
      /** What the step saw beyond the status (e.g. a gate's readings): repeated in the deadline's failure reason. */
      readonly detail?: string;
    }
  /** The target does not exist. */
  | { readonly kind: 'not-found' };

export interface StepContext {
  readonly requestType: LifecycleEvent;
  /** The physical id CloudFormation knows (undefined on Create's first call). */
  readonly physicalResourceId?: string;
  /** On Update: the properties before the change (strings, as CloudFormation sends them). */
  readonly oldProperties?: Record<string, unknown>;
  /** On isComplete: the Data onEvent returned (lets a step carry what it started). */
  readonly firstCallData?: Record<string, string>;
  /** True on the first call (onEvent), false on polls (isComplete). */
  readonly firstCall: boolean;
  /** When the event's first call began (epoch ms): the operation's timeout counts from here. */
  readonly startedAt: number;
  /**
   * True when the engine will fail this poll on the deadline unless the step completes: a step must
   * not start a change it could not see through (e.g. a gated stop at the last moment).
   */
  readonly finalLook: boolean;
  /**
   * CloudFormation's id of this stack event: the same on a retried invocation of the same event and
   * on its polls, different for every other event. An idempotency key for steps that create something.
   */
  readonly requestId?: string;
  /** The event's StackId: a step that tells a rollback from a forward change reads its status (rollback-phase.ts). */
  readonly stackId?: string;
  /** The AWS clients of this execution environment, one per service, region and role. */
  readonly clients: ClientFactory;
  /**
   * Where the target lives and as whom to call it: pass it to every client about the target,
   * e.g. `context.clients.dms(context.target)`.
   */
  readonly target: ClientOptions;
  /** Secrets already read in this execution environment. */
  readonly secrets: SecretStore;
  /**
   * Listings shared by every resource this environment polls. A poll's first look may take its
   * target from one (see lambda/engine/shared-reads.ts); a first call and a look after an action
   * read the target directly.
   */
  readonly sharedReads: SharedReads;
  /** Tell the engine what state the target was seen in, so failure reasons can name it. */
  observed(status: string): void;
}

/**
 * How a teardown of an external target behaves on a Delete whose stack status cannot be read (see
 * stack-status.ts): each operation picks the side that cannot do harm it cannot undo.
 */
export interface TeardownPolicy {
  /** 'fail': fail the Delete with a reason; 'act': tear down anyway and say so in the Note. */
  readonly whenUnsure: 'fail' | 'act';
  /** Why that side is the safe one for this target (ends up in the reason or the note). */
  readonly why: string;
}

/**
 * One cutover operation. The engine owns the lifecycle (runOn, timeouts, retries across polls,
 * not-found semantics, failure reasons); the module owns the service calls and the state table.
 */
export interface Operation<P> {
  /** A noun for messages, e.g. "DMS replication task". */
  readonly targetKind: string;
  /** The state the operation waits for, e.g. "stopped". */
  readonly goal: string;
  /** Parses the resource properties (all strings); throws OperationFailedError naming the property. */
  parse(properties: Record<string, unknown>): P;
  /** The physical id for Create/Update; also names the target in messages. */
  targetId(params: P): string;
  /**
   * For a target named by an ARN: the ARN (its region and account are where the target lives) and
   * the construct prop that holds it. Without it the target lives in the "Region" property's region
   * (or the Lambda's) and the assumed role's account (or the handler's).
   */
  arnTarget?(params: P): ArnTarget;
  /** Observes the target and, when it is in a state that calls for it, acts. Idempotent. */
  step(params: P, context: StepContext): Promise<StepResult>;
  /**
   * What an operator should do when the deadline passes with the target in `status`. `raise` is the
   * engine's sentence on raising "timeout" (up to the limit that holds for this request, or that it
   * already reaches it): include it where more time could help.
   */
  timeoutAdvice(params: P, status: string | undefined, raise: string): string;
  /** Attribute names this operation returns besides the common ones (always present in Data). */
  readonly attributes: readonly string[];
  /** What an operator should do when the target is missing on Create/Update. */
  notFoundAdvice(params: P): string;
  /**
   * Declares the operation a teardown of an external target: a Delete in runOn acts only when it
   * tears the stack (or the resource) down, not when it undoes a failed deployment, unless the
   * resource says RunOnRollback. Absent: every Delete in runOn acts.
   */
  readonly teardown?: TeardownPolicy;
  /**
   * The operation cleans up work of its own (something it started) on every Delete, rollback
   * included, whatever runOn says: runOn only decides when that work is started.
   */
  readonly cleansUpOnEveryDelete?: boolean;
  /**
   * The operation a rollback runs to reverse this one under undoOnRollback, when it is not simply the
   * inverse resource type's (contract/undo-recipes.ts): e.g. a resume that also reports its checkpoint.
   */
  readonly undoOperation?: () => Promise<Operation<any>>;
}
