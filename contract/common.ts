/**
 * What every cutover operation shares across the construct (lib/) and the handler (lambda/): the
 * lifecycle events, the common properties with their ONE defaults table and ONE encode/decode pair,
 * the common attributes and outcomes (the rule helpers the operation files build on are in rules.ts).
 *
 * CloudFormation delivers every property as a string, so numbers and booleans cross this boundary
 * as strings and are parsed explicitly on the handler side. This folder imports neither aws-cdk-lib
 * nor any SDK: the construct passes in its token predicate, the handler its poll interval.
 */

import { LongWaitProps, MAX_LONG_TIMEOUT_SECONDS } from './long-wait';
import { checkResolved, InvalidPropertyError } from './rules';

/** The stack events a cutover operation can run on. */
export enum LifecycleEvent {
  /** When the custom resource is created (the stack is deployed with it for the first time). */
  CREATE = 'Create',
  /** When the custom resource's properties change. */
  UPDATE = 'Update',
  /** When the custom resource is deleted (stack teardown, or the construct is removed). */
  DELETE = 'Delete',
}

/**
 * CloudFormation resource types, one per operation.
 *
 * @internal
 */
export const ResourceTypes = {
  DMS_STOP_REPLICATION_TASK: 'Custom::CutoverDmsStopReplicationTask',
  DMS_STOP_REPLICATION: 'Custom::CutoverDmsStopReplication',
  DMS_ASSESSMENT_RUN: 'Custom::CutoverDmsAssessmentRun',
  DRS_STOP_REPLICATION: 'Custom::CutoverDrsStopReplication',
  RDS_CANCEL_EXPORT_TASK: 'Custom::CutoverRdsCancelExportTask',
  HUAWEI_DCS_STOP_MIGRATION_TASK: 'Custom::CutoverHuaweiDcsStopMigrationTask',
  DMS_START_REPLICATION_TASK: 'Custom::CutoverDmsStartReplicationTask',
  DMS_START_REPLICATION: 'Custom::CutoverDmsStartReplication',
  DRS_START_REPLICATION: 'Custom::CutoverDrsStartReplication',
  /** DmsPauseDuringChange's first resource: every watched resource depends on it. */
  DMS_PAUSE_DURING_CHANGE: 'Custom::CutoverDmsPauseDuringChange',
  /** DmsPauseDuringChange's second resource: it depends on every watched resource. */
  DMS_RESUME_AFTER_CHANGE: 'Custom::CutoverDmsResumeAfterChange',
} as const;
/** @internal */
export type ResourceType = (typeof ResourceTypes)[keyof typeof ResourceTypes];

/**
 * Defaults of the common properties. A property left at its default is not written into the
 * template (every operation would otherwise repeat it); decodeCommonProperties applies the same table.
 *
 * @internal
 */
export const DEFAULT_RUN_ON: Readonly<Record<ResourceType, readonly LifecycleEvent[]>> = {
  [ResourceTypes.DMS_STOP_REPLICATION_TASK]: [LifecycleEvent.DELETE],
  [ResourceTypes.DMS_STOP_REPLICATION]: [LifecycleEvent.DELETE],
  [ResourceTypes.DMS_ASSESSMENT_RUN]: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE],
  [ResourceTypes.DRS_STOP_REPLICATION]: [LifecycleEvent.DELETE],
  [ResourceTypes.RDS_CANCEL_EXPORT_TASK]: [LifecycleEvent.DELETE],
  [ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK]: [LifecycleEvent.DELETE],
  // A start is a deploy-time step: the stack that starts replication does so when it is deployed.
  [ResourceTypes.DMS_START_REPLICATION_TASK]: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE],
  [ResourceTypes.DMS_START_REPLICATION]: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE],
  [ResourceTypes.DRS_START_REPLICATION]: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE],
  // Fixed, not props: the pause acts on Update and undoes itself on a rollback's cleanup Delete;
  // the resume acts on Update (forward, and the rollback's Update). Create does nothing.
  [ResourceTypes.DMS_PAUSE_DURING_CHANGE]: [LifecycleEvent.UPDATE, LifecycleEvent.DELETE],
  [ResourceTypes.DMS_RESUME_AFTER_CHANGE]: [LifecycleEvent.UPDATE],
};
/** @internal */
export const DEFAULT_TIMEOUT_SECONDS = 1800;
/** @internal */
export const DEFAULT_WAIT_FOR_COMPLETION = true;

/**
 * Properties every cutover resource carries.
 *
 * @internal
 */
export const CommonProps = {
  /** JSON array of LifecycleEvent values; absent means DEFAULT_RUN_ON of the resource type. */
  RUN_ON: 'RunOn',
  /** 'true' | 'false'; absent means DEFAULT_WAIT_FOR_COMPLETION. */
  WAIT_FOR_COMPLETION: 'WaitForCompletion',
  /** Seconds the operation may take, from the first handler call to completion; absent means DEFAULT_TIMEOUT_SECONDS. */
  TIMEOUT_SECONDS: 'TimeoutSeconds',
  /** 'true' when a teardown operation also acts on the Delete of a rollback; absent means false. */
  RUN_ON_ROLLBACK: 'RunOnRollback',
  /** 'true' when a rollback reverses what the step did in the deployment being rolled back (see undo.ts); absent means false. */
  UNDO_ON_ROLLBACK: 'UndoOnRollback',
} as const;

/**
 * Attributes every cutover resource returns.
 *
 * @internal
 */
export const CommonAttributes = {
  /** What the handler did: see {@link Outcomes}. */
  OUTCOME: 'Outcome',
  /** The target's status when the operation finished. */
  STATUS: 'Status',
  /** Epoch milliseconds at which this operation started (used to enforce the timeout). */
  STARTED_AT: 'StartedAt',
  /** Why the handler did what it did when that is not obvious (a rollback left alone, a gate let through); '' otherwise. */
  NOTE: 'Note',
} as const;

/**
 * Values of the Outcome attribute.
 *
 * @internal
 */
export const Outcomes = {
  /** The handler performed the operation and it reached its end state. */
  DONE: 'DONE',
  /** The operation was issued; waitForCompletion was false so nobody waited for its end state. */
  ISSUED: 'ISSUED',
  /** The target was already in the end state (or another terminal state); nothing was called. */
  NOTHING_TO_DO: 'NOTHING_TO_DO',
  /** The target does not exist (only ever a success on Delete). */
  NOT_FOUND: 'NOT_FOUND',
  /** The event is not listed in runOn. */
  SKIPPED: 'SKIPPED',
  /** A rollback reversed what the step did in the deployment being rolled back (undoOnRollback): see the Note. */
  UNDONE: 'UNDONE',
} as const;

/**
 * Status reported when the target does not exist.
 *
 * @internal
 */
export const NOT_FOUND_STATUS = 'NOT_FOUND';

/**
 * Environment variable telling the isComplete handler how often the Provider polls it.
 *
 * @internal
 */
export const POLL_INTERVAL_ENV = 'CUTOVER_POLL_INTERVAL_SECONDS';

/**
 * How often the Provider calls isComplete, in seconds (see the waiting targets in the README).
 *
 * @internal
 */
export const DEFAULT_POLL_INTERVAL_SECONDS = 10;

/**
 * Upper bound on any operation's timeout: CloudFormation stops waiting on a custom resource after one hour.
 *
 * @internal
 */
export const MAX_TIMEOUT_SECONDS = 3600;

/** CloudFormation's own property of a custom resource; it reaches the handler with the others. */
const SERVICE_TIMEOUT = 'ServiceTimeout';

/**
 * The "runOn" rule: a non-empty list of distinct LifecycleEvent values.
 *
 * @internal
 */
export function runOnProblem(runOn: readonly unknown[]): string | undefined {
  if (runOn.length === 0) {
    return '"runOn" is empty; list at least one of LifecycleEvent.CREATE, UPDATE, DELETE, or remove the construct';
  }
  const seen = new Set<unknown>();
  for (const event of runOn) {
    if (!Object.values(LifecycleEvent).includes(event as LifecycleEvent)) {
      return `"runOn" contains ${JSON.stringify(event)}; use LifecycleEvent.CREATE, UPDATE or DELETE`;
    }
    if (seen.has(event)) return `"runOn" lists ${String(event)} twice; list each event once`;
    seen.add(event);
  }
  return undefined;
}

/**
 * The "timeout" rule: at least two polls (one to act, one to see the result) and at most an hour.
 * The construct passes its Provider's poll interval, the handler the interval it is polled at.
 *
 * @internal
 */
export function timeoutProblem(seconds: number, pollIntervalSeconds: number, shown = `${seconds} seconds`, maxSeconds = MAX_TIMEOUT_SECONDS): string | undefined {
  if (seconds >= pollIntervalSeconds * 2 && seconds <= maxSeconds) return undefined;
  if (maxSeconds > MAX_TIMEOUT_SECONDS) {
    return (
      `"timeout" is ${shown}; it must be between ${pollIntervalSeconds * 2} seconds and 12 hours ` +
      '(beyond one hour the step waits through a CloudFormation wait condition, whose Timeout is at most 12 hours)'
    );
  }
  return (
    `"timeout" is ${shown}; it must be between ${pollIntervalSeconds * 2} seconds and 1 hour ` +
    '(CloudFormation stops waiting on a custom resource after one hour)'
  );
}

/**
 * The common props as the construct holds them (the timeout already in seconds).
 *
 * @internal
 */
export interface CommonInput {
  readonly runOn?: readonly LifecycleEvent[];
  readonly waitForCompletion?: boolean;
  readonly timeoutSeconds?: number;
  readonly runOnRollback?: boolean;
  readonly undoOnRollback?: boolean;
}

/**
 * The common props as the handler uses them, defaults applied.
 *
 * @internal
 */
export interface CommonParams {
  readonly runOn: readonly LifecycleEvent[];
  readonly waitForCompletion: boolean;
  readonly timeoutSeconds: number;
  /** A teardown operation acts on the Delete of a rollback too. */
  readonly runOnRollback: boolean;
  /** A rollback reverses what the step did in the deployment being rolled back. */
  readonly undoOnRollback: boolean;
}

/**
 * The wire form of the common props (defaults left out) and the effective timeout.
 *
 * @internal
 */
export function encodeCommonProperties(resourceType: ResourceType, input: CommonInput): { properties: Record<string, unknown>; timeoutSeconds: number } {
  const defaultRunOn = DEFAULT_RUN_ON[resourceType];
  const runOn = input.runOn ?? defaultRunOn;
  const isDefaultRunOn = runOn.length === defaultRunOn.length && runOn.every((e) => defaultRunOn.includes(e));
  const wait = input.waitForCompletion ?? DEFAULT_WAIT_FOR_COMPLETION;
  const timeoutSeconds = input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  return {
    properties: {
      ...(isDefaultRunOn ? {} : { [CommonProps.RUN_ON]: [...runOn] }),
      ...(wait === DEFAULT_WAIT_FOR_COMPLETION ? {} : { [CommonProps.WAIT_FOR_COMPLETION]: String(wait) }),
      ...(timeoutSeconds === DEFAULT_TIMEOUT_SECONDS ? {} : { [CommonProps.TIMEOUT_SECONDS]: String(timeoutSeconds) }),
      ...(input.runOnRollback ? { [CommonProps.RUN_ON_ROLLBACK]: 'true' } : {}),
      ...(input.undoOnRollback ? { [CommonProps.UNDO_ON_ROLLBACK]: 'true' } : {}),
    },
    timeoutSeconds,
  };
}

/**
 * Decodes the common props (CloudFormation sends them as strings), applying the same defaults and rules.
 *
 * @internal
 */
export function decodeCommonProperties(properties: Record<string, unknown>, resourceType: string, pollIntervalSeconds: number): CommonParams {
  const runOnRaw = properties[CommonProps.RUN_ON] ?? DEFAULT_RUN_ON[resourceType as ResourceType];
  if (!Array.isArray(runOnRaw)) {
    throw new InvalidPropertyError(
      `Property "${CommonProps.RUN_ON}" must be a non-empty list of ${Object.values(LifecycleEvent).join(', ')}; got ${JSON.stringify(runOnRaw)}.`,
    );
  }
  const runOn = checkResolved(runOnProblem, runOnRaw) as LifecycleEvent[];
  const rawTimeout = properties[CommonProps.TIMEOUT_SECONDS];
  const timeoutSeconds = rawTimeout === undefined ? defaultTimeoutSeconds(properties, pollIntervalSeconds) : Number(rawTimeout);
  if (!Number.isFinite(timeoutSeconds)) {
    throw new InvalidPropertyError(`Property "${CommonProps.TIMEOUT_SECONDS}" must be a number of seconds; got ${JSON.stringify(rawTimeout)}.`);
  }
  // Beyond an hour only through a wait condition (issue 22): the resource then carries its handle.
  const maxSeconds = properties[LongWaitProps.WAIT_HANDLE] === undefined ? MAX_TIMEOUT_SECONDS : MAX_LONG_TIMEOUT_SECONDS;
  checkResolved((s: number) => timeoutProblem(s, pollIntervalSeconds, undefined, maxSeconds), timeoutSeconds);
  return {
    runOn,
    waitForCompletion: String(properties[CommonProps.WAIT_FOR_COMPLETION] ?? DEFAULT_WAIT_FOR_COMPLETION) !== 'false',
    timeoutSeconds,
    runOnRollback: String(properties[CommonProps.RUN_ON_ROLLBACK] ?? 'false') === 'true',
    undoOnRollback: String(properties[CommonProps.UNDO_ON_ROLLBACK] ?? 'false') === 'true',
  };
}

/**
 * A timeout left out of the template is at the default of the library version that wrote it. Its
 * ServiceTimeout (always written: the default plus one poll) says which, so a handler of another
 * version keeps the deadline CloudFormation was given.
 */
function defaultTimeoutSeconds(properties: Record<string, unknown>, pollIntervalSeconds: number): number {
  const serviceTimeout = Number(properties[SERVICE_TIMEOUT]);
  return Number.isFinite(serviceTimeout) && serviceTimeout > pollIntervalSeconds ? serviceTimeout - pollIntervalSeconds : DEFAULT_TIMEOUT_SECONDS;
}
