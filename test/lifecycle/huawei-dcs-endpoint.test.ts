import { HuaweiDcsStopProps, LifecycleEvent, ResourceTypes } from '../../contract';
import { commonProps, Rig, startRig } from '../support/rig';

// The endpoint rule at run time, over real HTTP: an endpoint that was a token at synth (so the
// construct could not judge it) is judged by the handler before it reads the AK/SK secret, and a
// host name that does not exist fails at once instead of holding the stack for the whole timeout.

const AK = 'HWAKENDPOINT00000001';
const SK = 'hwSkEndpointSecretValue0123456789abcdef';
const PROJECT = '0123456789abcdef0123456789abcdef';

let rig: Rig;

beforeAll(async () => {
  rig = await startRig({ emulator: { dcs: { stopDurationMs: 300, projectId: PROJECT } } });
  rig.emulator.dcs.addCredentials({ accessKeyId: AK, secretAccessKey: SK });
});
afterAll(() => rig.stop());

/** A secret this handler process has never read (a read one is cached for the life of the environment). */
function freshSecret(name: string): string {
  return rig.emulator.secretsManager.createSecret({ name, value: JSON.stringify({ accessKeyId: AK, secretAccessKey: SK }) });
}

function secretReads(secretArn: string) {
  return rig.emulator.callLog({ service: 'secretsmanager' }).filter((c) => JSON.stringify(c.params).includes(secretArn));
}

function deleteWith(endpoint: string, taskId: string, secretArn: string) {
  return rig.send({
    RequestType: 'Delete',
    ResourceType: ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK,
    LogicalResourceId: 'StopRedisSync',
    PhysicalResourceId: `${PROJECT}/migration-task/${taskId}`,
    ResourceProperties: {
      [HuaweiDcsStopProps.PROJECT_ID]: PROJECT,
      [HuaweiDcsStopProps.TASK_ID]: taskId,
      [HuaweiDcsStopProps.ENDPOINT]: endpoint,
      [HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]: secretArn,
      ...commonProps({ runOn: [LifecycleEvent.DELETE], timeoutSeconds: 20 }),
    },
  });
}

describe('an endpoint that was a token at synth', () => {
  test('resolved to plain http to a remote host, it is refused with a reason naming the endpoint, and the secret is never read', async () => {
    // GIVEN a running task and a secret nobody has read
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    const secretArn = freshSecret('cutover/endpoint-http-remote');
    // WHEN the resolved endpoint is plain http to a host that is not loopback
    const outcome = await deleteWith('http://dcs.cn-north-4.myhuaweicloud.com', taskId, secretArn);
    // THEN the stack operation fails naming the endpoint, before any secret read or DCS call
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('"endpoint" must use https (DCS responses carry Redis passwords); got "http://dcs.cn-north-4.myhuaweicloud.com"');
    expect(secretReads(secretArn)).toHaveLength(0);
    expect(rig.emulator.callLog({ service: 'dcs' }).filter((c) => String(c.params.path).includes(taskId))).toHaveLength(0);
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('INCRMIGEATING');
  });

  test('resolved to an endpoint with a path, it is refused before the secret is read', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    const secretArn = freshSecret('cutover/endpoint-with-path');
    const outcome = await deleteWith(`${rig.emulator.dcsEndpoint}/v2`, taskId, secretArn);
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('"endpoint" must be an origin only');
    expect(secretReads(secretArn)).toHaveLength(0);
  });

  test('resolved to plain http to the loopback host, it is used (a local test endpoint) and the task is stopped', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    expect(rig.emulator.dcsEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const secretArn = freshSecret('cutover/endpoint-loopback');
    const outcome = await deleteWith(rig.emulator.dcsEndpoint, taskId, secretArn);
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'TERMINATED' } });
    // The same look at the call log that proves the refused endpoints never read theirs.
    expect(secretReads(secretArn)).toHaveLength(1);
  });
});

describe('an endpoint whose host name does not resolve', () => {
  test('fails at once with ENOTFOUND, naming the endpoint, instead of waiting out the timeout', async () => {
    // GIVEN a name under the reserved .invalid TLD (RFC 2606): DNS answers "no such name" locally and fast
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    // WHEN the task is stopped through it, with a 20-second timeout
    const outcome = await deleteWith('https://dcs.cn-norht-4.invalid', taskId, freshSecret('cutover/endpoint-typo'));
    // THEN it fails on the first call, naming the endpoint and the DNS answer
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('could not reach the DCS endpoint https://dcs.cn-norht-4.invalid');
    expect(outcome.reason).toContain('does not resolve (ENOTFOUND)');
    expect(outcome.reason).toContain('Check "endpoint" (or "region")');
    expect(outcome.polls).toBe(0);
    expect(outcome.elapsedMs).toBeLessThan(10_000);
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('INCRMIGEATING');
  });
});
