import { DatabaseMigrationServiceClient, DescribeReplicationTasksCommand } from '@aws-sdk/client-database-migration-service';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Emulator } from '../../emulator';
import { clientConfig } from './clients';

let emulator: Emulator;
let sts: STSClient;
const ROLE = 'arn:aws:iam::444455556666:role/cutover-target';
beforeAll(async () => {
  emulator = await Emulator.start();
  // Trusting the operator's account (the default one), whose key the clients sign with.
  emulator.sts.registerRole({ roleArn: ROLE, externalId: 'cutover-ext-1', trustedAccounts: ['123456789012'] });
  sts = new STSClient(clientConfig(emulator, { region: 'eu-west-1' }));
});
afterAll(() => emulator.stop());

describe('AssumeRole', () => {
  test('with the right ExternalId returns temporary ASIA credentials of the role\'s account', async () => {
    // WHEN the handler's identity assumes the role with its ExternalId
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'cutover-1', ExternalId: 'cutover-ext-1', DurationSeconds: 900 }));
    // THEN it gets ASIA credentials that expire in 15 minutes, for an assumed-role ARN in 444455556666
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toBeTruthy();
    expect(out.Credentials?.SessionToken).toBeTruthy();
    expect(out.Credentials!.Expiration!.getTime() - emulator.clock.now()).toBeGreaterThan(890_000);
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::444455556666:assumed-role/cutover-target/cutover-1');
  });

  test('calls signed with the issued credentials act in the role\'s account and are logged with that key', async () => {
    // GIVEN a task in the role's account, and credentials from AssumeRole
    const arn = emulator.dms.seedTask({ identifier: 'cross', account: '444455556666', region: 'eu-west-1' });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'cutover-2', ExternalId: 'cutover-ext-1' }));
    const credentials = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken };
    // WHEN DMS is called with them
    const dms = new DatabaseMigrationServiceClient(clientConfig(emulator, { region: 'eu-west-1', credentials }));
    const out = await dms.send(new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [arn] }] }));
    // THEN the task of account 444455556666 is visible, and the log shows who signed
    expect(out.ReplicationTasks).toHaveLength(1);
    const call = emulator.callLog({ service: 'dms' }).at(-1)!;
    expect(call).toMatchObject({ accessKeyId: Credentials!.AccessKeyId, account: '444455556666', region: 'eu-west-1' });
    const identity = await new STSClient(clientConfig(emulator, { region: 'eu-west-1', credentials })).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: '444455556666', Arn: 'arn:aws:sts::444455556666:assumed-role/cutover-target/cutover-2' });
  });

  test('the call log records the ExternalId and session name', async () => {
    // WHEN the role is assumed
    await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'logged-session', ExternalId: 'cutover-ext-1' }));
    // THEN the call shows what was presented
    expect(emulator.callLog({ service: 'sts', operation: 'AssumeRole' }).at(-1)).toMatchObject({
      status: 200,
      region: 'eu-west-1',
      params: { RoleArn: ROLE, RoleSessionName: 'logged-session', ExternalId: 'cutover-ext-1' },
    });
  });

  test.each([
    ['a wrong ExternalId', 'other-ext'],
    ['no ExternalId', undefined],
  ])('%s is AccessDenied 403, as STS answers a trust-policy mismatch', async (_label, externalId) => {
    // WHEN the role is assumed without the ExternalId its trust policy requires
    const error = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'cutover', ExternalId: externalId })).catch((e: Error) => e);
    // THEN STS denies it, naming the role
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((error as Error).message).toContain(`sts:AssumeRole on resource: ${ROLE}`);
  });

  test('an unregistered role is AccessDenied too (STS does not reveal which check failed)', async () => {
    const error = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444455556666:role/nope', RoleSessionName: 'cutover' })).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'AccessDenied' });
  });

  test.each(['x', 'a'.repeat(65), 'has space', 'slash/no'])('RoleSessionName %p is a ValidationError', async (sessionName) => {
    // WHEN the session name breaks the 2–64 [\w+=,.@-] constraint
    const error = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: sessionName, ExternalId: 'cutover-ext-1' })).catch((e: Error) => e);
    // THEN STS rejects the input before looking at the role
    expect(error).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toContain('roleSessionName');
  });

  test('an injected throttle reaches the client as Throttling', async () => {
    // GIVEN a throttle armed for STS
    emulator.faults.inject({ kind: 'throttle', service: 'sts' });
    // WHEN the role is assumed once, without retries
    const error = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'throttled', ExternalId: 'cutover-ext-1' })).catch((e: Error) => e);
    // THEN the client sees the awsQuery throttling code
    expect(error).toMatchObject({ name: 'Throttling' });
  });

  // Last: it moves emulated time 15 minutes ahead, which the clients' clocks do not follow.
  test('calls signed with credentials past their Expiration are refused with ExpiredTokenException', async () => {
    // GIVEN 15-minute credentials of the role
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'short', ExternalId: 'cutover-ext-1', DurationSeconds: 900 }));
    const credentials = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken };
    const dms = new DatabaseMigrationServiceClient(clientConfig(emulator, { region: 'eu-west-1', credentials }));
    const arn = emulator.dms.seedTask({ identifier: 'expiry', account: '444455556666', region: 'eu-west-1' });
    const filter = { Filters: [{ Name: 'replication-task-arn', Values: [arn] }] };
    await dms.send(new DescribeReplicationTasksCommand(filter));
    // WHEN 15 emulated minutes pass and the same credentials are used again
    emulator.clock.advance(900_000);
    const error = await dms.send(new DescribeReplicationTasksCommand(filter)).catch((e: Error) => e);
    // THEN DMS refuses them as expired, before looking at the task
    expect(error).toMatchObject({ name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } });
  });
});
