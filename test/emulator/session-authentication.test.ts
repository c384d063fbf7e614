import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Emulator } from '../../emulator';
import { clientConfig } from './clients';
import { outcomeOf, SERVICE_CALLS } from './service-clients';

const ROLE = 'arn:aws:iam::444455556666:role/cutover-target';
const MINUTE = 60_000;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await Emulator.start();
  emulator.sts.registerRole({ roleArn: ROLE, trustedAccounts: ['123456789012'] });
});
afterAll(() => emulator.stop());

const callOf = (service: string) => SERVICE_CALLS.find((c) => c.service === service)!.call;

async function assumeRole(target: Emulator, sessionName: string, durationSeconds?: number) {
  const sts = new STSClient(clientConfig(target, { region: 'eu-west-1' }));
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: sessionName, DurationSeconds: durationSeconds }));
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

describe('an ASIA session key', () => {
  test('GIVEN the session token STS issued with it WHEN it calls THEN it is served as the role account', async () => {
    const credentials = await assumeRole(emulator, 'with-token');
    await expect(callOf('sts')(emulator, { credentials })).resolves.toMatchObject({ Account: '444455556666' });
    expect(emulator.callLog({ service: 'sts' }).at(-1)).toMatchObject({ account: '444455556666', accessKeyId: credentials.accessKeyId, status: 200 });
  });

  test.each([
    ['dms', 'UnrecognizedClientException', 400],
    ['rds', 'InvalidClientTokenId', 403],
    ['drs', 'UnrecognizedClientException', 403],
  ])('GIVEN no session token WHEN %s is called THEN it refuses the key as an invalid token', async (service, name, status) => {
    // GIVEN a handler that kept the ASIA key and secret but dropped the token
    const { sessionToken: _dropped, ...withoutToken } = await assumeRole(emulator, 'no-token');
    // WHEN it calls the service
    const error = await outcomeOf(callOf(service)(emulator, { credentials: withoutToken }));
    // THEN AWS's answer to a session key without its token
    expect(error).toMatchObject({ name, $metadata: { httpStatusCode: status } });
    expect((error as Error).message).toContain('The security token included in the request is invalid');
  });

  test("GIVEN another session's token WHEN DMS is called THEN the key is refused as an invalid token", async () => {
    const mine = await assumeRole(emulator, 'mine');
    const theirs = await assumeRole(emulator, 'theirs');
    const error = await outcomeOf(callOf('dms')(emulator, { credentials: { ...mine, sessionToken: theirs.sessionToken } }));
    expect(error).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 400 } });
  });

  test("GIVEN the handler environment's execution role key WHEN it is used without AWS_SESSION_TOKEN THEN it is refused, and with it served", async () => {
    const env = emulator.environment();
    const key = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
    expect(key.accessKeyId).toMatch(/^ASIA/);
    await expect(outcomeOf(callOf('sts')(emulator, { credentials: key }))).resolves.toMatchObject({ name: 'InvalidClientTokenId' });
    await expect(callOf('sts')(emulator, { credentials: { ...key, sessionToken: env.AWS_SESSION_TOKEN } })).resolves.toMatchObject({ Account: '123456789012' });
  });

  test('GIVEN a long-term key WHEN it is sent with a session token THEN it is refused as an invalid token', async () => {
    const error = await outcomeOf(callOf('dms')(emulator, { credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret-key', sessionToken: 'made-up' } }));
    expect(error).toMatchObject({ name: 'UnrecognizedClientException' });
  });
});

describe('an expired session', () => {
  test.each([
    ['rds', 'ExpiredToken', 400],
    ['drs', 'ExpiredTokenException', 403],
    ['cloudwatch', 'ExpiredToken', 400],
  ])('GIVEN a 15-minute session 16 emulated minutes later WHEN %s is called THEN it answers %s', async (service, name, status) => {
    // GIVEN an emulator of its own (its clock moves) and a 15-minute session of the role
    const own = await Emulator.start();
    try {
      own.sts.registerRole({ roleArn: ROLE, trustedAccounts: ['123456789012'] });
      const credentials = await assumeRole(own, 'short', 900);
      // WHEN 16 emulated minutes pass, and the client's clock follows (no skew, only expiry)
      own.clock.advance(16 * MINUTE);
      const error = await outcomeOf(callOf(service)(own, { credentials, systemClockOffset: 16 * MINUTE }));
      // THEN the service refuses the session as expired
      expect(error).toMatchObject({ name, $metadata: { httpStatusCode: status } });
      expect(own.callLog({ service }).at(-1)).toMatchObject({ authFailure: 'expired-token' });
    } finally {
      await own.stop();
    }
  });
});

describe('clock skew, measured against the emulator clock', () => {
  test.each([
    ['dms', -16, 'InvalidSignatureException', 'Signature expired: '],
    ['sts', -16, 'SignatureDoesNotMatch', 'Signature expired: '],
    ['dms', 16, 'InvalidSignatureException', 'Signature not yet current: '],
  ])('GIVEN a %s client whose clock is %i minutes off WHEN it calls THEN the signature is refused as %s', async (service, minutes, name, message) => {
    const error = await outcomeOf(callOf(service)(emulator, { systemClockOffset: minutes * MINUTE }));
    expect(error).toMatchObject({ name });
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toMatch(/\(\d{8}T\d{6}Z [-+] 15 min\.\)/);
  });

  test.each([-14, 14])('GIVEN a client whose clock is %i minutes off WHEN it calls THEN it is served (15 minutes are allowed)', async (minutes) => {
    await expect(callOf('sts')(emulator, { systemClockOffset: minutes * MINUTE })).resolves.toMatchObject({ Account: '123456789012' });
  });

  test('GIVEN emulated time an hour ahead WHEN a wall-clock client and an emulated-clock client call THEN only the second is served', async () => {
    const own = await Emulator.start();
    try {
      own.clock.advance(60 * MINUTE);
      await expect(outcomeOf(callOf('dms')(own))).resolves.toMatchObject({ name: 'InvalidSignatureException' });
      await expect(callOf('sts')(own, { systemClockOffset: 60 * MINUTE })).resolves.toMatchObject({ Account: '123456789012' });
    } finally {
      await own.stop();
    }
  });

  test("GIVEN emulated time 20 minutes ahead of a client that may retry WHEN it calls THEN it corrects its clock from the emulator's Date header, as from AWS's", async () => {
    const own = await Emulator.start();
    try {
      // GIVEN an emulator clock 20 minutes ahead of the client's wall clock, and the SDK's own skew correction
      own.clock.advance(20 * MINUTE);
      const sts = new STSClient(clientConfig(own, { maxAttempts: 2 }));
      // WHEN it calls once
      const out = await sts.send(new GetCallerIdentityCommand({}));
      // THEN the first attempt was refused for skew, the retry signed on the corrected clock was served
      expect(out.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 2 });
      expect(own.callLog({ service: 'sts' }).map((c) => c.authFailure ?? c.status)).toEqual(['signature', 200]);
    } finally {
      await own.stop();
    }
  });
});
