import { Emulator, OPERATOR_CREDENTIALS } from '../../emulator';
import { CLOUDWATCH_LIST, DMS_DESCRIBE, DRS_DESCRIBE, rawCall, STS_IDENTITY } from './signed-request';
import { outcomeOf, Protocol, SERVICE_CALLS } from './service-clients';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await Emulator.start();
});
afterAll(() => emulator.stop());

/** What AWS's authentication layer answers in each protocol: the error name the SDK gives, and the status. */
const REFUSALS: Record<'signature' | 'token', Record<Protocol, { name: string; status: number }>> = {
  signature: {
    awsJson: { name: 'InvalidSignatureException', status: 400 },
    awsQueryCompatibleJson: { name: 'SignatureDoesNotMatch', status: 400 },
    awsQuery: { name: 'SignatureDoesNotMatch', status: 403 },
    restJson: { name: 'InvalidSignatureException', status: 403 },
  },
  token: {
    awsJson: { name: 'UnrecognizedClientException', status: 400 },
    awsQueryCompatibleJson: { name: 'InvalidClientTokenId', status: 400 },
    awsQuery: { name: 'InvalidClientTokenId', status: 403 },
    restJson: { name: 'UnrecognizedClientException', status: 403 },
  },
};

const lastCall = (service: string) => emulator.callLog({ service }).at(-1);

describe('a request signed with the wrong secret key', () => {
  test.each(SERVICE_CALLS.map((c) => [c.service, c] as const))('is refused by %s with its signature error', async (service, { protocol, call }) => {
    // GIVEN the operator's key id with a secret that is not its own
    const credentials = { accessKeyId: OPERATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-registered-secret' };
    // WHEN the real SDK client calls the service
    const error = await outcomeOf(call(emulator, { credentials }));
    // THEN the service refuses it in its own protocol, with AWS's wording, before serving anything
    expect(error).toMatchObject({ name: REFUSALS.signature[protocol].name, $metadata: { httpStatusCode: REFUSALS.signature[protocol].status } });
    expect((error as Error).message).toContain('The request signature we calculated does not match the signature you provided');
    expect(lastCall(service)).toMatchObject({ authFailure: 'signature', status: REFUSALS.signature[protocol].status });
  });

  test('GIVEN the registered secret WHEN the same call is made THEN it is served (the refusal above is the secret alone)', async () => {
    const out = await SERVICE_CALLS.find((c) => c.service === 'sts')!.call(emulator);
    expect(out).toMatchObject({ Account: '123456789012' });
  });
});

describe('a request signed with a key nobody issued', () => {
  test.each(SERVICE_CALLS.map((c) => [c.service, c] as const))('is refused by %s as an invalid security token', async (service, { protocol, call }) => {
    // GIVEN an access key id the emulator never registered
    const credentials = { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'whatever-secret' };
    // WHEN the real SDK client calls the service
    const error = await outcomeOf(call(emulator, { credentials }));
    // THEN it is UnrecognizedClientException / InvalidClientTokenId, and no default account serves it
    expect(error).toMatchObject({ name: REFUSALS.token[protocol].name, $metadata: { httpStatusCode: REFUSALS.token[protocol].status } });
    expect((error as Error).message).toContain('The security token included in the request is invalid');
    expect(lastCall(service)).toMatchObject({ authFailure: 'invalid-token', account: '', accessKeyId: 'AKIAUNKNOWNKEY000001' });
  });
});

describe('a request signed for a region that does not exist', () => {
  test.each([
    ['dms', 'InvalidSignatureException', 400],
    ['rds', 'SignatureDoesNotMatch', 403],
    ['drs', 'InvalidSignatureException', 403],
  ])('is refused by %s as a credential scoped to no valid region', async (service, name, status) => {
    // GIVEN a client configured for a region AWS does not have
    const { call } = SERVICE_CALLS.find((c) => c.service === service)!;
    // WHEN it calls the service
    const error = await outcomeOf(call(emulator, { region: 'us-north-9' }));
    // THEN the credential scope is refused with AWS's message
    expect(error).toMatchObject({ name, $metadata: { httpStatusCode: status } });
    expect((error as Error).message).toContain("Credential should be scoped to a valid region, not 'us-north-9'.");
  });
});

describe('a request signed for the wrong service', () => {
  test("GIVEN CloudWatch signed as 'cloudwatch' WHEN it is sent THEN it is refused: CloudWatch's signing name is 'monitoring'", async () => {
    const answer = await rawCall(emulator, { ...CLOUDWATCH_LIST, signing: { credentials: OPERATOR_CREDENTIALS, region: 'us-east-1', service: 'cloudwatch' } });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'monitoring'. " });
    // The JSON form is awsQuery-compatible: the legacy code travels in its header.
    expect(answer.headers['x-amzn-query-error']).toBe('SignatureDoesNotMatch;Sender');
  });

  test("GIVEN CloudWatch signed as 'monitoring' by the same signer WHEN it is sent THEN it is served", async () => {
    const answer = await rawCall(emulator, { ...CLOUDWATCH_LIST, signing: { credentials: OPERATOR_CREDENTIALS, region: 'us-east-1', service: 'monitoring' } });
    expect(answer.status).toBe(200);
  });

  test("GIVEN STS signed as 'iam' WHEN it is sent THEN STS refuses it as SignatureDoesNotMatch 403 in awsQuery XML", async () => {
    const answer = await rawCall(emulator, { ...STS_IDENTITY, signing: { credentials: OPERATOR_CREDENTIALS, region: 'us-east-1', service: 'iam' } });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(answer.body).toContain('Credential should be scoped to correct service: &apos;sts&apos;.');
  });
});

describe('an unsigned request', () => {
  test.each([
    ['dms', DMS_DESCRIBE, 400, 'MissingAuthenticationTokenException'],
    ['drs', DRS_DESCRIBE, 403, 'MissingAuthenticationTokenException'],
    ['cloudwatch', CLOUDWATCH_LIST, 400, 'MissingAuthenticationTokenException'],
  ])('is refused by %s, not served as a default account', async (service, request, status, type) => {
    // WHEN a request without Authorization reaches the service
    const answer = await rawCall(emulator, request);
    // THEN it is refused with the missing-token error of the service's protocol
    expect(answer.status).toBe(status);
    const errorType = answer.headers['x-amzn-errortype'] ?? JSON.parse(answer.body).__type;
    expect(String(errorType).replace(/:$/, '')).toBe(type);
    expect(lastCall(service)).toMatchObject({ authFailure: 'missing', account: '', region: '' });
  });

  test('GIVEN an unsigned STS GetCallerIdentity WHEN it is sent THEN STS answers MissingAuthenticationToken 403 in XML', async () => {
    const answer = await rawCall(emulator, STS_IDENTITY);
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(answer.body).not.toContain('123456789012');
  });
});
