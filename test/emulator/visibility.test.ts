import { DatabaseMigrationServiceClient, DescribeReplicationTasksCommand, StopReplicationTaskCommand } from '@aws-sdk/client-database-migration-service';
import { DescribeExportTasksCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { Emulator } from '../../emulator';
import { clientConfig, DEFAULT_CREDENTIALS } from './clients';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await Emulator.start();
});
afterAll(() => emulator.stop());

const dms = (region: string, credentials = DEFAULT_CREDENTIALS) => new DatabaseMigrationServiceClient(clientConfig(emulator, { region, credentials }));
/** A long-term key of another account, registered as IAM would know it. */
const keyOf = (accessKeyId: string, account: string) => {
  const credentials = { accessKeyId, secretAccessKey: `${accessKeyId.toLowerCase()}-secret` };
  emulator.accessKeys.register({ ...credentials, account });
  return credentials;
};

describe('region visibility', () => {
  test('a task seeded in us-west-2 is found by a client signing for us-west-2', async () => {
    // GIVEN a task in us-west-2
    const arn = emulator.dms.seedTask({ identifier: 'west', region: 'us-west-2' });
    // WHEN a us-west-2 client describes it
    const out = await dms('us-west-2').send(new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [arn] }] }));
    // THEN it is there, with its regional ARN
    expect(out.ReplicationTasks?.map((t) => t.ReplicationTaskArn)).toEqual([arn]);
  });

  test('a task in another region does not exist for a client signing for us-east-1', async () => {
    // GIVEN a task in eu-west-1
    const arn = emulator.dms.seedTask({ identifier: 'eu', region: 'eu-west-1' });
    // WHEN a us-east-1 client stops it by its ARN
    const stop = dms('us-east-1').send(new StopReplicationTaskCommand({ ReplicationTaskArn: arn }));
    // THEN DMS answers as for any unknown task, and the task keeps running
    await expect(stop).rejects.toMatchObject({ name: 'ResourceNotFoundFault' });
    expect(emulator.dms.task(arn)?.status).toBe('running');
  });

  test('an RDS export in another region is ExportTaskNotFound for a us-east-1 client', async () => {
    // GIVEN an export in ap-southeast-2
    emulator.rds.seedExportTask({ identifier: 'sydney-export', region: 'ap-southeast-2' });
    // WHEN a us-east-1 client describes it by identifier
    const rds = new RDSClient(clientConfig(emulator));
    // THEN RDS answers the not-found fault, while a Sydney client sees it
    await expect(rds.send(new DescribeExportTasksCommand({ ExportTaskIdentifier: 'sydney-export' }))).rejects.toMatchObject({ name: 'ExportTaskNotFoundFault' });
    const sydney = new RDSClient(clientConfig(emulator, { region: 'ap-southeast-2' }));
    const out = await sydney.send(new DescribeExportTasksCommand({ ExportTaskIdentifier: 'sydney-export' }));
    expect(out.ExportTasks?.map((t) => t.ExportTaskIdentifier)).toEqual(['sydney-export']);
  });

  test('DRS lists only the source servers of the region the client signed for', async () => {
    // GIVEN one server in us-east-2 and one in the default region
    const east2 = emulator.drs.seedSourceServer({ region: 'us-east-2' });
    const home = emulator.drs.seedSourceServer({});
    // WHEN a us-east-2 client lists source servers
    const drs = new DrsClient(clientConfig(emulator, { region: 'us-east-2' }));
    const out = await drs.send(new DescribeSourceServersCommand({}));
    // THEN only the us-east-2 server is listed
    expect(out.items?.map((s) => s.sourceServerID)).toEqual([east2]);
    expect(out.items?.map((s) => s.sourceServerID)).not.toContain(home);
  });
});

describe('account visibility', () => {
  test('a task of another account is not found by the default credentials, but is by that account\'s key', async () => {
    // GIVEN an access key registered to account 210987654321 and a task of that account
    const other = keyOf('AKIDOTHERACCOUNT', '210987654321');
    const arn = emulator.dms.seedTask({ identifier: 'other', account: '210987654321' });
    const filter = { Filters: [{ Name: 'replication-task-arn', Values: [arn] }] };
    // WHEN each set of credentials describes it
    const mine = await dms('us-east-1').send(new DescribeReplicationTasksCommand(filter)).catch((e: Error) => e);
    const theirs = await dms('us-east-1', other).send(new DescribeReplicationTasksCommand(filter));
    // THEN only the owning account sees it
    expect(mine).toMatchObject({ name: 'ResourceNotFoundFault' });
    expect(theirs.ReplicationTasks).toHaveLength(1);
  });
});

describe('the call log', () => {
  test('records region, account and signing access key of every call', async () => {
    // GIVEN a key of account 333333333333
    const logged = keyOf('AKIDLOGGED', '333333333333');
    const arn = emulator.dms.seedTask({ identifier: 'logged', account: '333333333333', region: 'eu-central-1' });
    // WHEN that key stops the task in eu-central-1
    await dms('eu-central-1', logged).send(new StopReplicationTaskCommand({ ReplicationTaskArn: arn }));
    // THEN the call is logged with where and by whom it was signed
    const [call] = emulator.callLog({ service: 'dms', operation: 'StopReplicationTask' }).filter((c) => c.params.ReplicationTaskArn === arn);
    expect(call).toMatchObject({ region: 'eu-central-1', account: '333333333333', accessKeyId: 'AKIDLOGGED', status: 200 });
  });
});

describe('a handler environment for a stack', () => {
  test('environment({ region, account }) gives credentials that act in that account and region', async () => {
    // GIVEN a task of account 111122223333 in eu-central-1, and the environment of a Lambda there
    const arn = emulator.dms.seedTask({ identifier: 'stack-env', account: '111122223333', region: 'eu-central-1' });
    const env = emulator.environment({ region: 'eu-central-1', account: '111122223333' });
    // WHEN a client configured from that environment describes the task
    const client = new DatabaseMigrationServiceClient(
      clientConfig(emulator, {
        region: env.AWS_REGION,
        credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN },
      }),
    );
    const out = await client.send(new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [arn] }] }));
    // THEN it sees the stack account's task
    expect(out.ReplicationTasks).toHaveLength(1);
    expect(emulator.callLog({ service: 'dms' }).at(-1)).toMatchObject({ account: '111122223333', region: 'eu-central-1' });
  });
});
