import {
  DatabaseMigrationServiceClient,
  DescribeReplicationsCommand,
  DescribeReplicationTasksCommand,
  StartReplicationCommand,
  StartReplicationTaskCommand,
} from '@aws-sdk/client-database-migration-service';
import { DescribeSourceServersCommand, DrsClient, StartReplicationCommand as DrsStartReplicationCommand } from '@aws-sdk/client-drs';
import { START_UP_STATES } from '../../contract/dms-serverless';
import { Emulator } from '../../emulator';
import { clientConfig } from './clients';

let emulator: Emulator;
let dms: DatabaseMigrationServiceClient;
let drs: DrsClient;
beforeAll(async () => {
  emulator = await Emulator.start({ dmsStarts: { startDurationMs: 1_000 }, dmsServerlessStarts: { startUpStepMs: 1_000 }, drsStarts: { initiatingMs: 1_000, initialSyncMs: 1_000 } });
  dms = new DatabaseMigrationServiceClient(clientConfig(emulator));
  drs = new DrsClient(clientConfig(emulator));
});
afterAll(() => emulator.stop());

const task = async (arn: string) =>
  (await dms.send(new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [arn] }] }))).ReplicationTasks![0];
const replication = async (arn: string) =>
  (await dms.send(new DescribeReplicationsCommand({ Filters: [{ Name: 'replication-config-arn', Values: [arn] }] }))).Replications![0];
const startTask = (arn: string, type: string, extra: Record<string, unknown> = {}) =>
  dms.send(new StartReplicationTaskCommand({ ReplicationTaskArn: arn, StartReplicationTaskType: type as 'start-replication', ...extra }));

describe('StartReplicationTask', () => {
  test('a task that never ran shows no start date or checkpoint, starts with start-replication, reads starting, then running', async () => {
    const arn = emulator.dms.seedTask({ identifier: 'fresh', status: 'ready' });
    const before = await task(arn);
    expect(before.ReplicationTaskStartDate).toBeUndefined();
    expect(before.RecoveryCheckpoint).toBeUndefined();
    expect(before.ReplicationTaskStats?.StartDate).toBeUndefined();
    const out = await startTask(arn, 'start-replication');
    expect(out.ReplicationTask?.Status).toBe('starting');
    emulator.clock.advance(1_000);
    const after = await task(arn);
    expect(after.Status).toBe('running');
    expect(after.ReplicationTaskStats?.StartDate).toBeInstanceOf(Date);
  });

  test.each(['resume-processing', 'reload-target'])('a first run refuses %s with InvalidResourceStateFault', async (type) => {
    const arn = emulator.dms.seedTask({ identifier: `fresh-${type}`, status: 'ready' });
    await expect(startTask(arn, type)).rejects.toMatchObject({ name: 'InvalidResourceStateFault' });
  });

  test.each(['running', 'starting', 'stopping', 'modifying', 'testing'])('a %s task refuses a start with InvalidResourceStateFault', async (status) => {
    const arn = emulator.dms.seedTask({ identifier: `busy-${status}`, status });
    await expect(startTask(arn, 'resume-processing')).rejects.toMatchObject({ name: 'InvalidResourceStateFault' });
  });

  test('CdcStartTime with CdcStartPosition is InvalidParameterCombinationException', async () => {
    const arn = emulator.dms.seedTask({ identifier: 'both-cdc', status: 'stopped' });
    await expect(startTask(arn, 'start-replication', { CdcStartTime: new Date(), CdcStartPosition: 'checkpoint:V1#1' })).rejects.toMatchObject({
      name: 'InvalidParameterCombinationException',
    });
  });

  test('a full-load task stops by itself with FULL_LOAD_ONLY_FINISHED after it ran', async () => {
    const arn = emulator.dms.seedTask({ identifier: 'full-load', status: 'stopped', migrationType: 'full-load', fullLoadDurationMs: 1_000 });
    await startTask(arn, 'reload-target');
    emulator.clock.advance(2_000);
    expect(await task(arn)).toMatchObject({ Status: 'stopped', StopReason: 'Stop Reason FULL_LOAD_ONLY_FINISHED' });
  });

  test('an unknown task is ResourceNotFoundFault', async () => {
    await expect(startTask('arn:aws:dms:us-east-1:123456789012:task:NOPE', 'start-replication')).rejects.toMatchObject({ name: 'ResourceNotFoundFault' });
  });
});

describe('serverless StartReplication', () => {
  test('a created replication walks every start-up state to running', async () => {
    const arn = emulator.dmsServerless.seedReplication({ identifier: 'walk', status: 'created' });
    const out = await dms.send(new StartReplicationCommand({ ReplicationConfigArn: arn, StartReplicationType: 'start-replication' }));
    expect(out.Replication?.Status).toBe(START_UP_STATES[0]);
    const seen: string[] = [];
    for (let i = 0; i < START_UP_STATES.length; i++) {
      seen.push((await replication(arn)).Status!);
      emulator.clock.advance(1_000);
    }
    expect(seen).toEqual([...START_UP_STATES]);
    expect((await replication(arn)).Status).toBe('running');
  });

  test('a first run refuses resume-processing; a modifying replication refuses any start, naming the state', async () => {
    const fresh = emulator.dmsServerless.seedReplication({ identifier: 'fresh', status: 'created' });
    await expect(dms.send(new StartReplicationCommand({ ReplicationConfigArn: fresh, StartReplicationType: 'resume-processing' }))).rejects.toMatchObject({ name: 'InvalidResourceStateFault' });
    const busy = emulator.dmsServerless.seedReplication({ identifier: 'busy', status: 'modifying' });
    await expect(dms.send(new StartReplicationCommand({ ReplicationConfigArn: busy, StartReplicationType: 'resume-processing' }))).rejects.toThrow(/MODIFYING state and cannot start/);
  });
});

describe('DRS StartReplication', () => {
  test('a STOPPED server answers INITIATING, then syncs to CONTINUOUS', async () => {
    const id = emulator.drs.seedSourceServer({ dataReplicationState: 'STOPPED' });
    const out = await drs.send(new DrsStartReplicationCommand({ sourceServerID: id }));
    expect(out.sourceServer?.dataReplicationInfo?.dataReplicationState).toBe('INITIATING');
    emulator.clock.advance(1_000);
    const state = async () => (await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [id] } }))).items![0].dataReplicationInfo!.dataReplicationState;
    expect(await state()).toBe('INITIAL_SYNC');
    emulator.clock.advance(1_000);
    expect(await state()).toBe('CONTINUOUS');
  });

  test('a server that is not STOPPED answers ConflictException 409, named by x-amzn-ErrorType', async () => {
    const id = emulator.drs.seedSourceServer();
    await expect(drs.send(new DrsStartReplicationCommand({ sourceServerID: id }))).rejects.toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
  });
});
