import { DmsStopProps, POLL_INTERVAL_ENV, ResourceTypes } from '../../contract';
import { DOCUMENTED_RATE_LIMITS, Emulator } from '../../emulator';
import { EnvironmentPool } from '../../emulator/harness/environment-pool';
import { ProviderDriver } from '../../emulator/harness/provider-driver';
import { PER_RESOURCE_READS_ENV } from '../../lambda/engine/shared-reads';
import { commonProps, HANDLER_MODULE } from '../support/rig';

// The emulator's clock runs 20× faster than the test's, so the Provider's 10-second poll is
// 500 ms here and DMS's documented quota (100 at once, 4 per second) applies per emulated second.
const SPEED = 20;
const POLL_MS = 500;
const INTERVAL_S = (POLL_MS * SPEED) / 1000;
const STOP_S = 60;
const ENVIRONMENTS = 3;

interface Teardown {
  readonly emulator: Emulator;
  readonly outcomes: Array<{ status: string; reason?: string; data: Record<string, string> }>;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly isCompleteEnvironments: number;
  /** isComplete invocations, all resources together. */
  readonly polls: number;
}

/** Deletes `n` resources stopping `n` running tasks at once, as CloudFormation tears a stack down. */
async function tearDown(n: number, environment: Record<string, string> = {}): Promise<Teardown> {
  const emulator = await Emulator.start({ speed: SPEED, rateLimits: DOCUMENTED_RATE_LIMITS, dms: { stopDurationMs: STOP_S * 1000 } });
  const env = { ...emulator.environment(), [POLL_INTERVAL_ENV]: String(POLL_MS / 1000), POWERTOOLS_LOG_LEVEL: 'ERROR', ...environment };
  const onEvent = new EnvironmentPool({ modulePath: HANDLER_MODULE, environment: env, maxEnvironments: ENVIRONMENTS });
  const isComplete = new EnvironmentPool({ modulePath: HANDLER_MODULE, environment: env, maxEnvironments: ENVIRONMENTS });
  try {
    const driver = new ProviderDriver(
      { invoke: (handler, event) => (handler === 'onEvent' ? onEvent : isComplete).invoke(handler, event) },
      { pollIntervalMs: POLL_MS, totalTimeoutMs: 60_000 },
    );
    const arns = Array.from({ length: n }, (_, i) => emulator.dms.seedTask({ identifier: `wave-${i}` }));
    const startedAt = emulator.clock.now();
    const outcomes = await Promise.all(
      arns.map((arn, i) =>
        driver.send({
          RequestType: 'Delete',
          ResourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
          LogicalResourceId: `Stop${i}`,
          PhysicalResourceId: arn,
          ResourceProperties: { [DmsStopProps.REPLICATION_TASK_ARN]: arn, ...commonProps({ timeoutSeconds: 30 }) },
        }),
      ),
    );
    const polls = outcomes.reduce((sum, o) => sum + o.polls, 0);
    return { emulator, outcomes, startedAt, endedAt: emulator.clock.now(), isCompleteEnvironments: isComplete.stats().environments, polls };
  } finally {
    await Promise.all([onEvent.stop(), isComplete.stop()]);
  }
}

/** Listings the polls made: DescribeReplicationTasks without a filter, one page per 100 tasks. */
const listings = (emulator: Emulator) => emulator.callLog({ service: 'dms', operation: 'DescribeReplicationTasks' }).filter((c) => !c.params.Filters);

describe.each([120, 200])('%i DMS stops waiting at once against DMS\'s documented quota', (n) => {
  let teardown: Teardown;
  beforeAll(async () => {
    teardown = await tearDown(n);
  }, 120_000);
  afterAll(() => teardown.emulator.stop());

  test('every task is stopped and no resource fails, though DMS throttled the first calls', () => {
    // The first calls (a read and a stop each) exceed DMS's burst of 100.
    expect(teardown.emulator.traffic('dms').throttled).toBeGreaterThan(0);
    expect(teardown.outcomes.filter((o) => o.status !== 'SUCCESS').map((o) => o.reason)).toEqual([]);
    expect(teardown.outcomes.every((o) => o.data.Status === 'stopped')).toBe(true);
  });

  test('polls read each environment\'s shared listing at most once per poll interval, whatever N is', () => {
    const { emulator, startedAt, endedAt, isCompleteEnvironments } = teardown;
    const intervals = (endedAt - startedAt) / 1000 / INTERVAL_S;
    const pages = Math.ceil(n / 100);
    const made = listings(emulator);
    // At most one listing per environment and interval (each of `pages` calls), plus the one each
    // environment may start at the very end.
    expect(made.length).toBeLessThanOrEqual(isCompleteEnvironments * pages * (Math.ceil(intervals) + 1));
    // The polls themselves read no task on their own: the direct reads are the first calls' (one
    // per resource, and its SDK retries when DMS throttled the burst).
    const direct = emulator.callLog({ service: 'dms', operation: 'DescribeReplicationTasks' }).filter((c) => c.params.Filters);
    expect(direct.length).toBeLessThanOrEqual(n + emulator.traffic('dms').throttled);
    expect(made.length * 5).toBeLessThan(teardown.polls);
  });

  test('while the tasks stop, DMS sees at most half its sustained quota', () => {
    const { emulator, startedAt, endedAt } = teardown;
    // From the moment every stop has been accepted to the last answer: the waiting phase.
    const stops = emulator.callLog({ service: 'dms', operation: 'StopReplicationTask' }).filter((c) => c.status === 200);
    const lastStop = Math.max(...stops.map((c) => c.at));
    expect(stops).toHaveLength(n);
    const waiting = emulator.traffic('dms', { fromMs: lastStop + 1, toMs: endedAt + 1 });
    expect(waiting.throttled).toBe(0);
    expect(waiting.averagePerSecond).toBeLessThanOrEqual(DOCUMENTED_RATE_LIMITS.dms!.perSecond / 2);
    expect(endedAt - startedAt).toBeGreaterThan(STOP_S * 1000);
  });
});

test('each resource polling on its own (the previous design) makes one DMS read per poll instead', async () => {
  // GIVEN the benchmark's switch back to one read per resource per poll
  const teardown = await tearDown(60, { [PER_RESOURCE_READS_ENV]: '1' });
  try {
    // THEN no listing is shared, and every poll read its task directly: the rate grows with N
    expect(listings(teardown.emulator)).toHaveLength(0);
    const direct = teardown.emulator.callLog({ service: 'dms', operation: 'DescribeReplicationTasks' }).filter((c) => c.params.Filters && c.status === 200);
    expect(direct.length).toBeGreaterThanOrEqual(teardown.polls);
  } finally {
    await teardown.emulator.stop();
  }
}, 120_000);
