import { DmsReplicationStopProps, DmsStopProps, DrsStopProps, POLL_INTERVAL_ENV, ResourceTypes } from '../../contract';
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

/** One kind of waiting stop: how its targets are seeded, sent and listed. */
interface StopKind {
  readonly label: string;
  readonly service: 'dms' | 'drs';
  readonly resourceType: string;
  seed(emulator: Emulator, index: number): string;
  properties(arn: string): Record<string, string>;
  /** The Describe action whose unfiltered calls are the shared listings, and the filtered ones direct reads. */
  readonly listing: string;
  /** Targets per page of a listing. */
  readonly pageSize: number;
  readonly stop: string;
  /** The state every target ends in. */
  readonly goal: string;
}

const TASKS: StopKind = {
  label: 'DmsStopReplicationTask',
  resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
  seed: (emulator, i) => emulator.dms.seedTask({ identifier: `wave-${i}` }),
  properties: (arn) => ({ [DmsStopProps.REPLICATION_TASK_ARN]: arn }),
  service: 'dms',
  listing: 'DescribeReplicationTasks',
  pageSize: 100,
  stop: 'StopReplicationTask',
  goal: 'stopped',
};

const REPLICATIONS: StopKind = {
  label: 'DmsStopReplication',
  resourceType: ResourceTypes.DMS_STOP_REPLICATION,
  seed: (emulator, i) => emulator.dmsServerless.seedReplication({ identifier: `wave-serverless-${i}` }),
  properties: (arn) => ({ [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: arn }),
  service: 'dms',
  listing: 'DescribeReplications',
  pageSize: 100,
  stop: 'StopReplication',
  goal: 'stopped',
};

// DRS publishes no API rate: its targets are watched for the same bound on listings, without a quota.
const SOURCE_SERVERS: StopKind = {
  label: 'DrsStopReplication',
  resourceType: ResourceTypes.DRS_STOP_REPLICATION,
  seed: (emulator) => emulator.drs.seedSourceServer(),
  properties: (id) => ({ [DrsStopProps.SOURCE_SERVER_ID]: id }),
  service: 'drs',
  listing: 'DescribeSourceServers',
  pageSize: 1000,
  stop: 'StopReplication',
  goal: 'STOPPED',
};

interface Teardown {
  readonly emulator: Emulator;
  readonly outcomes: Array<{ status: string; reason?: string; data: Record<string, string> }>;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly isCompleteEnvironments: number;
  /** isComplete invocations, all resources together. */
  readonly polls: number;
  /** Resources per kind. */
  readonly counts: Map<StopKind, number>;
}

/** Deletes `n` resources at once, resource i of `kinds[i % kinds.length]`, as CloudFormation tears a stack down. */
async function tearDown(n: number, kinds: readonly StopKind[], environment: Record<string, string> = {}): Promise<Teardown> {
  const emulator = await Emulator.start({
    speed: SPEED,
    rateLimits: DOCUMENTED_RATE_LIMITS,
    dms: { stopDurationMs: STOP_S * 1000 },
    dmsServerless: { stopDurationMs: STOP_S * 1000 },
    drs: { stopDurationMs: STOP_S * 1000 },
  });
  const env = { ...emulator.environment(), [POLL_INTERVAL_ENV]: String(POLL_MS / 1000), POWERTOOLS_LOG_LEVEL: 'ERROR', ...environment };
  const onEvent = new EnvironmentPool({ modulePath: HANDLER_MODULE, environment: env, maxEnvironments: ENVIRONMENTS });
  const isComplete = new EnvironmentPool({ modulePath: HANDLER_MODULE, environment: env, maxEnvironments: ENVIRONMENTS });
  try {
    const driver = new ProviderDriver(
      { invoke: (handler, event) => (handler === 'onEvent' ? onEvent : isComplete).invoke(handler, event) },
      // A stack being deleted: DRS is never stopped unless the Delete is known to be a teardown.
      { pollIntervalMs: POLL_MS, totalTimeoutMs: 60_000, stackId: emulator.cloudformation.seedStack({ stackName: 'WaveStack', status: 'DELETE_IN_PROGRESS' }) },
    );
    const targets = Array.from({ length: n }, (_, i) => {
      const kind = kinds[i % kinds.length];
      return { kind, arn: kind.seed(emulator, i) };
    });
    const counts = new Map(kinds.map((kind) => [kind, targets.filter((t) => t.kind === kind).length]));
    const startedAt = emulator.clock.now();
    const outcomes = await Promise.all(
      targets.map(({ kind, arn }, i) =>
        driver.send({
          RequestType: 'Delete',
          ResourceType: kind.resourceType,
          LogicalResourceId: `Stop${i}`,
          PhysicalResourceId: arn,
          ResourceProperties: { ...kind.properties(arn), ...commonProps({ timeoutSeconds: 30 }) },
        }),
      ),
    );
    const polls = outcomes.reduce((sum, o) => sum + o.polls, 0);
    return { emulator, outcomes, startedAt, endedAt: emulator.clock.now(), isCompleteEnvironments: isComplete.stats().environments, polls, counts };
  } finally {
    await Promise.all([onEvent.stop(), isComplete.stop()]);
  }
}

const filtered = (params: Record<string, unknown>) => params.Filters !== undefined || params.filters !== undefined;
/** The shared listings the polls made: the kind's Describe without a filter. */
const listings = (emulator: Emulator, kind: StopKind) => emulator.callLog({ service: kind.service, operation: kind.listing }).filter((c) => !filtered(c.params));
/** The direct reads: the kind's Describe filtered on one target. */
const directReads = (emulator: Emulator, kind: StopKind) => emulator.callLog({ service: kind.service, operation: kind.listing }).filter((c) => filtered(c.params));

describe.each([
  ['DMS task stops', 120, [TASKS]],
  ['DMS task stops', 200, [TASKS]],
  ['DMS Serverless stops', 200, [REPLICATIONS]],
  ['DMS task and DMS Serverless stops', 200, [TASKS, REPLICATIONS]],
  ['DMS task, DMS Serverless and DRS stops', 210, [TASKS, REPLICATIONS, SOURCE_SERVERS]],
] as const)('%s: %i waiting at once against DMS\'s documented quota', (_label, n, kinds) => {
  let teardown: Teardown;
  beforeAll(async () => {
    teardown = await tearDown(n, kinds);
  }, 120_000);
  afterAll(() => teardown.emulator.stop());

  test('every target is stopped and no resource fails, even where DMS throttled the first calls', () => {
    expect(teardown.outcomes.filter((o) => o.status !== 'SUCCESS').map((o) => o.reason)).toEqual([]);
    expect(teardown.outcomes.map((o, i) => o.data.Status === kinds[i % kinds.length].goal).every(Boolean)).toBe(true);
  });

  test('polls read each environment\'s shared listing at most once per poll interval, whatever N is', () => {
    const { emulator, startedAt, endedAt, isCompleteEnvironments, counts } = teardown;
    const intervals = (endedAt - startedAt) / 1000 / INTERVAL_S;
    for (const kind of kinds) {
      const count = counts.get(kind)!;
      const made = listings(emulator, kind);
      // At most one listing per environment and interval (each of its pages), plus the one each
      // environment may start at the very end.
      expect(made.length).toBeLessThanOrEqual(isCompleteEnvironments * Math.ceil(count / kind.pageSize) * (Math.ceil(intervals) + 1));
      // The polls themselves read no target on their own: the direct reads are the first calls'
      // (at most one per resource, and its SDK retries when DMS throttled the burst).
      expect(directReads(emulator, kind).length).toBeLessThanOrEqual(count + emulator.traffic(kind.service).throttled);
    }
    const allListings = kinds.reduce((sum, kind) => sum + listings(emulator, kind).length, 0);
    expect(allListings * 5).toBeLessThan(teardown.polls);
  });

  test('while the targets stop, DMS sees at most half its sustained quota', () => {
    const { emulator, startedAt, endedAt } = teardown;
    // From the moment every stop has been accepted to the last answer: the waiting phase.
    const stops = kinds.flatMap((kind) => emulator.callLog({ service: kind.service, operation: kind.stop }).filter((c) => c.status === 200));
    const lastStop = Math.max(...stops.map((c) => c.at));
    expect(stops).toHaveLength(n);
    const waiting = emulator.traffic('dms', { fromMs: lastStop + 1, toMs: endedAt + 1 });
    expect(waiting.averagePerSecond).toBeLessThanOrEqual(DOCUMENTED_RATE_LIMITS.dms!.perSecond / 2);
    // The stop burst may leave the bucket empty at lastStop; once it could have refilled (burst /
    // rate, in emulated seconds), polls at half the quota are never throttled. Emulated time, not a
    // wall-clock margin: on a loaded machine the burst's tail overlaps the first polls, but the
    // bucket's arithmetic is the same.
    const { burst, perSecond } = DOCUMENTED_RATE_LIMITS.dms!;
    const refilledAt = lastStop + (burst / perSecond) * 1000;
    expect(refilledAt).toBeLessThan(endedAt);
    expect(emulator.traffic('dms', { fromMs: refilledAt, toMs: endedAt + 1 }).throttled).toBe(0);
    expect(endedAt - startedAt).toBeGreaterThan(STOP_S * 1000);
  });
});

test('each resource polling on its own (the previous design) makes one DMS read per poll instead', async () => {
  // GIVEN the benchmark's switch back to one read per resource per poll
  const teardown = await tearDown(60, [TASKS], { [PER_RESOURCE_READS_ENV]: '1' });
  try {
    // THEN no listing is shared, and every poll read its task directly: the rate grows with N
    expect(listings(teardown.emulator, TASKS)).toHaveLength(0);
    const direct = directReads(teardown.emulator, TASKS).filter((c) => c.status === 200);
    expect(direct.length).toBeGreaterThanOrEqual(teardown.polls);
  } finally {
    await teardown.emulator.stop();
  }
}, 120_000);
