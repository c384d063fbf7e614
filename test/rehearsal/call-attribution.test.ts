import { DatabaseMigrationServiceClient, DescribeReplicationTasksCommand } from '@aws-sdk/client-database-migration-service';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Emulator } from '../../emulator';
import { CallAttribution } from '../../emulator/rehearsal/call-attribution';
import { clientConfig } from '../emulator/clients';

// The rehearsal credits each API call to the step whose invocation made it. A step that reaches its
// target through assumedRoleArn signs with a key STS issued to it: all of those calls are its own,
// the listings that name no task included (issue 23: "3 shown, 9 made").
let emulator: Emulator;
beforeAll(async () => {
  emulator = await Emulator.start();
});
afterAll(() => emulator.stop());

const ROLE = 'arn:aws:iam::444455556666:role/cutover-target';

test('GIVEN a step that assumed a role WHEN it lists tasks without naming its own THEN the listing is credited to it, and not to another step', async () => {
  const attribution = new CallAttribution(emulator);
  const stepKey = attribution.accessKeyOf('Stack', 'StopPartnerTask', '123456789012');
  const otherKey = attribution.accessKeyOf('Stack', 'StopOwnTask', '123456789012');
  emulator.sts.registerRole({ roleArn: ROLE, trustedAccounts: ['123456789012'] });
  const task = emulator.dms.seedTask({ identifier: 'partner', account: '444455556666', region: 'us-east-2' });
  const first = emulator.callLog().length;
  // The step signs as its handler does: the key the attribution registered, with the harness's
  // function secret and session token (the emulator refuses a key signed with any other secret).
  const asStep = emulator.functionCredentials(stepKey, '123456789012');
  const { Credentials } = await new STSClient(clientConfig(emulator, { region: 'us-east-2', credentials: asStep })).send(
    new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'cdk-cutover-StopPartnerTask' }),
  );
  const assumed = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken };
  const dms = new DatabaseMigrationServiceClient(clientConfig(emulator, { region: 'us-east-2', credentials: assumed }));
  // A shared listing: it names no task.
  await dms.send(new DescribeReplicationTasksCommand({}));
  await dms.send(new DescribeReplicationTasksCommand({ Filters: [{ Name: 'replication-task-arn', Values: [task] }] }));
  const now = emulator.clock.now();
  const credited = attribution.callsOf(stepKey, [task], first, now).map((c) => `${c.service}:${c.operation}`);
  expect(credited).toEqual(['sts:AssumeRole', 'dms:DescribeReplicationTasks', 'dms:DescribeReplicationTasks']);
  expect(attribution.callsOf(otherKey, ['arn:aws:dms:eu-west-1:123456789012:task:OWN'], first, now)).toEqual([]);
});
