import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CatchUpAttributes, CatchUpParams } from '../../../contract';
import { findLatencySeries, readLatencies, SeriesMatch } from './cloudwatch';
import { describeVerdict, judge, LATENCY_METRICS, Verdict } from './verdict';

export type { SeriesMatch } from './cloudwatch';
export { describeVerdict } from './verdict';

/** Status reported while the replication runs and the gate holds the stop back. */
export const WAITING_FOR_CATCH_UP = 'waiting-for-catch-up';

/** Reads both CDC latencies and judges whether the replication has caught up, as of `now`. */
export async function checkCatchUp(cw: CloudWatchClient, match: SeriesMatch, gate: CatchUpParams, now: number): Promise<Verdict> {
  const dimensionSets = await findLatencySeries(cw, match);
  const missing = LATENCY_METRICS.filter((m) => dimensionSets[m].length === 0);
  if (missing.length > 0) {
    return { kind: 'unknown', readAt: now, missing: `no ${missing.join(' and no ')} metric recently active for ${match.describe}` };
  }
  return judge(await readLatencies(cw, dimensionSets, gate, now), gate, now);
}

/**
 * The catch-up attributes of a replication that stopped at `stoppedAt` during this operation: the
 * latencies of the last minute both were published for before the stop, and the time from the
 * operation's start to the stop. (The Provider keeps only the first call's Data across polls, so the
 * poll that sees the stop reads them back from CloudWatch and the replication's stop date.)
 */
export async function attributesAtStop(
  cw: CloudWatchClient,
  match: SeriesMatch,
  gate: CatchUpParams,
  startedAt: number,
  stoppedAt: number | undefined,
): Promise<Record<string, string>> {
  if (stoppedAt === undefined || stoppedAt < startedAt) return {};
  const verdict = await checkCatchUp(cw, match, gate, stoppedAt);
  return {
    [CatchUpAttributes.CATCH_UP_WAIT_SECONDS]: String(Math.round((stoppedAt - startedAt) / 1000)),
    ...(verdict.latest
      ? {
          [CatchUpAttributes.SOURCE_LATENCY_AT_STOP]: String(verdict.latest.source),
          [CatchUpAttributes.TARGET_LATENCY_AT_STOP]: String(verdict.latest.target),
        }
      : {}),
  };
}

/** The gate's line for the logs and the deadline's failure reason. */
export function gateDetail(verdict: Verdict, gate: CatchUpParams, match: SeriesMatch): string {
  return describeVerdict(verdict, gate, match.describe);
}
