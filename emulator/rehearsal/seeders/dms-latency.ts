import { CatchUpProps } from '../../../contract';
import type { SeedContext } from './types';

const MINUTE_MS = 60_000;
// How far back the seeded series reach: longer than any gate's stableFor plus its look-back.
const HISTORY_MS = 90 * MINUTE_MS;

/** The --state keys of a DMS stop's CDC latency series (used when the resource has stopWhenCaughtUp). */
export const DMS_LATENCY_STATE_KEYS: Readonly<Record<string, string>> = {
  sourceLatencySeconds: 'CDCLatencySource until the replication catches up (default 0)',
  targetLatencySeconds: 'CDCLatencyTarget until the replication catches up (default 0)',
  caughtUpAfterSeconds: 'emulated seconds after the deployment at which both latencies fall to 0 (default 0: caught up already)',
  publishesLatency: 'false: the replication publishes no CDC latency metrics (the gate then reads "unknown")',
};

/**
 * Seeds the two CDC latency series a gated stop reads, when the resource has stopWhenCaughtUp:
 * lagging at the --state latencies, then at 0 from caughtUpAfterSeconds on.
 */
export function seedLatency(context: SeedContext, put: (metric: 'CDCLatencySource' | 'CDCLatencyTarget', steps: Array<{ atMs: number; value: number }>) => void): void {
  if (context.properties[CatchUpProps.MAX_LATENCY_SECONDS] === undefined) return;
  const { state, emulator } = context;
  if (state.flag('publishesLatency') === false) return;
  const now = emulator.clock.now();
  const caughtUpAt = now + (state.seconds('caughtUpAfterSeconds') ?? 0);
  const lag = { CDCLatencySource: state.number('sourceLatencySeconds') ?? 0, CDCLatencyTarget: state.number('targetLatencySeconds') ?? 0 };
  for (const metric of ['CDCLatencySource', 'CDCLatencyTarget'] as const) {
    put(metric, [
      { atMs: now - HISTORY_MS, value: lag[metric] },
      { atMs: caughtUpAt, value: 0 },
    ]);
  }
}

/**
 * "waiting for catch-up (CDC latency source 40 s, target 25 s)" while a gated stop holds a running
 * replication: its handler has read the latency and has not stopped it yet. Before the first read
 * (a Create that skips, a look that finds nothing to do) it waits for nothing.
 */
export function catchUpWait(
  status: string,
  calls: ReadonlyArray<{ readonly operation: string }>,
  latency: (metric: 'CDCLatencySource' | 'CDCLatencyTarget') => number | undefined,
): string | undefined {
  if (status !== 'running') return undefined;
  if (!calls.some((c) => c.operation === 'GetMetricData') || calls.some((c) => c.operation.startsWith('StopReplication'))) return undefined;
  const seconds = (metric: 'CDCLatencySource' | 'CDCLatencyTarget') => {
    const value = latency(metric);
    return value === undefined ? 'unknown' : `${value} s`;
  };
  return `waiting for catch-up (CDC latency source ${seconds('CDCLatencySource')}, target ${seconds('CDCLatencyTarget')})`;
}
