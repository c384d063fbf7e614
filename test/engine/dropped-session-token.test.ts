import { DescribeReplicationTasksCommand } from '@aws-sdk/client-database-migration-service';
import { Emulator } from '../../emulator';
import { ClientFactory } from '../../lambda/engine/clients';
import { ServiceCallError } from '../../lambda/engine/errors';

/**
 * A fault planted in the handler's own code: a credential provider that passes on the assumed
 * role's key and secret but drops its session token, as a hand-built cross-account client might.
 * The emulator must refuse it as AWS does, so no test passes with such a handler.
 */
let dropSessionToken = false;
jest.mock('../../lambda/engine/assumed-role', () => {
  const actual = jest.requireActual('../../lambda/engine/assumed-role');
  return {
    ...actual,
    assumedRoleCredentials: (...args: Parameters<typeof actual.assumedRoleCredentials>) => {
      const provider = actual.assumedRoleCredentials(...args);
      return async () => {
        const credentials = await provider();
        if (!dropSessionToken) return credentials;
        const { sessionToken: _dropped, ...rest } = credentials;
        return rest;
      };
    },
  };
});

const ROLE = 'arn:aws:iam::210987654321:role/cutover-target';

describe("the handler's cross-account clients", () => {
  let emulator: Emulator;
  let taskArn: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    emulator = await Emulator.start();
    // The handler runs with the environment of a Lambda in the default account, which the role trusts.
    Object.assign(process.env, emulator.environment());
    emulator.sts.registerRole({ roleArn: ROLE, trustedAccounts: ['123456789012'], externalId: 'ext-1' });
    taskArn = emulator.dms.seedTask({ identifier: 'cross-account', account: '210987654321', region: 'eu-west-1' });
  });
  afterAll(async () => {
    process.env = saved;
    await emulator.stop();
  });

  const describeTask = async () => {
    const dms = await new ClientFactory('us-east-1').dms({ region: 'eu-west-1', assumeRole: { roleArn: ROLE, externalId: 'ext-1', sessionName: 'cdk-cutover' } });
    return dms.send(new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [taskArn] }] })).catch((e: unknown) => e);
  };

  test('GIVEN a provider that keeps the session token WHEN the target account is called THEN the task is found', async () => {
    dropSessionToken = false;
    await expect(describeTask()).resolves.toMatchObject({ ReplicationTasks: [{ ReplicationTaskArn: taskArn }] });
  });

  test('GIVEN a provider that drops the session token WHEN the target account is called THEN DMS refuses the key, and the handler says which call failed', async () => {
    dropSessionToken = true;
    const error = await describeTask();
    expect(error).toBeInstanceOf(ServiceCallError);
    expect(error).toMatchObject({ action: 'dms:DescribeReplicationTasks', code: 'UnrecognizedClientException' });
    const refused = emulator.callLog({ service: 'dms', operation: 'DescribeReplicationTasks' }).at(-1)!;
    expect(refused).toMatchObject({ authFailure: 'invalid-token', account: '210987654321', status: 400 });
    expect(refused.accessKeyId).toMatch(/^ASIA/);
  });
});
