import { CATCH_UP_PERIOD_SECONDS, CatchUpParams } from '../../../contract';

export const SOURCE = 'CDCLatencySource';
export const TARGET = 'CDCLatencyTarget';
export const LATENCY_METRICS = [SOURCE, TARGET] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

const PERIOD_MS = CATCH_UP_PERIOD_SECONDS * 1000;

/** One-minute maxima of one metric: minute start (epoch ms) → seconds. */
export type MinuteSeries = ReadonlyMap<number, number>;

/** The latest minute both metrics were read for. */
export interface Reading {
  readonly minute: number;
  readonly source: number;
  readonly target: number;
}

export type Verdict =
  /** Both latencies stayed at or below maxLatency for every minute of stableFor, ending at `latest`. */
  | { readonly kind: 'caught-up'; readonly latest: Reading; readonly readAt: number }
  /** Read, but at least one minute of the window was above maxLatency. */
  | { readonly kind: 'behind'; readonly latest: Reading; readonly readAt: number; readonly highMinutes: number }
  /** Not enough datapoints to judge: never taken as caught up. */
  | { readonly kind: 'unknown'; readonly latest?: Reading; readonly readAt: number; readonly missing: string };

/** How many one-minute datapoints `stableFor` spans (rounded up to whole minutes). */
export function minutesOf(stableForSeconds: number): number {
  return Math.ceil(stableForSeconds / CATCH_UP_PERIOD_SECONDS);
}

/**
 * Judges the gate from the datapoints' own timestamps: the window is the `stableFor` minutes ending
 * at the newest minute both metrics have, and every one of them must be present for both metrics and
 * at or below maxLatency. A missing minute, or a metric without datapoints, makes the verdict
 * "unknown": a task that does not publish, or the wrong dimension, must never pass as caught up.
 */
export function judge(series: Readonly<Record<LatencyMetric, MinuteSeries>>, gate: CatchUpParams, readAt: number): Verdict {
  const source = series[SOURCE];
  const target = series[TARGET];
  const empty = LATENCY_METRICS.filter((m) => series[m].size === 0);
  if (empty.length > 0) return { kind: 'unknown', readAt, missing: `no ${empty.join(' and no ')} datapoints` };
  const shared = [...source.keys()].filter((minute) => target.has(minute)).sort((a, b) => b - a);
  if (shared.length === 0) return { kind: 'unknown', readAt, missing: `no minute with both ${SOURCE} and ${TARGET} datapoints` };
  const newest = shared[0];
  const latest: Reading = { minute: newest, source: source.get(newest)!, target: target.get(newest)! };
  const window = Array.from({ length: minutesOf(gate.stableForSeconds) }, (_, i) => newest - i * PERIOD_MS);
  const gaps = window.filter((minute) => !source.has(minute) || !target.has(minute));
  if (gaps.length > 0) {
    // A few minutes name the gap; the rest are counted, so the reason stays short for a long stableFor.
    const shown = gaps.slice(0, 3).map(iso).join(', ') + (gaps.length > 3 ? ` and ${gaps.length - 3} more` : '');
    return { kind: 'unknown', latest, readAt, missing: `no datapoint for the minute(s) ${shown}` };
  }
  const high = window.filter((minute) => source.get(minute)! > gate.maxLatencySeconds || target.get(minute)! > gate.maxLatencySeconds);
  if (high.length > 0) return { kind: 'behind', latest, readAt, highMinutes: high.length };
  return { kind: 'caught-up', latest, readAt };
}

/** What the gate saw, for the status log and the failure reason at the deadline. */
export function describeVerdict(verdict: Verdict, gate: CatchUpParams, where: string): string {
  const rule = `both must stay at or below ${gate.maxLatencySeconds} s for ${minutesOf(gate.stableForSeconds)} minute(s)`;
  const latest = verdict.latest
    ? `The latest reading, for the minute starting ${iso(verdict.latest.minute)} (read at ${iso(verdict.readAt)}): ` +
      `${SOURCE} ${verdict.latest.source} s, ${TARGET} ${verdict.latest.target} s; ${rule}.`
    : `No latency could be read (read at ${iso(verdict.readAt)}); ${rule}.`;
  switch (verdict.kind) {
    case 'caught-up':
      return `Caught up. ${latest}`;
    case 'behind':
      return `Not caught up: ${verdict.highMinutes} minute(s) of the window were above ${gate.maxLatencySeconds} s. ${latest}`;
    case 'unknown':
      return (
        `The CDC latency is unknown, and unknown is never taken as caught up: CloudWatch (AWS/DMS, ${where}) has ${verdict.missing} ` +
        `in the window read. ${latest} A task that does not replicate changes (full load only, or stalled) publishes no CDC latency.`
      );
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
