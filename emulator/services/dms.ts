import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import { Caller, scopeOf, scopeOfArn, visibleTo } from '../core/identity';
import { awsJson, awsJsonRouting, dispatchAwsJson, epochSeconds, JsonOperation } from '../core/protocols';
import { Timeline } from '../core/timeline';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';

const TARGET_PREFIX = 'AmazonDMSv20160101.';
const TASK_FILTERS = new Set(['replication-task-arn', 'replication-task-id', 'migration-type', 'endpoint-arn', 'replication-instance-arn']);

export interface DmsTaskState {
  readonly arn: string;
  readonly identifier: string;
  readonly status: string;
  readonly stopReason?: string;
  readonly migrationType: string;
  readonly createdAt: number;
  readonly stopDurationMs: number;
  /** When the task last reached `stopped` after a stop request (ReplicationTaskStats.StopDate). */
  readonly stoppedAt?: number;
  /** When the task last started (ReplicationTaskStartDate, ReplicationTaskStats.StartDate); undefined while it never ran. */
  readonly startedAt?: number;
  /** Where a resume-processing start continues (set once a task that replicated changes stops). */
  readonly recoveryCheckpoint?: string;
  /** The CDC positions of the last start, as DMS reports them. */
  readonly cdcStartPosition?: string;
  readonly cdcStopPosition?: string;
  /** Emulated ms a `full-load` task runs before it stops by itself (FULL_LOAD_ONLY_FINISHED). */
  readonly fullLoadDurationMs: number;
  /** Emulated ms from StartReplicationTask to `running` (undefined: the start module's default). */
  readonly startDurationMs?: number;
  /** A ReplicationTaskStartDate shown before any run (the "scheduled to start" reading of that field). */
  readonly scheduledStartAt?: number;
}

/** A scheduled change to a seeded task, relative to the moment it is seeded. */
export interface DmsTaskChange {
  readonly afterMs: number;
  readonly status?: string;
  readonly stopReason?: string;
  /** The task disappears (deleted outside the stack). */
  readonly deleted?: boolean;
}

export interface DmsTaskSeed {
  readonly identifier: string;
  /** @default a random ARN in the seed's region and account */
  readonly arn?: string;
  /** Used to build the default ARN (an explicit ARN carries its own). @default the service's region */
  readonly region?: string;
  /** Used to build the default ARN. @default the service's account */
  readonly account?: string;
  /** @default 'running' */
  readonly status?: string;
  readonly stopReason?: string;
  /** @default 'full-load-and-cdc' */
  readonly migrationType?: string;
  /** Emulated milliseconds from StopReplicationTask to `stopped`. @default the service's stopDurationMs */
  readonly stopDurationMs?: number;
  /** The task ran before (it has start dates). @default - true unless the status is `ready` or `creating` */
  readonly hasRun?: boolean;
  /** A seeded task that ran carries this checkpoint. @default - one derived from the seeding time, for a task that ran CDC */
  readonly recoveryCheckpoint?: string;
  /** Emulated ms a started `full-load` task runs before it finishes by itself. @default 4000 */
  readonly fullLoadDurationMs?: number;
  /** Emulated ms from StartReplicationTask to `running`. @default the start module's startDurationMs */
  readonly startDurationMs?: number;
  /** A task that never ran shows this ReplicationTaskStartDate (ms after seeding) anyway. @default - none */
  readonly scheduledStartAfterMs?: number;
  /** Changes that happen by themselves (a task that starts, settles, finishes or is deleted). */
  readonly then?: readonly DmsTaskChange[];
}

export interface DmsOptions {
  /** Emulated milliseconds from StopReplicationTask to `stopped`. @default 2000 */
  readonly stopDurationMs?: number;
  readonly region?: string;
  readonly account?: string;
}

/**
 * AWS DMS over awsJson1_1: DescribeReplicationTasks and StopReplicationTask with per-task state
 * machines. Stop is accepted only from `running` (running → stopping → stopped); every other state
 * answers InvalidResourceStateFault, an unknown ARN ResourceNotFoundFault, as DMS does.
 */
export class DmsService implements ServiceModule {
  readonly name = 'dms';
  private readonly tasks = new Map<string, Timeline<DmsTaskState>>();
  private readonly stopDurationMs: number;
  /** Where seeded resources live unless a seed says otherwise. */
  readonly region: string;
  readonly account: string;
  /** Extra operations (the assessment-run and serverless modules register theirs here). */
  readonly operations = new Map<string, JsonOperation>();

  constructor(
    private readonly clock: Clock,
    options: DmsOptions = {},
  ) {
    this.stopDurationMs = options.stopDurationMs ?? 2000;
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
    this.operations.set('DescribeReplicationTasks', (input, caller) => this.describeReplicationTasks(input, caller));
    this.operations.set('StopReplicationTask', (input, caller) => this.stopReplicationTask(input, caller));
  }

  /** Adds a task and returns its ARN. */
  seedTask(seed: DmsTaskSeed): string {
    const { region, account } = scopeOf(seed, this);
    const arn = seed.arn ?? `arn:aws:dms:${region}:${account}:task:${randomId()}`;
    const now = this.clock.now();
    const status = seed.status ?? 'running';
    const migrationType = seed.migrationType ?? 'full-load-and-cdc';
    const hasRun = seed.hasRun ?? !['ready', 'creating'].includes(status);
    const timeline = new Timeline<DmsTaskState>({
      arn,
      identifier: seed.identifier,
      status,
      stopReason: seed.stopReason,
      migrationType,
      createdAt: now,
      stopDurationMs: seed.stopDurationMs ?? this.stopDurationMs,
      fullLoadDurationMs: seed.fullLoadDurationMs ?? 4000,
      startDurationMs: seed.startDurationMs,
      scheduledStartAt: seed.scheduledStartAfterMs === undefined ? undefined : now + seed.scheduledStartAfterMs,
      startedAt: hasRun ? now : undefined,
      recoveryCheckpoint: seed.recoveryCheckpoint ?? (hasRun && migrationType !== 'full-load' ? checkpointAt(now) : undefined),
    });
    for (const change of seed.then ?? []) {
      timeline.at(now + change.afterMs, (task) =>
        change.deleted ? null : { ...task, status: change.status ?? task.status, stopReason: change.stopReason ?? task.stopReason },
      );
    }
    this.tasks.set(arn, timeline);
    return arn;
  }

  /** The task as the service would describe it now, or undefined if it does not exist. */
  task(arn: string): DmsTaskState | undefined {
    return this.tasks.get(arn)?.read(this.clock.now());
  }

  /** The task if `caller` can see it (its region and account), else undefined, as DMS answers. */
  visibleTask(arn: string, caller: Caller): DmsTaskState | undefined {
    return isVisible(arn, caller) ? this.task(arn) : undefined;
  }

  /** Changes a task's status out of band (a console user, another pipeline). */
  setStatus(arn: string, status: string, stopReason?: string): void {
    const timeline = this.require(arn);
    const task = timeline.read(this.clock.now())!;
    timeline.set({ ...task, status, stopReason: stopReason ?? task.stopReason });
  }

  /**
   * Schedules a status change at emulated time `at`, keeping the task's other scheduled changes
   * (another module's process ends then, e.g. an assessment run releasing the task from `testing`).
   */
  scheduleStatus(arn: string, at: number, status: string): void {
    this.require(arn).at(at, (task) => ({ ...task, status }));
  }

  /** The task's timeline if `caller` can see it (the start module changes tasks through it). */
  timelineFor(arn: string, caller: Caller): Timeline<DmsTaskState> | undefined {
    return isVisible(arn, caller) ? this.tasks.get(arn) : undefined;
  }

  /** Deletes a task out of band. */
  deleteTask(arn: string): void {
    this.require(arn).remove();
  }

  private readonly routing = awsJsonRouting(TARGET_PREFIX);
  readonly matches = this.routing.matches;
  readonly operationOf = this.routing.operationOf;

  handle(request: EmulatorRequest): EmulatorResponse {
    return dispatchAwsJson(this.operationOf(request), request, this.operations);
  }

  renderFault(kind: RenderedFaultKind): EmulatorResponse {
    return awsJson.fault(kind);
  }

  renderExpiredToken(): EmulatorResponse {
    return awsJson.expiredToken();
  }

  renderInvalidState(request: EmulatorRequest): EmulatorResponse {
    // A serverless stop races differently: the replication moved to a state that refuses it.
    if (this.operationOf(request) === 'StopReplication') {
      return awsJson.error('InvalidResourceStateFault', 'Replication for Replication Config is in MODIFYING state and cannot be stopped');
    }
    return awsJson.error('InvalidResourceStateFault', 'Replication task is currently not running');
  }

  /** The wire shape of a task, with awsJson epoch-second timestamps. */
  wireTask(task: DmsTaskState): Record<string, unknown> {
    return {
      ReplicationTaskArn: task.arn,
      ReplicationTaskIdentifier: task.identifier,
      Status: task.status,
      ...(task.stopReason ? { StopReason: task.stopReason } : {}),
      MigrationType: task.migrationType,
      ReplicationTaskCreationDate: epochSeconds(task.createdAt),
      // A task that never ran has no start date, no checkpoint and zeroed statistics.
      ...((task.startedAt ?? task.scheduledStartAt) === undefined ? {} : { ReplicationTaskStartDate: epochSeconds((task.startedAt ?? task.scheduledStartAt)!) }),
      ...(task.recoveryCheckpoint ? { RecoveryCheckpoint: task.recoveryCheckpoint } : {}),
      ...(task.cdcStartPosition ? { CdcStartPosition: task.cdcStartPosition } : {}),
      ...(task.cdcStopPosition ? { CdcStopPosition: task.cdcStopPosition } : {}),
      ReplicationTaskStats: {
        FullLoadProgressPercent: task.startedAt === undefined ? 0 : task.status === 'stopped' ? 100 : 42,
        ElapsedTimeMillis: task.startedAt === undefined ? 0 : this.clock.now() - task.startedAt,
        ...(task.startedAt === undefined ? {} : { StartDate: epochSeconds(task.startedAt) }),
        ...(task.stoppedAt === undefined ? {} : { StopDate: epochSeconds(task.stoppedAt) }),
      },
    };
  }

  private describeReplicationTasks(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const filters = (input.Filters as Array<{ Name?: string; Values?: string[] }> | undefined) ?? [];
    for (const filter of filters) {
      if (!filter.Name || !TASK_FILTERS.has(filter.Name) || !Array.isArray(filter.Values)) {
        return awsJson.error('InvalidParameterValueException', `Invalid filter: ${JSON.stringify(filter)}`);
      }
    }
    const maxRecords = input.MaxRecords === undefined ? 100 : Number(input.MaxRecords);
    if (!(maxRecords >= 20 && maxRecords <= 100)) {
      return awsJson.error('InvalidParameterValueException', 'MaxRecords must be between 20 and 100');
    }
    const now = this.clock.now();
    const matching: DmsTaskState[] = [];
    for (const [arn, timeline] of this.tasks) {
      if (!isVisible(arn, caller)) continue;
      const task = timeline.read(now);
      if (task && filters.every((f) => f.Values!.includes(filterValue(task, f.Name!)))) matching.push(task);
    }
    if (matching.length === 0) return awsJson.error('ResourceNotFoundFault', 'No Tasks found matching provided filters');
    const start = typeof input.Marker === 'string' ? Number(input.Marker) : 0;
    const page = matching.slice(start, start + maxRecords);
    const next = start + maxRecords < matching.length ? String(start + maxRecords) : undefined;
    return awsJson.ok({ ReplicationTasks: page.map((t) => this.wireTask(t)), ...(next ? { Marker: next } : {}) });
  }

  private stopReplicationTask(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const arn = input.ReplicationTaskArn;
    if (typeof arn !== 'string' || arn === '') {
      return awsJson.error('InvalidParameterValueException', 'ReplicationTaskArn is required');
    }
    const timeline = isVisible(arn, caller) ? this.tasks.get(arn) : undefined;
    const task = timeline?.read(this.clock.now());
    if (!timeline || !task) return awsJson.error('ResourceNotFoundFault', `Replication Task ${arn} not found`);
    if (task.status !== 'running') {
      return awsJson.error('InvalidResourceStateFault', 'Replication task is currently not running');
    }
    const stopping: DmsTaskState = { ...task, status: 'stopping' };
    timeline.set(stopping);
    const stoppedAt = this.clock.now() + task.stopDurationMs;
    const recoveryCheckpoint = task.migrationType === 'full-load' ? task.recoveryCheckpoint : checkpointAt(stoppedAt);
    timeline.at(stoppedAt, (t) => ({ ...t, status: 'stopped', stopReason: 'Stop Reason NORMAL', stoppedAt, recoveryCheckpoint }));
    return awsJson.ok({ ReplicationTask: this.wireTask(stopping) });
  }

  private require(arn: string): Timeline<DmsTaskState> {
    const timeline = this.tasks.get(arn);
    if (!timeline) throw new Error(`The emulator has no DMS task ${arn}`);
    return timeline;
  }
}

/** A DMS resource exists only in the region and account its ARN names. */
export function isVisible(arn: string, caller: Caller): boolean {
  const scope = scopeOfArn(arn);
  return scope !== undefined && visibleTo(scope, caller);
}

function filterValue(task: DmsTaskState, name: string): string {
  switch (name) {
    case 'replication-task-arn':
      return task.arn;
    case 'replication-task-id':
      return task.identifier;
    case 'migration-type':
      return task.migrationType;
    default:
      return '';
  }
}

/** A CDC recovery checkpoint in DMS's format (the numbers are the emulated time). */
export function checkpointAt(ms: number): string {
  return `checkpoint:V1#${Math.floor(ms / 1000)}#emulated#0#0#*#0#0`;
}

function randomId(): string {
  return randomBytes(16).toString('hex').toUpperCase().slice(0, 26);
}
