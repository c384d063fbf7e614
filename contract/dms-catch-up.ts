/**
 * The catch-up gate of the DMS stop operations (`stopWhenCaughtUp`): its wire properties, its
 * attributes and the ONE validator the construct (at synth) and the handler (at run time) apply.
 *
 * Facts it rests on (public AWS DMS documentation, "Monitoring DMS tasks"): CDCLatencySource is the
 * gap in seconds between the last event captured from the source and now, CDCLatencyTarget the gap
 * between the first event waiting to commit on the target and now; both are published to CloudWatch
 * namespace AWS/DMS as standard-resolution metrics, so the finest period GetMetricData can ask for
 * is 60 seconds.
 */
import { InvalidPropertyError, IsUnresolved } from './rules';

/** @internal */
export const CatchUpProps = {
  /** Seconds; present only when stopWhenCaughtUp is set (its presence switches the gate on). */
  MAX_LATENCY_SECONDS: 'CatchUpMaxLatencySeconds',
  STABLE_FOR_SECONDS: 'CatchUpStableForSeconds',
} as const;

/** @internal */
export const CatchUpAttributes = {
  /** CDCLatencySource (seconds) of the last minute the gate judged before the stop. */
  SOURCE_LATENCY_AT_STOP: 'SourceLatencyAtStop',
  /** CDCLatencyTarget (seconds) of the last minute the gate judged before the stop. */
  TARGET_LATENCY_AT_STOP: 'TargetLatencyAtStop',
  /** Seconds from the start of the operation until the replication stopped. */
  CATCH_UP_WAIT_SECONDS: 'CatchUpWaitSeconds',
} as const;

/** @internal */
export const CATCH_UP_ATTRIBUTE_NAMES: readonly string[] = Object.values(CatchUpAttributes);

/**
 * Default `maxLatency`: 5 seconds. With writes to the source quiesced, DMS reports CDCLatencySource
 * 0 once it finds no new event, and CDCLatencyTarget falls to the apply cycle (about a second); 5 s
 * tolerates that cycle and a one-minute Maximum catching a last commit, while any real backlog
 * (tens of seconds and more) keeps the gate closed.
 *
 * @internal
 */
export const DEFAULT_MAX_LATENCY_SECONDS = 5;

/**
 * Default `stableFor`: 3 minutes, i.e. three consecutive one-minute maxima. One minute is
 * CloudWatch's finest period for these metrics; a single good minute can be a lull between bursts,
 * three in a row mean the writers are quiet. It leaves the default 30-minute timeout 27 minutes to
 * catch up.
 *
 * @internal
 */
export const DEFAULT_STABLE_FOR_SECONDS = 180;

/**
 * CloudWatch's period for standard-resolution metrics: the gate reads one-minute maxima.
 *
 * @internal
 */
export const CATCH_UP_PERIOD_SECONDS = 60;

/**
 * How late CloudWatch may show a minute's datapoint (the publishing interval is not documented): the
 * gate looks this far back beyond `stableFor`, and a window ending earlier is not current.
 *
 * @internal
 */
export const CATCH_UP_PUBLISH_ALLOWANCE_SECONDS = 180;

/**
 * The gate's settings, in seconds.
 *
 * @internal
 */
export interface CatchUpParams {
  readonly maxLatencySeconds: number;
  readonly stableForSeconds: number;
}

/**
 * The timing the catch-up rule is checked against: the operation's timeout and its poll interval.
 *
 * @internal
 */
export interface OperationTiming {
  readonly timeoutSeconds: number;
  readonly pollIntervalSeconds: number;
}

/**
 * The one rule of `stopWhenCaughtUp`: stableFor at least one CloudWatch period, maxLatency above 0,
 * and stableFor plus a poll within the operation's timeout (the gate cannot pass otherwise).
 *
 * @internal
 */
export function catchUpProblem(params: CatchUpParams, timeoutSeconds: number, pollIntervalSeconds: number): string | undefined {
  const { maxLatencySeconds: max, stableForSeconds: stable } = params;
  if (!Number.isFinite(max) || max <= 0) {
    return `"stopWhenCaughtUp.maxLatency" is ${max} seconds; it must be above 0 (CDC latency is reported in whole seconds: use at least Duration.seconds(1))`;
  }
  if (!Number.isFinite(stable) || stable < CATCH_UP_PERIOD_SECONDS) {
    return `"stopWhenCaughtUp.stableFor" is ${stable} seconds; it must be at least 1 minute, CloudWatch's period for the DMS latency metrics`;
  }
  if (stable + pollIntervalSeconds > timeoutSeconds) {
    return (
      `"stopWhenCaughtUp.stableFor" (${stable} seconds) plus one poll (${pollIntervalSeconds} seconds) does not fit within "timeout" ` +
      `(${timeoutSeconds} seconds): the latencies could never be seen stable before the deadline. Raise "timeout" (up to 12 hours for a step that waits on Create or Update, otherwise 1 hour) or lower "stableFor"`
    );
  }
  return undefined;
}

/**
 * Construct side: the gate's wire properties, checked against the effective timeout (tokens skipped).
 *
 * @internal
 */
export function encodeCatchUp(params: Partial<CatchUpParams> | undefined, timing: OperationTiming | undefined, isUnresolved: IsUnresolved): Record<string, string> {
  if (!params || !timing) return {};
  const resolved: CatchUpParams = {
    maxLatencySeconds: params.maxLatencySeconds ?? DEFAULT_MAX_LATENCY_SECONDS,
    stableForSeconds: params.stableForSeconds ?? DEFAULT_STABLE_FOR_SECONDS,
  };
  if (!isUnresolved(resolved.maxLatencySeconds) && !isUnresolved(resolved.stableForSeconds)) {
    const problem = catchUpProblem(resolved, timing.timeoutSeconds, timing.pollIntervalSeconds);
    if (problem) throw new Error(problem);
  }
  return {
    [CatchUpProps.MAX_LATENCY_SECONDS]: String(resolved.maxLatencySeconds),
    [CatchUpProps.STABLE_FOR_SECONDS]: String(resolved.stableForSeconds),
  };
}

/**
 * Handler side: `{ catchUp }` with the gate's settings ({} when it is off), or an InvalidPropertyError.
 *
 * @internal
 */
export function decodeCatchUp(properties: Record<string, unknown>, timing: OperationTiming | undefined): { catchUp?: CatchUpParams } {
  const max = properties[CatchUpProps.MAX_LATENCY_SECONDS];
  const stable = properties[CatchUpProps.STABLE_FOR_SECONDS];
  if ((max === undefined && stable === undefined) || !timing) return {};
  const params = {
    maxLatencySeconds: max === undefined ? DEFAULT_MAX_LATENCY_SECONDS : Number(max),
    stableForSeconds: stable === undefined ? DEFAULT_STABLE_FOR_SECONDS : Number(stable),
  };
  const problem = catchUpProblem(params, timing.timeoutSeconds, timing.pollIntervalSeconds);
  if (problem) throw new InvalidPropertyError(problem);
  return { catchUp: params };
}
