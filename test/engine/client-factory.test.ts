import { DescribeReplicationTasksCommand } from '@aws-sdk/client-database-migration-service';
import { Emulator } from '../../emulator';
import { ClientFactory } from '../../lambda/engine/clients';
import { ServiceCallError, isRetryableFault } from '../../lambda/engine/errors';

/**
 * The handler's clients, one per (service, region, role), over real HTTP against the emulator. The
 * SDK reads the emulator's endpoint from AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE, as in Lambda.
 */
describe('ClientFactory', () => {
  let emulator: Emulator;
  const saved = { ...process.env };
  const role = { roleArn: 'arn:aws:iam::210987654321:role/cutover-target', sessionName: 'cdk-cutover' };

  beforeAll(async () => {
    emulator = await Emulator.start();
    Object.assign(process.env, emulator.environment());
  });
  afterAll(async () => {
    process.env = saved;
    await emulator.stop();
  });

  test("gives one client for the Lambda's own region, whether or not the caller names it", async () => {
    // GIVEN a factory whose default region is the Lambda's own
    const clients = new ClientFactory('us-east-1');
    // WHEN the DMS client is asked for twice, once naming that region
    const first = await clients.dms();
    const again = await clients.dms({ region: 'us-east-1' });
    // THEN both are one client, in the Lambda's region
    expect(again).toBe(first);
    expect(await first.config.region()).toBe('us-east-1');
  });

  test('gives a client of its own to another region, configured for that region', async () => {
    // GIVEN a factory in us-east-1
    const clients = new ClientFactory('us-east-1');
    // WHEN a client for eu-west-1 is asked for
    const home = await clients.dms();
    const away = await clients.dms({ region: 'eu-west-1' });
    // THEN it is another client, and it signs for eu-west-1
    expect(away).not.toBe(home);
    expect(await away.config.region()).toBe('eu-west-1');
    expect(await clients.dms({ region: 'eu-west-1' })).toBe(away);
  });

  test('keys clients by assumed role and external id, not by session name', async () => {
    // GIVEN a factory
    const clients = new ClientFactory('us-east-1');
    // WHEN clients are asked for with and without roles
    const own = await clients.dms();
    const assumed = await clients.dms({ assumeRole: role });
    const sameRoleOtherSession = await clients.dms({ assumeRole: { ...role, sessionName: 'another' } });
    const withExternalId = await clients.dms({ assumeRole: { ...role, externalId: 'x-1' } });
    // THEN each (role, external id) has its own client, and the handler's own credentials stay apart
    expect(assumed).not.toBe(own);
    expect(sameRoleOtherSession).toBe(assumed);
    expect(withExternalId).not.toBe(assumed);
  });

  test('keeps one client per service: the DRS client of a region is not its DMS client', async () => {
    // GIVEN a factory
    const clients = new ClientFactory('us-east-1');
    // WHEN DMS and DRS clients of one region are asked for
    const [dms, drs] = await Promise.all([clients.dms(), clients.drs()]);
    // THEN they are different clients, each reused on the next ask
    expect(dms).not.toBe(drs);
    expect(await clients.drs()).toBe(drs);
  });

  test('a client of another region reaches the service over HTTP and reads what is there', async () => {
    // GIVEN a task in eu-west-1 (the emulator shows a region only its own resources) and a client for eu-west-1
    const taskArn = emulator.dms.seedTask({ identifier: 'factory-task', status: 'running', region: 'eu-west-1' });
    const dms = await new ClientFactory('us-east-1').dms({ region: 'eu-west-1' });
    // WHEN it describes the task
    const out = await dms.send(new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [taskArn] }] }));
    // THEN the answer came over the wire
    expect(out.ReplicationTasks?.map((t) => t.ReplicationTaskArn)).toEqual([taskArn]);
    expect(emulator.callLog({ service: 'dms', operation: 'DescribeReplicationTasks' }).map((c) => c.region)).toContain('eu-west-1');
  });

  test('a refused call becomes a ServiceCallError naming the IAM action, the service code and the request id', async () => {
    // GIVEN a DMS that denies the next describe
    emulator.faults.inject({ service: 'dms', operation: 'DescribeReplicationTasks', kind: 'access-denied', count: 1 });
    const dms = await new ClientFactory('us-east-1').dms();
    // WHEN the handler's client calls it
    const error = await dms.send(new DescribeReplicationTasksCommand({})).catch((e: unknown) => e);
    // THEN the error says which call failed and why, and is no retry candidate
    expect(error).toBeInstanceOf(ServiceCallError);
    const failure = error as ServiceCallError;
    expect(failure.action).toBe('dms:DescribeReplicationTasks');
    expect(failure.code).toBe('AccessDeniedException');
    expect(failure.requestId).toEqual(expect.any(String));
    expect(failure.isAccessDenied()).toBe(true);
    expect(failure.isRetryable()).toBe(false);
  });

  test('a throttled call that outlasts the SDK retries is a retryable ServiceCallError', async () => {
    // GIVEN a DMS that throttles more often than the SDK retries (3 attempts)
    emulator.faults.inject({ service: 'dms', operation: 'DescribeReplicationTasks', kind: 'throttle', count: 3 });
    const dms = await new ClientFactory('us-east-1').dms();
    // WHEN the handler's client calls it
    const error = await dms.send(new DescribeReplicationTasksCommand({})).catch((e: unknown) => e);
    // THEN the engine may look again at the next poll
    expect(error).toBeInstanceOf(ServiceCallError);
    expect((error as ServiceCallError).isRetryable()).toBe(true);
    expect(isRetryableFault(error)).toBe(true);
  });
});
