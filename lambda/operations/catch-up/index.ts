import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CatchUpAttributes, CatchUpParams, decodeCommonProperties, OperationTiming } from '../../../contract';
import { pollIntervalMs } from '../../engine/deadline';
import type { StepContext, StepResult } from '../../engine/operation';
import type { SeriesMatch } from './cloudwatch';
import { describeVerdict, judge, LATENCY_METRICS, Verdict } from './verdict';

export type { SeriesMatch } from './cloudwatch';

/** Status reported while the replication runs and the gate holds the stop back. */
export const WAITING_FOR_CATCH_UP = 'waiting-for-catch-up';

/** What the catch-up rule is checked against on the handler side: the decoded timeout and the poll it is given. */
export function timingOf(properties: Record<string, unknown>, resourceType: string): OperationTiming {
  const pollIntervalSeconds = pollIntervalMs() / 1000;
  return { timeoutSeconds: decodeCommonProperties(properties, resourceType, pollIntervalSeconds).timeoutSeconds, pollIntervalSeconds };
}

/** What to do when the deadline passes with the gate still closed; `raise` is the engine's sentence on raising "timeout". */
export function catchUpTimeoutAdvice(raise: string): string {
  return (
    'The replication was NOT stopped, so no change is lost. Quiesce writes to the source so the latencies fall, or check the replication in the ' +
    `DMS console (CloudWatch metrics CDCLatencySource/CDCLatencyTarget), then retry the stack operation. ${raise}`
  );
}

/**
 * On a running replication with the gate set: undefined when it may be stopped now, otherwise the
 * waiting result (status waiting-for-catch-up, with what the gate saw as the detail).
 */
export async function holdUntilCaughtUp(cw: CloudWatchClient, match: SeriesMatch, gate: CatchUpParams, context: StepContext): Promise<StepResult | undefined> {
  const verdict = await checkCatchUp(cw, match, gate, Date.now());
  // At the last poll a stop could not be seen through: the operation fails without stopping.
  if (verdict.kind === 'caught-up' && !context.finalLook) return undefined;
  return { kind: 'waiting', status: WAITING_FOR_CATCH_UP, issued: false, detail: describeVerdict(verdict, gate, match.describe) };
}

/** Reads both CDC latencies and judges whether the replication has caught up, as of `now`. */
export async function checkCatchUp(cw: CloudWatchClient, match: SeriesMatch, gate: CatchUpParams, now: number): Promise<Verdict> {
  // Imported here, not at the top: only gated stops read CloudWatch, so a plain stop (and every
  // Delete of one) loads neither these reads nor the CloudWatch commands' code.
  const { findLatencySeries, readLatencies } = await import('./cloudwatch');
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
