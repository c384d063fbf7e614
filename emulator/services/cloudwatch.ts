import type { Clock } from '../core/clock';
import { awsJson10 } from '../core/aws-json10';
import { awsQueryRouting } from '../core/aws-query';
import { CLOUDWATCH_VERSION, cloudwatchQuery, formToInput, isQueryRequest, toQueryAnswer } from './cloudwatch-query';
import { pageToken, readPageToken } from '../core/page-tokens';
import { Caller, Scope, scopeOf, visibleTo } from '../core/identity';
import { awsJsonRouting, dispatchAwsJson, epochSeconds, JsonOperation } from '../core/protocols';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';
import { SERVERLESS_LATENCY_DIMENSION } from '../../contract/dms-serverless';
import {
  DmsLatencyMetric,
  dmsReplicationLatencySeries,
  dmsTaskLatencySeries,
  MetricId,
  MetricSeries,
  MetricSeriesSeed,
  MetricStep,
  MINUTE_MS,
  STATISTICS,
} from './cloudwatch-series';

const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;
const LIST_PAGE = 500;

export interface CloudWatchOptions {
  /** Emulated ms after a minute ends before its datapoint is readable. @default 60000 (the minute must be over) */
  readonly publishDelayMs?: number;
}

interface Dimension {
  Name?: unknown;
  Value?: unknown;
}

/**
 * Amazon CloudWatch over awsJson1_0 (query-compatible) and over awsQuery (cloudwatch-query.ts), GetMetricData and ListMetrics over scripted
 * series that tests and the rehearsal seed. Each series is sampled once per emulated minute;
 * GetMetricData rounds StartTime down to the minute, keeps datapoints in [StartTime, EndTime),
 * aggregates them per Period with the requested Stat, and returns newest first unless ScanBy says
 * TimestampAscending. A metric is its exact dimension set: a query naming fewer dimensions matches
 * nothing and returns empty Values, as in CloudWatch.
 */
export class CloudWatchService implements ServiceModule {
  readonly name = 'cloudwatch';
  private readonly series: MetricSeries[] = [];
  private readonly publishDelayMs: number;
  private readonly routing = awsJsonRouting('GraniteServiceVersion20100801.');
  private readonly queryRouting = awsQueryRouting('monitoring', CLOUDWATCH_VERSION, new Set(['GetMetricData', 'ListMetrics']));
  private readonly operations = new Map<string, JsonOperation>([
    ['GetMetricData', (input, caller) => this.getMetricData(input, caller)],
    ['ListMetrics', (input, caller) => this.listMetrics(input, caller)],
  ]);

  constructor(
    private readonly clock: Clock,
    private readonly defaults: Scope,
    options: CloudWatchOptions = {},
  ) {
    this.publishDelayMs = options.publishDelayMs ?? MINUTE_MS;
  }

  /** Adds a scripted series (replacing one with the same identity and scope). */
  putSeries(seed: MetricSeriesSeed): void {
    const series = MetricSeries.of(seed, scopeOf(seed, this.defaults));
    const existing = this.series.findIndex((s) => s.matches(series.id) && s.scope.region === series.scope.region && s.scope.account === series.scope.account);
    if (existing >= 0) this.series.splice(existing, 1);
    this.series.push(series);
  }

  /** A classic DMS task's CDC latency, on ReplicationInstanceIdentifier + ReplicationTaskIdentifier (the ARN's id). */
  putDmsTaskLatency(spec: { taskArn: string; instanceIdentifier: string; metric: DmsLatencyMetric; steps: readonly MetricStep[] }): void {
    this.putSeries(dmsTaskLatencySeries(spec));
  }

  /** A serverless replication's CDC latency, on SERVERLESS_LATENCY_DIMENSION (unverified choice, see the contract). */
  putDmsReplicationLatency(spec: { configArn: string; metric: DmsLatencyMetric; steps: readonly MetricStep[] }): void {
    this.putSeries(dmsReplicationLatencySeries({ ...spec, dimensionName: SERVERLESS_LATENCY_DIMENSION }));
  }

  /**
   * A classic DMS task's latest published CDC latency (what a console graph shows now), or
   * undefined when the task publishes none: the rehearsal shows it beside a gate that waits.
   */
  latestDmsTaskLatency(spec: { taskArn: string; instanceIdentifier: string; metric: DmsLatencyMetric }): number | undefined {
    const seed = dmsTaskLatencySeries({ ...spec, steps: [] });
    const scope = scopeOf(seed, this.defaults);
    const series = this.series.find((s) => s.matches(seed) && s.scope.region === scope.region && s.scope.account === scope.account);
    const now = this.clock.now();
    // DMS publishes once a minute: the last few minutes hold the latest datapoint if there is one.
    const points = series?.datapoints(now - 5 * MINUTE_MS, now, now - this.publishDelayMs) ?? [];
    return points[points.length - 1]?.value;
  }

  /** JSON 1.0 requests by their target header; awsQuery form posts by their Action (older clients). */
  matches(request: EmulatorRequest): boolean {
    return this.routing.matches(request) || (isQueryRequest(request) && this.queryRouting.matches(request));
  }

  operationOf(request: EmulatorRequest): string {
    return isQueryRequest(request) ? this.queryRouting.operationOf(request) : this.routing.operationOf(request);
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    if (!isQueryRequest(request)) return dispatchAwsJson(this.operationOf(request), request, this.operations, awsJson10);
    const params = new URLSearchParams(request.body);
    const refused = cloudwatchQuery.refuseUnknown(params, CLOUDWATCH_VERSION, new Set(this.operations.keys()));
    if (refused) return refused;
    const operation = this.operationOf(request);
    return toQueryAnswer(operation, this.operations.get(operation)!(formToInput(params), request.caller));
  }

  renderFault(kind: RenderedFaultKind, request?: EmulatorRequest): EmulatorResponse {
    return request && isQueryRequest(request) ? cloudwatchQuery.fault(kind, this.operationOf(request)) : awsJson10.fault(kind);
  }

  private visible(caller: Caller): MetricSeries[] {
    return this.series.filter((s) => visibleTo(s.scope, caller));
  }

  private getMetricData(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const queries = input.MetricDataQueries as Array<Record<string, any>> | undefined;
    if (!Array.isArray(queries) || queries.length === 0) return missing('MetricDataQueries');
    if (queries.length > 500) return invalid('The collection MetricDataQueries must not have a size greater than 500.');
    if (typeof input.StartTime !== 'number') return missing('StartTime');
    if (typeof input.EndTime !== 'number') return missing('EndTime');
    const start = Math.floor((input.StartTime * 1000) / MINUTE_MS) * MINUTE_MS;
    const end = input.EndTime * 1000;
    if (!(start < end)) return invalid('The parameter StartTime must be less than the parameter EndTime.');
    const ascending = input.ScanBy === 'TimestampAscending';
    const publishedBy = this.clock.now() - this.publishDelayMs;
    const results: Array<{ id: string; label: string; points: Array<{ at: number; value: number }>; returned: boolean }> = [];
    for (const q of queries) {
      const problem = queryProblem(q);
      if (problem) return invalid(problem);
      const stat = q.MetricStat;
      const id = metricIdOf(stat.Metric);
      const series = this.visible(caller).find((s) => s.matches(id));
      const raw = series ? series.datapoints(start, end, publishedBy) : [];
      const points = aggregate(raw, start, stat.Period * 1000, STATISTICS[stat.Stat]);
      if (!ascending) points.reverse();
      results.push({ id: q.Id, label: q.Label ?? id.metricName, points, returned: q.ReturnData !== false });
    }
    return this.pageResults(input, results.filter((r) => r.returned));
  }

  /** Pages datapoints across all results by MaxDatapoints (default 100,800) with an opaque NextToken. */
  private pageResults(input: Record<string, unknown>, results: Array<{ id: string; label: string; points: Array<{ at: number; value: number }> }>): EmulatorResponse {
    const max = input.MaxDatapoints === undefined ? 100_800 : Number(input.MaxDatapoints);
    let offset = 0;
    if (input.NextToken !== undefined) {
      const decoded = readPageToken(input.NextToken, 'cloudwatch:datapoints');
      if (decoded === undefined || decoded <= 0) return invalidNextToken();
      offset = decoded;
    }
    const total = results.reduce((n, r) => n + r.points.length, 0);
    const next = offset + max < total ? pageToken(offset + max, 'cloudwatch:datapoints') : undefined;
    let skip = offset;
    let room = max;
    const rendered = results.map((r) => {
      const from = Math.min(skip, r.points.length);
      skip -= from;
      const page = r.points.slice(from, from + room);
      room -= page.length;
      return {
        Id: r.id,
        Label: r.label,
        Timestamps: page.map((p) => epochSeconds(p.at)),
        Values: page.map((p) => p.value),
        StatusCode: next ? 'PartialData' : 'Complete',
      };
    });
    return awsJson10.ok({ MetricDataResults: rendered, Messages: [], ...(next ? { NextToken: next } : {}) });
  }

  private listMetrics(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const filters = (input.Dimensions ?? []) as Dimension[];
    if (!Array.isArray(filters) || filters.some((d) => typeof d?.Name !== 'string')) return invalid('Each dimension filter needs a Name.');
    const now = this.clock.now();
    const matching = this.visible(caller).filter(
      (s) =>
        (input.Namespace === undefined || s.id.namespace === input.Namespace) &&
        (input.MetricName === undefined || s.id.metricName === input.MetricName) &&
        filters.every((f) => f.Name as string in s.id.dimensions && (f.Value === undefined || s.id.dimensions[f.Name as string] === f.Value)) &&
        // RecentlyActive PT3H: only metrics with a datapoint in the last three hours.
        (input.RecentlyActive !== 'PT3H' || s.activeBetween(now - 3 * 3_600_000, now, now)),
    );
    const offset = input.NextToken === undefined ? 0 : readPageToken(input.NextToken, 'cloudwatch:metrics');
    if (offset === undefined) return invalidNextToken();
    const page = matching.slice(offset, offset + LIST_PAGE);
    const next = offset + LIST_PAGE < matching.length ? pageToken(offset + LIST_PAGE, 'cloudwatch:metrics') : undefined;
    return awsJson10.ok({
      Metrics: page.map((s) => ({
        Namespace: s.id.namespace,
        MetricName: s.id.metricName,
        Dimensions: Object.entries(s.id.dimensions).map(([Name, Value]) => ({ Name, Value })),
      })),
      ...(next ? { NextToken: next } : {}),
    });
  }
}

/** Why a MetricDataQuery cannot be answered, worded as CloudWatch's InvalidParameterValue. */
function queryProblem(q: Record<string, any>): string | undefined {
  if (typeof q?.Id !== 'string' || !QUERY_ID.test(q.Id)) return `Invalid metric data query Id ${JSON.stringify(q?.Id)}: it must start with a lower-case letter and hold only letters, digits and _.`;
  if (q.Expression !== undefined) return 'The emulator answers MetricStat queries only, not Expression.';
  const stat = q.MetricStat;
  if (!stat?.Metric?.Namespace || !stat.Metric.MetricName) return `The MetricStat of query ${q.Id} needs Metric.Namespace and Metric.MetricName.`;
  if (!Number.isInteger(stat.Period) || stat.Period < 60 || stat.Period % 60 !== 0) return `The Period of query ${q.Id} must be a multiple of 60 for standard-resolution metrics.`;
  if (!STATISTICS[stat.Stat]) return `The Stat of query ${q.Id} must be one of ${Object.keys(STATISTICS).join(', ')}.`;
  return undefined;
}

function metricIdOf(metric: { Namespace: string; MetricName: string; Dimensions?: Dimension[] }): MetricId {
  return {
    namespace: metric.Namespace,
    metricName: metric.MetricName,
    dimensions: Object.fromEntries((metric.Dimensions ?? []).map((d) => [String(d.Name), String(d.Value)])),
  };
}

/** Groups minute datapoints into periods aligned on the (rounded) StartTime, oldest first. */
function aggregate(raw: Array<{ at: number; value: number }>, start: number, periodMs: number, stat: (values: number[]) => number) {
  const buckets = new Map<number, number[]>();
  for (const p of raw) {
    const at = start + Math.floor((p.at - start) / periodMs) * periodMs;
    buckets.set(at, [...(buckets.get(at) ?? []), p.value]);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([at, values]) => ({ at, value: stat(values) }));
}

/** CloudWatch's InvalidNextToken (awsQuery code InvalidNextToken, 400). */
function invalidNextToken(): EmulatorResponse {
  return awsJson10.error('InvalidNextToken', 'The service couldn\'t process the NextToken.', 400);
}

function missing(name: string): EmulatorResponse {
  return awsJson10.error('MissingRequiredParameterException', `The parameter ${name} is required.`, 400, 'MissingParameter');
}

function invalid(message: string): EmulatorResponse {
  return awsJson10.error('InvalidParameterValueException', message, 400, 'InvalidParameterValue');
}
