import type { Clock } from '../core/clock';
import { pageToken, readPageToken } from '../core/page-tokens';
import { awsQuery, awsQueryRouting, isoTime, queryFilters, xmlElement, xmlEscape, xmlList } from '../core/aws-query';
import { Caller, scopeOf, visibleTo } from '../core/identity';
import { Timeline } from '../core/timeline';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';

const NAMESPACE = 'http://rds.amazonaws.com/doc/2014-10-31/';
const VERSION = '2014-10-31';
const query = awsQuery(NAMESPACE);
const OPERATIONS = new Set(['DescribeExportTasks', 'CancelExportTask']);
const EXPORT_FILTERS = new Set(['export-task-identifier', 's3-bucket', 'source-arn', 'status']);
// Only an export in progress can be cancelled ("You can't cancel an export task that has completed").
const CANCELLABLE = new Set(['STARTING', 'IN_PROGRESS']);

export type RdsExportStatus = 'STARTING' | 'IN_PROGRESS' | 'CANCELING' | 'CANCELED' | 'COMPLETE' | 'FAILED';

export interface RdsExportTaskState {
  readonly identifier: string;
  readonly sourceArn: string;
  readonly sourceType: 'SNAPSHOT' | 'CLUSTER';
  readonly s3Bucket: string;
  readonly s3Prefix?: string;
  readonly iamRoleArn: string;
  readonly kmsKeyId: string;
  readonly exportOnly: readonly string[];
  readonly status: RdsExportStatus;
  readonly percentProgress: number;
  readonly snapshotTime: number;
  readonly taskStartTime: number;
  readonly taskEndTime?: number;
  readonly failureCause?: string;
  readonly cancelDurationMs: number;
  /** Where the export runs (export tasks are regional and have no ARN of their own). */
  readonly region: string;
  readonly account: string;
}

/** A change that happens to a seeded export by itself, relative to the moment it is seeded. */
export interface RdsExportTaskChange {
  readonly afterMs: number;
  readonly status?: RdsExportStatus;
  readonly failureCause?: string;
  /** The task disappears from DescribeExportTasks. */
  readonly deleted?: boolean;
}

export interface RdsExportTaskSeed {
  readonly identifier: string;
  /** @default 'IN_PROGRESS' */
  readonly status?: RdsExportStatus;
  /** @default 'cutover-exports' */
  readonly s3Bucket?: string;
  /** @default - the bucket root (no S3Prefix member) */
  readonly s3Prefix?: string;
  /** @default a snapshot ARN named after the identifier */
  readonly sourceArn?: string;
  /** Emulated milliseconds from CancelExportTask (CANCELING) to CANCELED. @default the service's cancelDurationMs */
  readonly cancelDurationMs?: number;
  readonly then?: readonly RdsExportTaskChange[];
  /** @default the service's region */
  readonly region?: string;
  /** @default the service's account */
  readonly account?: string;
}

export interface RdsOptions {
  /** Emulated milliseconds from CancelExportTask (CANCELING) to CANCELED. @default 2000 */
  readonly cancelDurationMs?: number;
  readonly region?: string;
  readonly account?: string;
}

/**
 * Amazon RDS snapshot exports over awsQuery: DescribeExportTasks and CancelExportTask.
 *
 * Emulator policy where the Amazon RDS API Reference (CancelExportTask) documents little: STARTING or IN_PROGRESS → CANCELING
 * (returned at once) → CANCELED after `cancelDurationMs`; COMPLETE, FAILED, CANCELED and CANCELING
 * answer InvalidExportTaskStateFault 400; an unknown identifier answers ExportTaskNotFound 404.
 */
export class RdsService implements ServiceModule {
  readonly name = 'rds';
  private readonly exports = new Map<string, Timeline<RdsExportTaskState>>();
  private readonly cancelDurationMs: number;
  readonly region: string;
  readonly account: string;
  private readonly beforeHooks: Array<{ operation: string; run: () => void }> = [];

  constructor(
    private readonly clock: Clock,
    options: RdsOptions = {},
  ) {
    this.cancelDurationMs = options.cancelDurationMs ?? 2000;
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
  }

  /** Adds an export task; returns its identifier. */
  seedExportTask(seed: RdsExportTaskSeed): string {
    const now = this.clock.now();
    const { region, account } = scopeOf(seed, this);
    const timeline = new Timeline<RdsExportTaskState>({
      identifier: seed.identifier,
      region,
      account,
      sourceArn: seed.sourceArn ?? `arn:aws:rds:${region}:${account}:snapshot:${seed.identifier}-snapshot`,
      sourceType: 'SNAPSHOT',
      s3Bucket: seed.s3Bucket ?? 'cutover-exports',
      s3Prefix: seed.s3Prefix,
      iamRoleArn: `arn:aws:iam::${account}:role/rds-s3-export`,
      kmsKeyId: `arn:aws:kms:${region}:${account}:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
      exportOnly: [],
      status: seed.status ?? 'IN_PROGRESS',
      percentProgress: seed.status === 'COMPLETE' ? 100 : 42,
      snapshotTime: now - 3_600_000,
      taskStartTime: now,
      cancelDurationMs: seed.cancelDurationMs ?? this.cancelDurationMs,
    });
    for (const change of seed.then ?? []) {
      timeline.at(now + change.afterMs, (task) => (change.deleted ? null : this.moved(task, change.status ?? task.status, change.failureCause)));
    }
    this.exports.set(seed.identifier, timeline);
    return seed.identifier;
  }

  /** The export as RDS would describe it now, or undefined if it does not exist. */
  exportTask(identifier: string): RdsExportTaskState | undefined {
    return this.exports.get(identifier)?.read(this.clock.now());
  }

  /** Changes an export's status out of band (it finishes or fails on its own). */
  setStatus(identifier: string, status: RdsExportStatus): void {
    const timeline = this.exports.get(identifier);
    const task = timeline?.read(this.clock.now());
    if (!timeline || !task) throw new Error(`The emulator has no RDS export task ${identifier}`);
    timeline.set(this.moved(task, status));
  }

  /** Removes an export from RDS's listing out of band (as when its history is purged). */
  deleteExportTask(identifier: string): void {
    const timeline = this.exports.get(identifier);
    if (!timeline) throw new Error(`The emulator has no RDS export task ${identifier}`);
    timeline.remove();
  }

  /**
   * Runs `run` just before the next request for `operation` is answered: makes races exact, e.g.
   * an export that completes between the handler's describe and its cancel.
   */
  beforeNext(operation: string, run: () => void): void {
    this.beforeHooks.push({ operation, run });
  }

  private readonly routing = awsQueryRouting('rds', VERSION, OPERATIONS);
  readonly matches = this.routing.matches;
  readonly operationOf = this.routing.operationOf;

  handle(request: EmulatorRequest): EmulatorResponse {
    const params = new URLSearchParams(request.body);
    const operation = params.get('Action') ?? '';
    const hook = this.beforeHooks.findIndex((h) => h.operation === operation);
    if (hook >= 0) this.beforeHooks.splice(hook, 1)[0].run();
    const refused = query.refuseUnknown(params, VERSION, OPERATIONS);
    if (refused) return refused;
    return operation === 'CancelExportTask' ? this.cancelExportTask(params, request.caller) : this.describeExportTasks(params, request.caller);
  }

  renderFault(kind: RenderedFaultKind, request: EmulatorRequest): EmulatorResponse {
    return query.fault(kind, this.operationOf(request));
  }

  /** RDS's wrong-state answer, as when the export ended between a describe and a cancel. */
  renderInvalidState(request: EmulatorRequest): EmulatorResponse {
    const identifier = new URLSearchParams(request.body).get('ExportTaskIdentifier') ?? 'unknown';
    return query.error('InvalidExportTaskStateFault', `You can't cancel export task ${identifier} because it has completed.`, 400);
  }

  /** The members of an ExportTask as XML elements (the caller supplies the wrapper). */
  exportTaskXml(task: RdsExportTaskState): string {
    return [
      xmlElement('ExportTaskIdentifier', task.identifier),
      xmlElement('SourceArn', task.sourceArn),
      xmlList('ExportOnly', 'member', task.exportOnly.map(xmlEscape)),
      xmlElement('SnapshotTime', isoTime(task.snapshotTime)),
      xmlElement('TaskStartTime', isoTime(task.taskStartTime)),
      xmlElement('TaskEndTime', task.taskEndTime === undefined ? undefined : isoTime(task.taskEndTime)),
      xmlElement('S3Bucket', task.s3Bucket),
      xmlElement('S3Prefix', task.s3Prefix),
      xmlElement('IamRoleArn', task.iamRoleArn),
      xmlElement('KmsKeyId', task.kmsKeyId),
      xmlElement('Status', task.status),
      xmlElement('PercentProgress', task.percentProgress),
      xmlElement('TotalExtractedDataInGB', Math.round(task.percentProgress / 10)),
      xmlElement('FailureCause', task.failureCause),
      xmlElement('SourceType', task.sourceType),
    ].join('');
  }

  private describeExportTasks(params: URLSearchParams, caller: Caller): EmulatorResponse {
    const filters = queryFilters(params);
    for (const filter of filters) {
      if (!filter.Name || !EXPORT_FILTERS.has(filter.Name) || filter.Values.length === 0) {
        return query.error('InvalidParameterValue', `Unrecognized filter: ${JSON.stringify(filter)}`, 400);
      }
    }
    const maxRecords = params.has('MaxRecords') ? Number(params.get('MaxRecords')) : 100;
    if (!Number.isInteger(maxRecords) || maxRecords < 20 || maxRecords > 100) {
      return query.error('InvalidParameterValue', 'MaxRecords must be between 20 and 100', 400);
    }
    const identifier = params.get('ExportTaskIdentifier');
    const sourceArn = params.get('SourceArn');
    const sourceType = params.get('SourceType');
    const now = this.clock.now();
    const matching: RdsExportTaskState[] = [];
    for (const timeline of this.exports.values()) {
      const task = timeline.read(now);
      if (!task || !visibleTo(task, caller)) continue;
      if (identifier && task.identifier !== identifier) continue;
      if (sourceArn && task.sourceArn !== sourceArn) continue;
      if (sourceType && task.sourceType !== sourceType) continue;
      if (filters.every((f) => f.Values.includes(filterValue(task, f.Name!)))) matching.push(task);
    }
    if (identifier && matching.length === 0 && !this.visibleExport(identifier, caller)) return notFound(identifier);
    const start = params.has('Marker') ? readPageToken(params.get('Marker'), 'rds:exports') : 0;
    if (start === undefined) return query.error('InvalidParameterValue', `Invalid Marker: ${params.get('Marker')!.slice(0, 64)}`, 400);
    const page = matching.slice(start, start + maxRecords);
    const next = start + maxRecords < matching.length ? pageToken(start + maxRecords, 'rds:exports') : undefined;
    return query.ok(
      'DescribeExportTasks',
      xmlList(
        'ExportTasks',
        'ExportTask',
        page.map((t) => this.exportTaskXml(t)),
      ) + xmlElement('Marker', next),
    );
  }

  private cancelExportTask(params: URLSearchParams, caller: Caller): EmulatorResponse {
    const identifier = params.get('ExportTaskIdentifier');
    if (!identifier) return query.error('MissingParameter', 'The request must contain the parameter ExportTaskIdentifier', 400);
    const now = this.clock.now();
    const timeline = this.exports.get(identifier);
    const task = this.visibleExport(identifier, caller);
    if (!timeline || !task) return notFound(identifier);
    if (!CANCELLABLE.has(task.status)) {
      return query.error('InvalidExportTaskStateFault', `You can't cancel export task ${identifier} because it is ${task.status}.`, 400);
    }
    const canceling = this.moved(task, 'CANCELING');
    timeline.set(canceling);
    timeline.at(now + task.cancelDurationMs, (t) => this.moved(t, 'CANCELED'));
    // The Result element holds the ExportTask members directly (the output shape is ExportTask).
    return query.ok('CancelExportTask', this.exportTaskXml(canceling));
  }

  /** An export exists only for callers in its region and account. */
  private visibleExport(identifier: string, caller: Caller): RdsExportTaskState | undefined {
    const task = this.exportTask(identifier);
    return task && visibleTo(task, caller) ? task : undefined;
  }

  private moved(task: RdsExportTaskState, status: RdsExportStatus, failureCause?: string): RdsExportTaskState {
    const ended = status === 'COMPLETE' || status === 'FAILED' || status === 'CANCELED';
    return {
      ...task,
      status,
      percentProgress: status === 'COMPLETE' ? 100 : task.percentProgress,
      taskEndTime: ended ? this.clock.now() : undefined,
      failureCause: status === 'FAILED' ? (failureCause ?? 'The export failed') : task.failureCause,
    };
  }
}

function notFound(identifier: string): EmulatorResponse {
  // The wire code has no "Fault" suffix; the client maps it to ExportTaskNotFoundFault.
  return query.error('ExportTaskNotFound', `The export task with the ID ${identifier} doesn't exist.`, 404);
}

function filterValue(task: RdsExportTaskState, name: string): string {
  switch (name) {
    case 'export-task-identifier':
      return task.identifier;
    case 's3-bucket':
      return task.s3Bucket;
    case 'source-arn':
      return task.sourceArn;
    case 'status':
      // Filter values are lower case while Status in the output is upper case.
      return task.status.toLowerCase();
    default:
      return '';
  }
}
