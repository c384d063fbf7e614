import { join } from 'node:path';
import { Emulator } from '../emulator';
import { LocalLambda } from '../emulator/harness/local-lambda';
import { ProviderDriver } from '../emulator/harness/provider-driver';
import { CommonProps, DEFAULT_POLL_INTERVAL_SECONDS, DmsStopProps, LifecycleEvent, MAX_TIMEOUT_SECONDS, POLL_INTERVAL_ENV, ResourceTypes } from '../contract';
import { median, round1 } from './footprint';
import { dmsTaskArn } from './operations';
import { seedTeardownStack } from './variants';

/** An operation length to measure, and how much faster than real time the emulator plays it. */
export interface WaitingScenario {
  readonly label: string;
  readonly durationS: number;
  /**
   * Emulator clock speed; the Provider's poll interval and the handler's are divided by it too.
   * Everything is reported back in emulated seconds. A local invocation (a few ms) is multiplied by
   * the speed as well, so the faster the clock, the more the figures err on the slow side.
   */
  readonly speed: number;
}

export const DEFAULT_SCENARIOS: readonly WaitingScenario[] = [
  { label: '30 s', durationS: 30, speed: 20 },
  { label: '5 min', durationS: 300, speed: 20 },
  { label: '50 min', durationS: 3000, speed: 100 },
];

/**
 * Where in the poll cycle the target finishes decides the delay (anywhere from nothing to one poll
 * interval plus one invocation), so each length is measured at `phases` offsets spread evenly over
 * one interval: length + (k + ½) × interval / phases.
 */
export function phaseOffsetsS(phases: number, intervalS = DEFAULT_POLL_INTERVAL_SECONDS): number[] {
  return Array.from({ length: phases }, (_, k) => ((k + 0.5) * intervalS) / phases);
}

export interface WaitingSample {
  /** Emulated seconds from the stop request to `stopped`. */
  readonly operationS: number;
  /** Emulated seconds from the task reaching `stopped` to the Provider receiving IsComplete. */
  readonly detectionDelayS: number;
  readonly polls: number;
  /** Every API call for this resource, the first event's included. */
  readonly apiCalls: number;
  /** API calls made while waiting (after the stop request) per emulated minute of waiting. */
  readonly callsPerMinuteWaiting: number;
}

export interface WaitingResult {
  readonly label: string;
  readonly durationS: number;
  readonly speed: number;
  readonly pollIntervalS: number;
  readonly samples: WaitingSample[];
  readonly medianDelayS: number;
  readonly maxDelayS: number;
  readonly maxCallsPerMinute: number;
  readonly medianApiCalls: number;
  /** Terraform's DMS stop waiter on the same operations, computed. */
  readonly terraform: TerraformReference;
}

/**
 * Runs the real handler bundle against the emulator the way the Provider framework drives it
 * (onEvent, then isComplete every poll interval), for DMS tasks whose stop takes the scenario's
 * length, all phases side by side.
 */
export async function measureWaiting(handlerDir: string, scenario: WaitingScenario, phases: number): Promise<WaitingResult> {
  const { speed } = scenario;
  const pollIntervalMs = (DEFAULT_POLL_INTERVAL_SECONDS * 1000) / speed;
  const emulator = await Emulator.start({ speed });
  const lambda = new LocalLambda({
    modulePath: join(handlerDir, 'index.mjs'),
    environment: { ...emulator.environment(), [POLL_INTERVAL_ENV]: String(pollIntervalMs / 1000), POWERTOOLS_LOG_LEVEL: 'WARN' },
  });
  try {
    await lambda.start();
    const driver = new ProviderDriver(lambda, {
      pollIntervalMs,
      totalTimeoutMs: ((MAX_TIMEOUT_SECONDS + DEFAULT_POLL_INTERVAL_SECONDS) * 1000) / speed,
      stackId: seedTeardownStack(emulator),
    });
    const offsets = phaseOffsetsS(phases);
    const samples = await Promise.all(
      offsets.map(async (offsetS, k) => {
        const operationS = scenario.durationS + offsetS;
        const arn = dmsTaskArn(1000 + k);
        emulator.dms.seedTask({ identifier: `wait-${k}`, arn, status: 'running', stopDurationMs: operationS * 1000 });
        const outcome = await driver.send({
          RequestType: 'Delete',
          ResourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
          LogicalResourceId: `Wait${k}`,
          PhysicalResourceId: arn,
          ResourceProperties: {
            [DmsStopProps.REPLICATION_TASK_ARN]: arn,
            [CommonProps.RUN_ON]: [LifecycleEvent.DELETE],
            [CommonProps.WAIT_FOR_COMPLETION]: 'true',
            // The longest timeout, on the same scaled clock (the handler measures elapsed real time).
            [CommonProps.TIMEOUT_SECONDS]: String(MAX_TIMEOUT_SECONDS / speed),
          },
        });
        const completedAt = emulator.clock.now();
        if (outcome.status !== 'SUCCESS' || outcome.data.Status !== 'stopped') {
          throw new Error(`Waiting for a ${operationS} s stop did not succeed: ${outcome.status} ${outcome.reason ?? JSON.stringify(outcome.data)}`);
        }
        // Its own calls, and every listing polls shared while it waited, counted in full against it
        // (an upper bound: the phases share them).
        const calls = emulator
          .callLog({ service: 'dms' })
          .filter((c) => JSON.stringify(c.params).includes(arn) || (c.operation === 'DescribeReplicationTasks' && !c.params.Filters && c.at <= completedAt));
        const stop = calls.find((c) => c.operation === 'StopReplicationTask' && c.status === 200);
        if (!stop) throw new Error(`No StopReplicationTask reached the emulator for ${arn}`);
        const stoppedAt = stop.at + operationS * 1000;
        const waitingCalls = calls.filter((c) => c.at > stop.at).length;
        return {
          operationS,
          detectionDelayS: round1((completedAt - stoppedAt) / 1000),
          polls: outcome.polls,
          apiCalls: calls.length,
          callsPerMinuteWaiting: round1(waitingCalls / ((completedAt - stop.at) / 60_000)),
        };
      }),
    );
    const delays = samples.map((s) => s.detectionDelayS);
    return {
      label: scenario.label,
      durationS: scenario.durationS,
      speed,
      pollIntervalS: DEFAULT_POLL_INTERVAL_SECONDS,
      samples,
      medianDelayS: round1(median(delays)),
      maxDelayS: Math.max(...delays),
      maxCallsPerMinute: Math.max(...samples.map((s) => s.callsPerMinuteWaiting)),
      medianApiCalls: median(samples.map((s) => s.apiCalls)),
      terraform: terraformStopWaiter(samples.map((s) => s.operationS)),
    };
  } finally {
    await lambda.stop();
    await emulator.stop();
  }
}

/**
 * terraform-provider-aws waits for a stopped DMS task with a StateChangeConf: first read 60 s after
 * the stop, then a read every 10 s (MinTimeout), done after two consecutive `stopped` reads, and a
 * fixed 5-minute timeout. These are its documented parameters, so the row is computed, not run.
 */
export const TERRAFORM_STOP_WAITER = { delayS: 60, pollS: 10, consecutive: 2, timeoutS: 300 } as const;

export interface TerraformReference {
  /** Per operation: detection delay in seconds, or null when the waiter times out first. */
  readonly delaysS: Array<number | null>;
  readonly medianDelayS: number | null;
  readonly maxDelayS: number | null;
  readonly timedOut: number;
  readonly maxCallsPerMinute: number;
}

export function terraformStopWaiter(operationsS: number[], waiter = TERRAFORM_STOP_WAITER): TerraformReference {
  const delays: Array<number | null> = [];
  const rates: number[] = [];
  for (const operationS of operationsS) {
    let consecutive = 0;
    let reads = 0;
    let doneAt: number | null = null;
    for (let t = waiter.delayS; t <= waiter.timeoutS; t += waiter.pollS) {
      reads += 1;
      consecutive = t >= operationS ? consecutive + 1 : 0;
      if (consecutive === waiter.consecutive) {
        doneAt = t;
        break;
      }
    }
    delays.push(doneAt === null ? null : round1(doneAt - operationS));
    // Reads per minute of waiting, the stop call excluded (as for ours).
    rates.push(round1(reads / ((doneAt ?? waiter.timeoutS) / 60)));
  }
  const finished = delays.filter((d): d is number => d !== null);
  return {
    delaysS: delays,
    medianDelayS: finished.length === delays.length ? round1(median(finished)) : null,
    maxDelayS: finished.length === delays.length ? Math.max(...finished) : null,
    timedOut: delays.length - finished.length,
    maxCallsPerMinute: Math.max(...rates),
  };
}
