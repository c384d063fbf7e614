import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Emulator } from '../../emulator';
import { clientConfig } from './clients';

const OPERATOR_ACCOUNT = '123456789012';
const GATEWAY = 'arn:aws:iam::555566667777:role/cutover-gateway';
const TARGET = 'arn:aws:iam::444455556666:role/cutover-target';

let emulator: Emulator;
let operator: STSClient;
beforeAll(async () => {
  emulator = await Emulator.start();
  operator = new STSClient(clientConfig(emulator, { region: 'eu-west-1' }));
});
afterAll(() => emulator.stop());

const assume = (sts: STSClient, roleArn: string, externalId?: string) =>
  sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trust-test', ExternalId: externalId })).catch((e: Error) => e);

describe('a role trust policy', () => {
  test('GIVEN a role that trusts another account only WHEN the operator assumes it THEN STS answers AccessDenied 403', async () => {
    emulator.sts.registerRole({ roleArn: 'arn:aws:iam::444455556666:role/trusts-other', trustedAccounts: ['999988887777'] });
    const error = await assume(operator, 'arn:aws:iam::444455556666:role/trusts-other');
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((error as Error).message).toContain(`arn:aws:iam::${OPERATOR_ACCOUNT}:user/emulator is not authorized to perform: sts:AssumeRole`);
  });

  test("GIVEN a role that trusts the operator's account WHEN the operator assumes it THEN it gets credentials", async () => {
    emulator.sts.registerRole({ roleArn: 'arn:aws:iam::444455556666:role/trusts-operator', trustedAccounts: [OPERATOR_ACCOUNT] });
    await expect(assume(operator, 'arn:aws:iam::444455556666:role/trusts-operator')).resolves.toMatchObject({ Credentials: { AccessKeyId: expect.stringMatching(/^ASIA/) } });
  });

  test('GIVEN a role that trusts one role by ARN WHEN that role\'s session and the operator assume it THEN only the session may', async () => {
    // GIVEN a gateway role the operator may assume, and a target that trusts the gateway role alone
    emulator.sts.registerRole({ roleArn: GATEWAY, trustedAccounts: [OPERATOR_ACCOUNT] });
    emulator.sts.registerRole({ roleArn: TARGET, trustedRoleArns: [GATEWAY], externalId: 'chain-1' });
    const gateway = await assume(operator, GATEWAY);
    const { Credentials } = gateway as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } };
    const asGateway = new STSClient(
      clientConfig(emulator, { region: 'eu-west-1', credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken } }),
    );
    // WHEN each assumes the target with the right external id
    const chained = await assume(asGateway, TARGET, 'chain-1');
    const direct = await assume(operator, TARGET, 'chain-1');
    // THEN the gateway's session gets in, the operator's own key does not
    expect(chained).toMatchObject({ AssumedRoleUser: { Arn: 'arn:aws:sts::444455556666:assumed-role/cutover-target/trust-test' } });
    expect(direct).toMatchObject({ name: 'AccessDenied' });
  });

  test('GIVEN a trusted caller WHEN it presents a wrong external id THEN STS answers AccessDenied 403', async () => {
    emulator.sts.registerRole({ roleArn: 'arn:aws:iam::444455556666:role/needs-external-id', trustedAccounts: [OPERATOR_ACCOUNT], externalId: 'right-1' });
    await expect(assume(operator, 'arn:aws:iam::444455556666:role/needs-external-id', 'wrong-1')).resolves.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  test('GIVEN a role registered with no trusted account or role THEN registration fails, naming what to declare', () => {
    expect(() => emulator.sts.registerRole({ roleArn: 'arn:aws:iam::444455556666:role/open' })).toThrow(/trusts nobody: name its trustedAccounts or trustedRoleArns/);
  });
});
