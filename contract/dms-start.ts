/**
 * What the two DMS start steps (DmsStartReplicationTask, DmsStartReplication) share: the start
 * type, the CDC position rules, the "never ran" rule behind AUTO, and the attribute names. Read by
 * the constructs, the handler and the emulator. No SDK or aws-cdk-lib imports.
 *
 * Sources (DMS API Reference, StartReplicationTask and StartReplication): StartReplicationTaskType /
 * StartReplicationType is one of start-replication, resume-processing, reload-target, and
 * "start-replication is the only valid action that can be used for the first time a task … is run";
 * CdcStartTime or CdcStartPosition ("Specifying both values results in an error"); CdcStartPosition
 * as a date ("2018-03-08T12:12:12"), a checkpoint ("checkpoint:V1#…") or an LSN/SCN
 * ("mysql-bin-changelog.000024:373"); CdcStopPosition as "server_time:2018-02-09T12:12:12" or
 * "commit_time:2018-02-09T12:12:12".
 */
import { checkLiteral, checkResolved, InvalidPropertyError, IsUnresolved } from './rules';

/** How a DMS start step starts a replication task or a DMS Serverless replication. */
export enum DmsStartType {
  /**
   * `start-replication` for a task (or replication) that never ran, `resume-processing` for one that
   * did. "Never ran" means DMS reports it `ready` (serverless: `created` or `ready`) and reports no
   * trace of an earlier run: no start or stop date in its statistics, no recovery checkpoint, no stop
   * reason. Anything else resumes, so a target is never reloaded by accident.
   */
  AUTO = 'auto',
  /** A fresh start: the only type DMS accepts for a first run; on a later run it starts over (full load again). */
  START_REPLICATION = 'start-replication',
  /** Resume from the recovery checkpoint where the task stopped. DMS refuses it on a first run. */
  RESUME_PROCESSING = 'resume-processing',
  /** Reload the target tables, then continue. DMS refuses it on a first run. */
  RELOAD_TARGET = 'reload-target',
}

/**
 * The wire value of the start type ('auto' is decided by the handler and never sent to DMS).
 *
 * @internal
 */
export type DmsStartTypeWire = 'auto' | 'start-replication' | 'resume-processing' | 'reload-target';

/** @internal */
export type SentStartType = Exclude<DmsStartTypeWire, 'auto'>;

/** @internal */
export const DmsStartProps = {
  START_TYPE: 'StartType',
  /** ISO-8601 (the construct's Date). */
  CDC_START_TIME: 'CdcStartTime',
  CDC_START_POSITION: 'CdcStartPosition',
  CDC_STOP_POSITION: 'CdcStopPosition',
} as const;

/** @internal */
export const DmsStartAttributes = {
  /** The StartReplicationType actually sent ('' when nothing was sent). */
  START_TYPE_SENT: 'StartTypeSent',
  /** The CDC start sent: the position, or the start time as ISO-8601 ('' when none). */
  CDC_START_SENT: 'CdcStartSent',
  /** The CDC stop position sent ('' when none). */
  CDC_STOP_SENT: 'CdcStopSent',
  /** Epoch ms at which DMS accepted the start ('' when nothing was sent). */
  START_REQUESTED_AT: 'StartRequestedAt',
} as const;

/** @internal */
export const DMS_START_ATTRIBUTE_NAMES: readonly string[] = Object.values(DmsStartAttributes);

/**
 * The start options of both DMS start steps, typed.
 *
 * @internal
 */
export interface DmsStartOptions {
  readonly startType: DmsStartTypeWire;
  /** ISO-8601. */
  readonly cdcStartTime?: string;
  readonly cdcStartPosition?: string;
  readonly cdcStopPosition?: string;
}

const START_TYPES: readonly string[] = Object.values(DmsStartType);
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const STOP_POSITION = /^(server_time|commit_time):(.*)$/;
// A checkpoint, an LSN or an SCN: printable, without spaces (checkpoints hold # : * and digits).
const NATIVE_POSITION = /^[A-Za-z0-9_.:#*/+=,@-]{1,1024}$/;

function validDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const date = new Date(`${text}Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === text;
}

/** @internal */
export function startTypeProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && START_TYPES.includes(value)) return undefined;
  return `"startType" is ${JSON.stringify(value)}; use DmsStartType.AUTO, START_REPLICATION, RESUME_PROCESSING or RELOAD_TARGET`;
}

/** @internal */
export function cdcStopPositionProblem(value: string): string | undefined {
  const m = STOP_POSITION.exec(value);
  if (m && validDateTime(m[2])) return undefined;
  return (
    `"cdcStopPosition" is ${JSON.stringify(value)}; use "server_time:YYYY-MM-DDTHH:MM:SS" (the source server's time) or ` +
    '"commit_time:YYYY-MM-DDTHH:MM:SS" (a transaction commit time), e.g. "server_time:2026-12-24T18:00:00", as DMS accepts it'
  );
}

/** @internal */
export function cdcStartPositionProblem(value: string): string | undefined {
  if (STOP_POSITION.test(value)) {
    return `"cdcStartPosition" is ${JSON.stringify(value)}, a CDC stop position format; a start position is a date ("2026-12-24T18:00:00"), a checkpoint ("checkpoint:V1#…") or a native LSN/SCN. Did you mean "cdcStopPosition"?`;
  }
  // Anything that starts like a date must be one: DMS reads it as a date.
  if (/^\d{4}-\d{2}-\d{2}/.test(value) ? validDateTime(value) : NATIVE_POSITION.test(value) && !/^checkpoint:(?!V\d+#)/.test(value)) return undefined;
  return (
    `"cdcStartPosition" is ${JSON.stringify(value)}; use a date "YYYY-MM-DDTHH:MM:SS" (e.g. "2026-12-24T18:00:00"), a checkpoint ` +
    '("checkpoint:V1#…", the RecoveryCheckpoint DMS reports) or a native start point (an LSN or SCN, e.g. "mysql-bin-changelog.000024:373"), without spaces; ' +
    'or use "cdcStartTime" for a point in time'
  );
}

/** @internal */
export function cdcStartTimeProblem(value: string): string | undefined {
  if (!Number.isNaN(new Date(value).getTime()) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  return `"cdcStartTime" is ${JSON.stringify(value)}; pass a valid Date (the point in time CDC starts from)`;
}

/** @internal */
export function cdcCombinationProblem(options: { cdcStartTime?: unknown; cdcStartPosition?: unknown }): string | undefined {
  if (options.cdcStartTime === undefined || options.cdcStartPosition === undefined) return undefined;
  return '"cdcStartTime" and "cdcStartPosition" are both set; DMS accepts at most one of them (both is an error): keep the one that says where CDC starts';
}

/**
 * The construct's side: validates literal values (tokens skipped) and returns the wire properties.
 *
 * @internal
 */
export function encodeDmsStartOptions(options: Partial<DmsStartOptions>, isUnresolved: IsUnresolved): Record<string, string> {
  const { startType, cdcStartTime, cdcStartPosition, cdcStopPosition } = options;
  if (startType !== undefined) checkLiteral(startTypeProblem, startType, isUnresolved);
  checkLiteral(cdcCombinationProblem, { cdcStartTime, cdcStartPosition }, () => false);
  if (cdcStartTime !== undefined) checkLiteral(cdcStartTimeProblem, cdcStartTime, isUnresolved);
  if (cdcStartPosition !== undefined) checkLiteral(cdcStartPositionProblem, cdcStartPosition, isUnresolved);
  if (cdcStopPosition !== undefined) checkLiteral(cdcStopPositionProblem, cdcStopPosition, isUnresolved);
  return {
    ...(startType !== undefined && startType !== DmsStartType.AUTO ? { [DmsStartProps.START_TYPE]: startType } : {}),
    ...(cdcStartTime !== undefined ? { [DmsStartProps.CDC_START_TIME]: cdcStartTime } : {}),
    ...(cdcStartPosition !== undefined ? { [DmsStartProps.CDC_START_POSITION]: cdcStartPosition } : {}),
    ...(cdcStopPosition !== undefined ? { [DmsStartProps.CDC_STOP_POSITION]: cdcStopPosition } : {}),
  };
}

function optionalString(properties: Record<string, unknown>, key: string): string | undefined {
  const value = properties[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidPropertyError(`Property "${key}" must be a string; got ${JSON.stringify(value)}.`);
  return value;
}

/**
 * The handler's side: the same rules on the resolved values.
 *
 * @internal
 */
export function decodeDmsStartOptions(properties: Record<string, unknown>): DmsStartOptions {
  const startType = checkResolved(startTypeProblem, optionalString(properties, DmsStartProps.START_TYPE) ?? DmsStartType.AUTO) as DmsStartTypeWire;
  const cdcStartTime = optionalString(properties, DmsStartProps.CDC_START_TIME);
  const cdcStartPosition = optionalString(properties, DmsStartProps.CDC_START_POSITION);
  const cdcStopPosition = optionalString(properties, DmsStartProps.CDC_STOP_POSITION);
  checkResolved(cdcCombinationProblem, { cdcStartTime, cdcStartPosition });
  if (cdcStartTime !== undefined) checkResolved(cdcStartTimeProblem, cdcStartTime);
  if (cdcStartPosition !== undefined) checkResolved(cdcStartPositionProblem, cdcStartPosition);
  if (cdcStopPosition !== undefined) checkResolved(cdcStopPositionProblem, cdcStopPosition);
  return { startType, cdcStartTime, cdcStartPosition, cdcStopPosition };
}

/**
 * What DMS reports about earlier runs, read from a ReplicationTask or a Replication.
 *
 * @internal
 */
export interface RunTraces {
  readonly status: string;
  /** Statistics start/stop dates, a recovery checkpoint, a stop reason, a last stop time. */
  readonly strong: readonly string[];
  /**
   * Traces whose meaning is ambiguous: ReplicationTaskStartDate is documented as "the date the
   * replication task is scheduled to start" (it may or may not be set before a first run).
   */
  readonly weak: readonly string[];
}

/**
 * States a never-run target reports: a classic task `ready`, a serverless replication `created`
 * (some readings: `ready`).
 *
 * @internal
 */
export const NEVER_RAN_STATES: ReadonlySet<string> = new Set(['ready', 'created']);

/**
 * The AUTO rule: start-replication only on positive evidence that the target never ran (a
 * never-run state and no trace of a run, weak traces included); resume-processing otherwise. A
 * wrong resume is refused by DMS and costs nothing; a wrong fresh start would reload the target.
 *
 * @internal
 */
export function autoStartType(traces: RunTraces): SentStartType {
  const neverRan = NEVER_RAN_STATES.has(traces.status) && traces.strong.length === 0 && traces.weak.length === 0;
  return neverRan ? 'start-replication' : 'resume-processing';
}

/**
 * Whether AUTO, refused its resume, may fall back to a fresh start: only when the target is in a
 * never-run state and its only trace of a run is a weak one (a start date that may be a schedule).
 *
 * @internal
 */
export function mayFallBackToFreshStart(traces: RunTraces): boolean {
  return NEVER_RAN_STATES.has(traces.status) && traces.strong.length === 0 && traces.weak.length > 0;
}

/**
 * StopReasons with which a started task ends by itself as configured: success for a start step
 * that saw them after its own start (a full-load task finishing, a task stopping at its
 * CdcStopPosition or after its full load as its settings ask).
 *
 * @internal
 */
export const FINISHED_BY_ITSELF: ReadonlySet<string> = new Set([
  'Stop Reason FULL_LOAD_ONLY_FINISHED',
  'Stop Reason STOPPED_AFTER_FULL_LOAD',
  'Stop Reason STOPPED_AFTER_CACHED_EVENTS',
  'Stop Reason STOPPED_AT_SERVER_TIME',
  'Stop Reason STOPPED_AT_COMMIT_TIME',
]);

/**
 * POLICY (the DMS docs list only the accepting states; the emulator enforces it): StartReplicationTask
 * is accepted from these task states and refused (InvalidResourceStateFault) from every other.
 *
 * @internal
 */
export const TASK_START_ACCEPTING_STATES: ReadonlySet<string> = new Set(['ready', 'stopped', 'failed']);

/**
 * POLICY: serverless StartReplication is accepted from these replication states.
 *
 * @internal
 */
export const REPLICATION_START_ACCEPTING_STATES: ReadonlySet<string> = new Set(['created', 'ready', 'stopped', 'failed']);
