import { Duration } from 'aws-cdk-lib';
import { CatchUpParams } from '../contract';

/**
 * When a DMS stop may happen: only once the replication has caught up, i.e. both CDC latencies
 * (CloudWatch `AWS/DMS` metrics `CDCLatencySource` and `CDCLatencyTarget`, one-minute maxima)
 * stayed at or below the maximum latency for the stable period. Until then the operation waits, within its
 * `timeout`; at the deadline it fails without stopping. Missing datapoints count as unknown,
 * never as caught up.
 */
export interface CatchUpOptions {
  /**
   * The highest CDC latency, source and target alike, at which the replication counts as caught up.
   *
   * Why 5 seconds: with writes to the source quiesced, DMS reports CDCLatencySource 0 once it
   * finds no new event and CDCLatencyTarget falls to its apply cycle (about a second); 5 seconds
   * tolerates that cycle and a last commit caught by a one-minute maximum, while any backlog worth
   * losing keeps the gate closed.
   *
   * @default Duration.seconds(5)
   */
  readonly maxLatency?: Duration;

  /**
   * How long both latencies must stay at or below the maximum latency, in whole minutes (rounded up):
   * every minute must have a datapoint for both metrics. At least 1 minute (CloudWatch's period for
   * these metrics), and this period plus one poll must fit within the operation's timeout.
   *
   * Why 3 minutes: three consecutive one-minute maxima; one quiet minute can be a lull between
   * bursts of writes, three in a row mean the writers have stopped. It leaves the default
   * 30-minute timeout 27 minutes to catch up.
   *
   * @default Duration.minutes(3)
   */
  readonly stableFor?: Duration;
}

/**
 * The options in seconds for the contract (a token stays a token: the handler then judges it).
 *
 * @internal
 */
export function catchUpParams(options: CatchUpOptions | undefined): Partial<CatchUpParams> | undefined {
  if (!options) return undefined;
  for (const [name, value] of [['maxLatency', options.maxLatency], ['stableFor', options.stableFor]] as const) {
    if (value?.isUnresolved()) {
      throw new Error(`"stopWhenCaughtUp.${name}" is a token; pass a literal Duration such as Duration.minutes(3), because it is checked against "timeout" at synth time`);
    }
  }
  return {
    ...(options.maxLatency ? { maxLatencySeconds: options.maxLatency.toSeconds() } : {}),
    ...(options.stableFor ? { stableForSeconds: options.stableFor.toSeconds() } : {}),
  };
}

/**
 * What reading the latencies needs: GetMetricData and ListMetrics define no resource types (Service
 * Authorization Reference), so they are granted on "*" (see private/unscoped-actions.ts).
 *
 * @internal
 */
export const CATCH_UP_ACTIONS = ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'];
