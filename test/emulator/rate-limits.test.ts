import { DatabaseMigrationServiceClient, DescribeReplicationTasksCommand } from '@aws-sdk/client-database-migration-service';
import { DescribeExportTasksCommand, RDSClient } from '@aws-sdk/client-rds';
import { DOCUMENTED_RATE_LIMITS, Emulator } from '../../emulator';
import { clientConfig } from './clients';

let emulator: Emulator;
beforeEach(async () => {
  // A tiny bucket, refilled slowly, so a test can empty it with a handful of calls.
  emulator = await Emulator.start({ rateLimits: { dms: { burst: 5, perSecond: 0.5 }, rds: { burst: 3, perSecond: 0.5 } } });
  emulator.dms.seedTask({ identifier: 'quota' });
  emulator.dms.seedTask({ identifier: 'quota-west', region: 'us-west-2' });
});
afterEach(() => emulator.stop());

const describeTasks = (client: DatabaseMigrationServiceClient) => client.send(new DescribeReplicationTasksCommand({})).then(() => 'ok', (e: Error) => e.name);

test('calls beyond the DMS burst get ThrottlingException, and the counters show it', async () => {
  // GIVEN a DMS quota of 5 at once
  const dms = new DatabaseMigrationServiceClient(clientConfig(emulator));
  // WHEN 7 calls arrive at once
  const outcomes = await Promise.all(Array.from({ length: 7 }, () => describeTasks(dms)));
  // THEN 5 pass and 2 are throttled with DMS's error, and the bench counters agree
  expect(outcomes.filter((o) => o === 'ok')).toHaveLength(5);
  expect(outcomes.filter((o) => o === 'ThrottlingException')).toHaveLength(2);
  const stats = emulator.traffic('dms');
  expect(stats).toMatchObject({ calls: 7, throttled: 2 });
  // The 7 calls take milliseconds, but may straddle a second boundary.
  expect(stats.peakPerSecond).toBeGreaterThanOrEqual(4);
  expect(stats.peakPerSecond).toBeLessThanOrEqual(7);
});

test('the bucket refills at its rate in emulated time', async () => {
  const dms = new DatabaseMigrationServiceClient(clientConfig(emulator));
  await Promise.all(Array.from({ length: 5 }, () => describeTasks(dms)));
  expect(await describeTasks(dms)).toBe('ThrottlingException');
  // WHEN two emulated seconds pass (0.5 token per second)
  emulator.clock.advance(2_000);
  // THEN exactly one more call is admitted
  expect(await describeTasks(dms)).toBe('ok');
  expect(await describeTasks(dms)).toBe('ThrottlingException');
});

test('buckets are per account and region: another region keeps its own quota', async () => {
  const east = new DatabaseMigrationServiceClient(clientConfig(emulator));
  const west = new DatabaseMigrationServiceClient(clientConfig(emulator, { region: 'us-west-2' }));
  await Promise.all(Array.from({ length: 6 }, () => describeTasks(east)));
  expect(await describeTasks(west)).toBe('ok');
});

test('RDS over its quota answers the awsQuery Throttling code', async () => {
  // GIVEN an RDS quota of 3, already used up
  emulator.rds.seedExportTask({ identifier: 'exp' });
  const once = new RDSClient(clientConfig(emulator));
  for (let i = 0; i < 3; i++) await once.send(new DescribeExportTasksCommand({}));
  // WHEN a fourth call is made without retries
  const error = await once.send(new DescribeExportTasksCommand({})).catch((e: Error) => e);
  // THEN it is Throttling, and its throttled record carries the rate-limit flag
  expect(error).toMatchObject({ name: 'Throttling' });
  expect(emulator.callLog({ service: 'rds' }).at(-1)).toMatchObject({ rateLimited: true, status: 400 });
});

test('average per second is computed over the window asked for', async () => {
  const dms = new DatabaseMigrationServiceClient(clientConfig(emulator));
  const from = emulator.clock.now();
  await describeTasks(dms);
  await describeTasks(dms);
  const stats = emulator.traffic('dms', { fromMs: from, toMs: from + 10_000 });
  expect(stats.calls).toBe(2);
  expect(stats.averagePerSecond).toBeCloseTo(0.2);
});

test('a quota without a positive rate is refused at start', async () => {
  await expect(Emulator.start({ rateLimits: { dms: { burst: 0, perSecond: 1 } } })).rejects.toThrow(/rateLimits.dms/);
});

test('the documented DMS quota admits a burst of 100 calls at once, throttling only beyond it', async () => {
  // GIVEN an emulator with the published quotas
  const documented = await Emulator.start({ rateLimits: DOCUMENTED_RATE_LIMITS });
  try {
    documented.dms.seedTask({ identifier: 'documented' });
    const dms = new DatabaseMigrationServiceClient(clientConfig(documented));
    // WHEN 101 calls arrive at once
    const outcomes = await Promise.all(Array.from({ length: 101 }, () => describeTasks(dms)));
    // THEN at most one is throttled (a token may refill while they arrive) and at least 100 pass
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThanOrEqual(100);
    expect(documented.traffic('dms').throttled).toBe(101 - outcomes.filter((o) => o === 'ok').length);
  } finally {
    await documented.stop();
  }
});
