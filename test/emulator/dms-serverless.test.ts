import {
  DatabaseMigrationServiceClient,
  DescribeReplicationsCommand,
  paginateDescribeReplications,
  StopReplicationCommand,
} from '@aws-sdk/client-database-migration-service';
import { START_UP_STATES, StopReasons } from '../../contract/dms-serverless';
import { Emulator } from '../../emulator';
import { clientConfig } from './clients';

let emulator: Emulator;
let dms: DatabaseMigrationServiceClient;
beforeAll(async () => {
  emulator = await Emulator.start({ dmsServerless: { stopDurationMs: 5_000 } });
  dms = new DatabaseMigrationServiceClient(clientConfig(emulator));
});
afterAll(() => emulator.stop());

const describe1 = async (arn: string) =>
  (await dms.send(new DescribeReplicationsCommand({ Filters: [{ Name: 'replication-config-arn', Values: [arn] }] }))).Replications![0];

describe('StopReplication', () => {
  test('a running replication answers stopping, then reads stopped with StopReason NORMAL and a checkpoint', async () => {
    // GIVEN a running replication
    const arn = emulator.dmsServerless.seedReplication({ identifier: 'orders' });
    // WHEN it is stopped
    const out = await dms.send(new StopReplicationCommand({ ReplicationConfigArn: arn }));
    // THEN the answer shows stopping; after the stop duration it is stopped, with a stop time and checkpoint
    expect(out.Replication).toMatchObject({ ReplicationConfigArn: arn, Status: 'stopping', IsReadOnly: false });
    emulator.clock.advance(5_000);
    const after = await describe1(arn);
    expect(after).toMatchObject({ Status: 'stopped', StopReason: StopReasons.NORMAL });
    expect(after.ReplicationLastStopTime).toBeInstanceOf(Date);
    expect(after.RecoveryCheckpoint).toMatch(/^checkpoint:/);
  });

  test.each(START_UP_STATES)('in start-up state %s it is refused with InvalidResourceStateFault', async (status) => {
    // GIVEN a replication starting up
    const arn = emulator.dmsServerless.seedReplication({ identifier: `starting-${status}`, status });
    // WHEN it is stopped
    const error = await dms.send(new StopReplicationCommand({ ReplicationConfigArn: arn })).catch((e: Error) => e);
    // THEN DMS refuses, naming the state, and nothing changes
    expect(error).toMatchObject({ name: 'InvalidResourceStateFault', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toContain(status.toUpperCase());
    expect(emulator.dmsServerless.replication(arn)?.status).toBe(status);
  });

  test.each(['stopped', 'created', 'failed', 'stopping'])('a %s replication refuses a stop', async (status) => {
    const arn = emulator.dmsServerless.seedReplication({ identifier: `rest-${status}`, status });
    await expect(dms.send(new StopReplicationCommand({ ReplicationConfigArn: arn }))).rejects.toMatchObject({ name: 'InvalidResourceStateFault' });
  });

  test('a read-only (zero-ETL) replication refuses a stop even while running', async () => {
    const arn = emulator.dmsServerless.seedReplication({ identifier: 'zero-etl', isReadOnly: true });
    const error = await dms.send(new StopReplicationCommand({ ReplicationConfigArn: arn })).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'InvalidResourceStateFault' });
    expect((await describe1(arn)).IsReadOnly).toBe(true);
  });

  test('an unknown config, or one in another region, is ResourceNotFoundFault', async () => {
    // GIVEN a replication in eu-west-1 only
    const arn = emulator.dmsServerless.seedReplication({ identifier: 'eu', region: 'eu-west-1' });
    // WHEN a us-east-1 client stops it, and an unknown ARN
    const elsewhere = await dms.send(new StopReplicationCommand({ ReplicationConfigArn: arn })).catch((e: Error) => e);
    const unknown = await dms
      .send(new StopReplicationCommand({ ReplicationConfigArn: 'arn:aws:dms:us-east-1:123456789012:replication-config:NOPE' }))
      .catch((e: Error) => e);
    // THEN both are not found, and the eu replication keeps running
    expect(elsewhere).toMatchObject({ name: 'ResourceNotFoundFault' });
    expect(unknown).toMatchObject({ name: 'ResourceNotFoundFault' });
    expect(emulator.dmsServerless.replication(arn)?.status).toBe('running');
  });
});

describe('replications that move by themselves', () => {
  test('a start-up walks through every start-up state to running', async () => {
    // GIVEN a replication starting, one state per second
    const arn = emulator.dmsServerless.seedReplication({ identifier: 'walking', startUpStepMs: 1_000 });
    // WHEN time passes
    const seen: string[] = [];
    for (let i = 0; i <= START_UP_STATES.length; i++) {
      seen.push((await describe1(arn)).Status!);
      emulator.clock.advance(1_000);
    }
    // THEN it passed through each documented state in order, then ran
    expect(seen).toEqual([...START_UP_STATES, 'running']);
  });

  test('a full-load replication that finishes stops by itself with FULL_LOAD_ONLY_FINISHED', async () => {
    // GIVEN a full-load replication finishing in 10 s
    const arn = emulator.dmsServerless.seedReplication({ identifier: 'load', replicationType: 'full-load', fullLoadFinishesAfterMs: 10_000 });
    // WHEN 10 s pass
    emulator.clock.advance(10_000);
    // THEN it is stopped, load complete, with the documented reason
    const r = await describe1(arn);
    expect(r).toMatchObject({ Status: 'stopped', StopReason: StopReasons.FULL_LOAD_ONLY_FINISHED, ReplicationStats: { FullLoadProgressPercent: 100 } });
    expect(r.ReplicationStats?.FullLoadFinishDate).toBeInstanceOf(Date);
  });
});

describe('DescribeReplications', () => {
  test('filters by replication-config-id and pages with Marker/MaxRecords', async () => {
    // GIVEN 25 replications named batch-N
    for (let i = 0; i < 25; i++) emulator.dmsServerless.seedReplication({ identifier: `batch-${i}`, region: 'ca-central-1' });
    // WHEN a ca-central-1 client pages through them 20 at a time
    const client = new DatabaseMigrationServiceClient(clientConfig(emulator, { region: 'ca-central-1' }));
    const pages: number[] = [];
    for await (const page of paginateDescribeReplications({ client, pageSize: 20 }, {})) pages.push(page.Replications!.length);
    const one = await client.send(new DescribeReplicationsCommand({ Filters: [{ Name: 'replication-config-id', Values: ['batch-7'] }] }));
    // THEN two pages hold all 25, and the id filter finds one
    expect(pages).toEqual([20, 5]);
    expect(one.Replications!.map((r) => r.ReplicationConfigIdentifier)).toEqual(['batch-7']);
  });

  test('a filter that matches nothing is ResourceNotFoundFault; an unknown filter name is rejected', async () => {
    const none = await dms.send(new DescribeReplicationsCommand({ Filters: [{ Name: 'replication-config-id', Values: ['absent'] }] })).catch((e: Error) => e);
    const bad = await dms.send(new DescribeReplicationsCommand({ Filters: [{ Name: 'status', Values: ['running'] }] })).catch((e: Error) => e);
    expect(none).toMatchObject({ name: 'ResourceNotFoundFault' });
    expect(bad).toMatchObject({ name: 'InvalidParameterValueException' });
  });

  test('injected faults apply: an invalid-state race on StopReplication', async () => {
    // GIVEN a running replication and an invalid-state fault armed for the next stop
    const arn = emulator.dmsServerless.seedReplication({ identifier: 'raced' });
    emulator.faults.inject({ kind: 'invalid-state', service: 'dms', operation: 'StopReplication' });
    // WHEN it is stopped
    const error = await dms.send(new StopReplicationCommand({ ReplicationConfigArn: arn })).catch((e: Error) => e);
    // THEN the client sees the refusal and the replication was not touched
    expect(error).toMatchObject({ name: 'InvalidResourceStateFault' });
    expect(emulator.dmsServerless.replication(arn)?.status).toBe('running');
  });
});
