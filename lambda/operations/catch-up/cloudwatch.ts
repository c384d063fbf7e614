import {
  type CloudWatchClient,
  type Dimension,
  type DimensionFilter,
  type MetricDataQuery,
  paginateGetMetricData,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import { CATCH_UP_PERIOD_SECONDS, CATCH_UP_PUBLISH_ALLOWANCE_SECONDS, CatchUpParams } from '../../../contract';
import { LATENCY_METRICS, LatencyMetric, MinuteSeries, minutesOf } from './verdict';

const NAMESPACE = 'AWS/DMS';

/** Which of CloudWatch's DMS metrics belong to the replication being stopped. */
export interface SeriesMatch {
  /** Narrows ListMetrics on the server side (e.g. the classic task's ReplicationTaskIdentifier). */
  readonly filter?: DimensionFilter[];
  /** Whether a listed metric's dimension set is the replication's. */
  readonly accepts: (dimensions: readonly Dimension[]) => boolean;
  /** Names the dimensions looked for, in messages. */
  readonly describe: string;
}

/**
 * Finds the replication's latency metrics with ListMetrics (only those active in the last three
 * hours: a replication being cut over publishes every minute). All matching dimension sets are read:
 * a task moved to another instance has had one series per instance, and its minutes combine.
 *
 * With a server-side filter that narrows the listing to this one replication (a classic task's
 * ReplicationTaskIdentifier), one ListMetrics call lists all of its metrics and both latencies are
 * picked from it: half the calls against CloudWatch's account-wide ListMetrics rate while a gated
 * stop waits. Without one (DMS Serverless), each latency is listed by name, which is what keeps
 * that listing small.
 */
export async function findLatencySeries(cw: CloudWatchClient, match: SeriesMatch): Promise<Record<LatencyMetric, Dimension[][]>> {
  const found = Object.fromEntries(LATENCY_METRICS.map((name) => [name, [] as Dimension[][]])) as Record<LatencyMetric, Dimension[][]>;
  const names = match.filter ? [undefined] : LATENCY_METRICS;
  for (const metricName of names) {
    const input = { Namespace: NAMESPACE, RecentlyActive: 'PT3H' as const, ...(metricName ? { MetricName: metricName } : {}), ...(match.filter ? { Dimensions: match.filter } : {}) };
    for await (const page of paginateListMetrics({ client: cw }, input)) {
      for (const metric of page.Metrics ?? []) {
        const name = metricName ?? metric.MetricName;
        if (!isLatencyMetric(name) || !metric.Dimensions || !match.accepts(metric.Dimensions)) continue;
        found[name].push(metric.Dimensions);
      }
    }
  }
  return found;
}

const isLatencyMetric = (name: string | undefined): name is LatencyMetric => (LATENCY_METRICS as readonly (string | undefined)[]).includes(name);

/**
 * One-minute maxima of both latencies over the window the gate judges: stableFor, plus the
 * publishing allowance, plus the current (unfinished) minute.
 */
export async function readLatencies(
  cw: CloudWatchClient,
  dimensionSets: Record<LatencyMetric, Dimension[][]>,
  gate: CatchUpParams,
  endMs: number,
): Promise<Record<LatencyMetric, MinuteSeries>> {
  const lookBackSeconds = minutesOf(gate.stableForSeconds) * CATCH_UP_PERIOD_SECONDS + CATCH_UP_PUBLISH_ALLOWANCE_SECONDS + CATCH_UP_PERIOD_SECONDS;
  const queries: Array<MetricDataQuery & { metricName: LatencyMetric }> = [];
  for (const metricName of LATENCY_METRICS) {
    dimensionSets[metricName].forEach((Dimensions, i) =>
      queries.push({
        metricName,
        Id: `${metricName === 'CDCLatencySource' ? 'source' : 'target'}${i}`,
        MetricStat: { Metric: { Namespace: NAMESPACE, MetricName: metricName, Dimensions }, Period: CATCH_UP_PERIOD_SECONDS, Stat: 'Maximum' },
      }),
    );
  }
  const series: Record<LatencyMetric, Map<number, number>> = { CDCLatencySource: new Map(), CDCLatencyTarget: new Map() };
  if (queries.length === 0) return series;
  const input = {
    MetricDataQueries: queries.map(({ metricName: _name, ...query }) => query),
    StartTime: new Date(endMs - lookBackSeconds * 1000),
    EndTime: new Date(endMs),
    ScanBy: 'TimestampDescending' as const,
  };
  const metricOf = new Map(queries.map((q) => [q.Id!, q.metricName]));
  for await (const page of paginateGetMetricData({ client: cw }, input)) {
    for (const result of page.MetricDataResults ?? []) {
      const minutes = series[metricOf.get(result.Id ?? '')!];
      if (!minutes) continue;
      (result.Timestamps ?? []).forEach((at, i) => {
        const value = result.Values?.[i];
        if (value === undefined) return;
        // Two series of one metric (a task that moved instances) combine by their maximum.
        minutes.set(at.getTime(), Math.max(value, minutes.get(at.getTime()) ?? -Infinity));
      });
    }
  }
  return series;
}
