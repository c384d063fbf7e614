import { join } from 'node:path';
import { DOCUMENTED_RATE_LIMITS, Emulator } from '../emulator';
import { EnvironmentPool } from '../emulator/harness/environment-pool';
import type { Invocation } from '../emulator/harness/local-lambda';
import { CfnOutcome, ProviderDriver } from '../emulator/harness/provider-driver';
import { CommonProps, DEFAULT_POLL_INTERVAL_SECONDS, MAX_TIMEOUT_SECONDS, POLL_INTERVAL_ENV } from '../contract';
import { PER_RESOURCE_READS_ENV } from '../lambda/engine/shared-reads';
import { median, round1, StackSpec, synthesize } from './footprint';
import type { BenchOperation } from './operations';
import { asCloudFormationSends, seedTeardownStack } from './variants';

/** How the handler reads its targets while waiting. */
export type ReadDesign = 'shared' | 'per-resource';

export interface ApiRateWorkload {
  readonly label: string;
  /** The stack: its resources are all deleted (or created) at once. */
  readonly spec: StackSpec;
  /** Which operation built resource i (as the stack spec did). */
  readonly operationOf: (index: number) => BenchOperation;
}

/** Emulated seconds every target takes from the operation's request to its end state. */
export const API_RATE_OPERATION_S = 300;
/** Emulator clock speed (a Lambda invocation of a few real ms counts ×speed: errs on the slow side). */
export const API_RATE_SPEED = 20;
/**
 * Execution environments per function. Lambda would scale further; an invocation finding all of
 * them busy waits, where Lambda would throttle and the caller retry. The result records whether it
 * happened.
 */
export const API_RATE_MAX_ENVIRONMENTS = 16;

const CUT = 'the measurement window is over';

const GOAL: Record<string, string> = {
  DmsStopReplicationTask: 'stopped',
  DmsStopReplication: 'stopped',
  DmsAssessmentRun: 'passed',
  DrsStopReplication: 'STOPPED',
  RdsCancelExportTask: 'CANCELED',
  HuaweiDcsStopMigrationTask: 'TERMINATED',
  DmsStartReplicationTask: 'running',
  DmsStartReplication: 'running',
  DrsStartReplication: 'CONTINUOUS',
};

export interface ServiceTraffic {
  readonly calls: number;
  readonly throttled: number;
  readonly peakPerSecond: number;
  readonly averagePerSecond: number;
  /** Calls per API action. */
  readonly byOperation: Record<string, number>;
}

export interface ApiRateResult {
  readonly workload: string;
  readonly design: ReadDesign;
  readonly n: number;
  /** Emulated seconds from the first event to the last resource's answer. */
  readonly windowS: number;
  readonly dms: ServiceTraffic;
  readonly rds: ServiceTraffic;
  readonly failed: number;
  readonly failedByThrottling: number;
  /** True when the run was cut short at its observation window: figures cover that window only. */
  readonly cut: boolean;
  /** isComplete invocations per emulated second (the design asks for N per poll interval). */
  readonly pollsPerSecond: number;
  readonly reached: number;
  readonly medianDelayS: number;
  readonly maxDelayS: number;
  readonly environments: { readonly onEvent: number; readonly isComplete: number; readonly queued: number; readonly cap: number };
  readonly operationS: number;
  readonly speed: number;
  readonly failures: string[];
}

/**
 * Every resource of the workload's stack sent at once, as CloudFormation sends a teardown, through
 * the Provider's schedule (onEvent, then isComplete every poll interval), to two functions modelled
 * as pools of execution environments, against the emulator enforcing DMS's and RDS's documented
 * account quotas. Figures are in emulated seconds.
 */
export async function measureApiRate(
  handlerDir: string,
  workload: ApiRateWorkload,
  design: ReadDesign,
  workDir: string,
  /** Emulated seconds after which the run is cut short (the previous design's rate shows well before it ends). */
  observeS?: number,
): Promise<ApiRateResult> {
  const speed = API_RATE_SPEED;
  const durationMs = API_RATE_OPERATION_S * 1000;
  const pollIntervalMs = (DEFAULT_POLL_INTERVAL_SECONDS * 1000) / speed;
  const template = synthesize(workload.spec, join(workDir, 'cdk.out', `api-rate-${workload.spec.kind}`)).template;
  const emulator = await Emulator.start({
    speed,
    rateLimits: DOCUMENTED_RATE_LIMITS,
    dms: { stopDurationMs: durationMs },
    dmsServerless: { stopDurationMs: durationMs },
    drs: { stopDurationMs: durationMs },
    rds: { cancelDurationMs: durationMs },
    dcs: { stopDurationMs: durationMs },
    dmsAssessments: { startingMs: 5_000, provisioningMs: 15_000, runningMs: durationMs - 20_000 },
    dmsStarts: { startDurationMs: durationMs },
    dmsServerlessStarts: { startUpStepMs: durationMs / 7 },
    drsStarts: { initiatingMs: durationMs / 3, initialSyncMs: (durationMs * 2) / 3 },
  });
  const environment = {
    ...emulator.environment(),
    [POLL_INTERVAL_ENV]: String(pollIntervalMs / 1000),
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    ...(design === 'per-resource' ? { [PER_RESOURCE_READS_ENV]: '1' } : {}),
  };
  const pool = () => new EnvironmentPool({ modulePath: join(handlerDir, 'index.mjs'), environment, maxEnvironments: API_RATE_MAX_ENVIRONMENTS });
  const onEventPool = pool();
  const isCompletePool = pool();
  try {
    // Once the observation window is over, every further invocation fails at once and the run ends.
    let cut = false;
    let polls = 0;
    const driver = new ProviderDriver(
      {
        invoke: async <T>(handler: string, event: unknown) => {
          if (cut) return { ok: false, error: { name: 'Cut', message: CUT }, durationMs: 0, unhandledRejections: [] } as Invocation<T>;
          if (handler === 'isComplete') polls += 1;
          return (handler === 'onEvent' ? onEventPool : isCompletePool).invoke<T>(handler, event);
        },
      },
      { pollIntervalMs, totalTimeoutMs: ((MAX_TIMEOUT_SECONDS + DEFAULT_POLL_INTERVAL_SECONDS) * 1000) / speed, stackId: seedTeardownStack(emulator) },
    );
    const resources = customResources(template);
    const requests = resources.map(({ index, logicalId, properties }) => {
      const operation = workload.operationOf(index);
      const seeded = operation.seed(emulator, index);
      return {
        operation,
        seeded,
        request: {
          RequestType: operation.requestType,
          ResourceType: operation.resourceType,
          LogicalResourceId: logicalId,
          ...(operation.requestType === 'Delete' ? { PhysicalResourceId: seeded.physicalId } : {}),
          ResourceProperties: {
            ...properties,
            ...seeded.properties,
            // The longest timeout, on the same scaled clock (the handler measures elapsed real time).
            [CommonProps.TIMEOUT_SECONDS]: String(MAX_TIMEOUT_SECONDS / speed),
          },
        },
      };
    });
    const startedAt = emulator.clock.now();
    const timer = observeS === undefined ? undefined : setTimeout(() => (cut = true), emulator.clock.toRealMs(observeS * 1000));
    const outcomes = await Promise.all(
      requests.map(async ({ request }) => {
        const outcome: CfnOutcome = await driver.send(request);
        return { outcome, at: emulator.clock.now() };
      }),
    );
    clearTimeout(timer);
    const endedAt = cut ? startedAt + observeS! * 1000 : Math.max(...outcomes.map((o) => o.at));
    const calls = emulator.callLog();
    const delays: number[] = [];
    const failures: string[] = [];
    let reached = 0;
    outcomes.forEach(({ outcome, at }, k) => {
      const { operation, seeded } = requests[k];
      if (outcome.reason === CUT) return;
      if (outcome.status !== 'SUCCESS') {
        failures.push(`${request(k)}: ${outcome.reason}`);
        return;
      }
      if (outcome.data.Status === GOAL[operation.name]) reached += 1;
      else failures.push(`${request(k)}: ended "${outcome.data.Status}"`);
      // The target reached its end state `durationMs` after the successful request that started it.
      const id = operation.requestType === 'Delete' ? seeded.physicalId.split('/').pop()! : seeded.physicalId;
      const action = calls.find((c) => c.operation === operation.action && c.status === 200 && JSON.stringify(c.params).includes(id));
      if (action) delays.push((at - (action.at + durationMs)) / 1000);
    });
    function request(k: number): string {
      return `${requests[k].operation.name} ${requests[k].request.LogicalResourceId}`;
    }
    const traffic = (service: string): ServiceTraffic => {
      const t = emulator.traffic(service, { fromMs: startedAt, toMs: endedAt + 1 });
      const byOperation: Record<string, number> = {};
      for (const c of calls) if (c.service === service && c.at >= startedAt && c.at <= endedAt) byOperation[c.operation] = (byOperation[c.operation] ?? 0) + 1;
      return { calls: t.calls, throttled: t.throttled, peakPerSecond: t.peakPerSecond, averagePerSecond: round2(t.averagePerSecond), byOperation };
    };
    const onEventStats = onEventPool.stats();
    const isCompleteStats = isCompletePool.stats();
    return {
      workload: workload.label,
      design,
      n: requests.length,
      windowS: round1((endedAt - startedAt) / 1000),
      dms: traffic('dms'),
      rds: traffic('rds'),
      failed: outcomes.filter((o) => o.outcome.status !== 'SUCCESS' && o.outcome.reason !== CUT).length,
      cut,
      pollsPerSecond: round2(polls / ((endedAt - startedAt) / 1000)),
      failedByThrottling: outcomes.filter((o) => o.outcome.status !== 'SUCCESS' && /thrott|rate exceeded/i.test(o.outcome.reason ?? '')).length,
      reached,
      medianDelayS: delays.length ? round1(median(delays)) : NaN,
      maxDelayS: delays.length ? round1(Math.max(...delays)) : NaN,
      environments: {
        onEvent: onEventStats.environments,
        isComplete: isCompleteStats.environments,
        queued: onEventStats.queuedInvocations + isCompleteStats.queuedInvocations,
        cap: API_RATE_MAX_ENVIRONMENTS,
      },
      operationS: API_RATE_OPERATION_S,
      speed,
      failures: failures.slice(0, 5),
    };
  } finally {
    await Promise.all([onEventPool.stop(), isCompletePool.stop()]);
    await emulator.stop();
  }
}

/** The template's cdk-cutover resources, with the index of the construct (`Op<i>`) that made each. */
function customResources(template: { Resources?: Record<string, any> }): Array<{ index: number; logicalId: string; properties: Record<string, unknown> }> {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => String(r.Type).startsWith('Custom::Cutover'))
    .map(([logicalId, r]) => {
      // The construct `Op<i>`'s resource: its logical id is the construct id and an 8-digit hash.
      const match = /^Op(\d+)[0-9A-F]{8}$/.exec(logicalId);
      if (!match) throw new Error(`Cannot tell which operation made ${logicalId}`);
      const { ServiceToken: _token, ...rest } = r.Properties as Record<string, unknown>;
      return { index: Number(match[1]), logicalId, properties: asCloudFormationSends(rest) as Record<string, unknown> };
    })
    .sort((a, b) => a.index - b.index);
}

const round2 = (x: number) => Math.round(x * 100) / 100;
