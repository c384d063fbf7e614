import type { Scope } from '../core/identity';

/** One step of a scripted series: from `atMs` (emulated epoch ms) on, the metric reads `value`; null = no datapoints. */
export interface MetricStep {
  readonly atMs: number;
  readonly value: number | null;
}

/** A metric's identity: namespace, name and its exact dimension set. */
export interface MetricId {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

export interface MetricSeriesSeed extends MetricId {
  /** Step values over emulated time, or a function of emulated time (undefined = no datapoint). */
  readonly steps?: readonly MetricStep[];
  readonly valueAt?: (atMs: number) => number | undefined;
  /** @default the emulator's region */
  readonly region?: string;
  /** @default the emulator's account */
  readonly account?: string;
}

export const MINUTE_MS = 60_000;

/** A scripted series, sampled once per emulated minute as DMS publishes its CDC latency metrics. */
export class MetricSeries {
  constructor(
    readonly id: MetricId,
    readonly scope: Scope,
    private readonly sample: (atMs: number) => number | undefined,
  ) {}

  static of(seed: MetricSeriesSeed, scope: Scope): MetricSeries {
    if (!seed.steps === !seed.valueAt) throw new Error('A metric series needs exactly one of steps or valueAt');
    const steps = [...(seed.steps ?? [])].sort((a, b) => a.atMs - b.atMs);
    const sample = seed.valueAt ?? ((at: number) => [...steps].reverse().find((s) => s.atMs <= at)?.value ?? undefined);
    return new MetricSeries({ namespace: seed.namespace, metricName: seed.metricName, dimensions: { ...seed.dimensions } }, scope, sample);
  }

  /** Published one-minute datapoints with timestamps in [fromMs, toMs) and complete by `publishedBy`. */
  datapoints(fromMs: number, toMs: number, publishedBy: number): Array<{ at: number; value: number }> {
    const points: Array<{ at: number; value: number }> = [];
    for (let at = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS; at < toMs && at <= publishedBy; at += MINUTE_MS) {
      const value = this.sample(at);
      if (value !== undefined && value !== null) points.push({ at, value });
    }
    return points;
  }

  /** Whether the series has any datapoint in [fromMs, toMs). */
  activeBetween(fromMs: number, toMs: number, publishedBy: number): boolean {
    return this.datapoints(fromMs, toMs, publishedBy).length > 0;
  }

  matches(id: MetricId): boolean {
    return id.namespace === this.id.namespace && id.metricName === this.id.metricName && sameDimensions(id.dimensions, this.id.dimensions);
  }
}

function sameDimensions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The statistics CloudWatch computes over a period's samples (percentiles are not emulated). */
export const STATISTICS: Readonly<Record<string, (values: number[]) => number>> = {
  Maximum: (v) => Math.max(...v),
  Minimum: (v) => Math.min(...v),
  Sum: (v) => v.reduce((a, b) => a + b, 0),
  Average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  SampleCount: (v) => v.length,
};

/** The CDC latency metrics DMS publishes, in seconds. */
export type DmsLatencyMetric = 'CDCLatencySource' | 'CDCLatencyTarget';

const ARN_PARTS = /^arn:[^:]+:dms:([^:]+):(\d{12}):(?:task|replication-config):([^:]+)$/;

function arnParts(arn: string): { region: string; account: string; resourceId: string } {
  const match = ARN_PARTS.exec(arn);
  if (!match) throw new Error(`Not a DMS task or replication-config ARN: ${arn}`);
  return { region: match[1], account: match[2], resourceId: match[3] };
}

/**
 * A classic task's latency series, on the dimensions CloudWatch uses for it:
 * ReplicationInstanceIdentifier (the instance's name) and ReplicationTaskIdentifier (the task ARN's
 * resource id, not the task's name), in the task's region and account.
 */
export function dmsTaskLatencySeries(spec: { taskArn: string; instanceIdentifier: string; metric: DmsLatencyMetric; steps: readonly MetricStep[] }): MetricSeriesSeed {
  const { region, account, resourceId } = arnParts(spec.taskArn);
  return {
    namespace: 'AWS/DMS',
    metricName: spec.metric,
    dimensions: { ReplicationInstanceIdentifier: spec.instanceIdentifier, ReplicationTaskIdentifier: resourceId },
    steps: spec.steps,
    region,
    account,
  };
}

/** A serverless replication's latency series, on the emulator's chosen dimension (see contract/dms-serverless.ts). */
export function dmsReplicationLatencySeries(spec: { configArn: string; metric: DmsLatencyMetric; steps: readonly MetricStep[]; dimensionName: string }): MetricSeriesSeed {
  const { region, account, resourceId } = arnParts(spec.configArn);
  return { namespace: 'AWS/DMS', metricName: spec.metric, dimensions: { [spec.dimensionName]: resourceId }, steps: spec.steps, region, account };
}
