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
 */
export async function findLatencySeries(cw: CloudWatchClient, match: SeriesMatch): Promise<Record<LatencyMetric, Dimension[][]>> {
  const found = {} as Record<LatencyMetric, Dimension[][]>;
  for (const metricName of LATENCY_METRICS) {
    found[metricName] = [];
    const input = { Namespace: NAMESPACE, MetricName: metricName, RecentlyActive: 'PT3H' as const, ...(match.filter ? { Dimensions: match.filter } : {}) };
    for await (const page of paginateListMetrics({ client: cw }, input)) {
      for (const metric of page.Metrics ?? []) {
        if (metric.Dimensions && match.accepts(metric.Dimensions)) found[metricName].push(metric.Dimensions);
      }
    }
  }
  return found;
}

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
