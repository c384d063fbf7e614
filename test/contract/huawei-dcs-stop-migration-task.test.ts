import { Lazy, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { decodeHuaweiDcsStopMigrationTask, HuaweiDcsStopProps, regionEndpoint } from '../../contract';
import { HuaweiDcsStopMigrationTask, HuaweiDcsStopMigrationTaskProps } from '../../lib';
import { agreementSuite, expectSameVerdict, newStack, thrown } from './agreement';

const PROJECT = '0123456789abcdef0123456789abcdef';
const TASK = '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cutover/aksk-AbCdEf';

function construct(stack: Stack, overrides: Partial<HuaweiDcsStopMigrationTaskProps>): void {
  const credentials = secretsmanager.Secret.fromSecretCompleteArn(stack, 'AkSk', SECRET_ARN);
  new HuaweiDcsStopMigrationTask(stack, 'Stop', { projectId: PROJECT, taskId: TASK, endpoint: 'https://dcs.cn-north-4.myhuaweicloud.com', credentials, ...overrides });
}

function decode(overrides: Record<string, string>) {
  return decodeHuaweiDcsStopMigrationTask({
    [HuaweiDcsStopProps.PROJECT_ID]: PROJECT,
    [HuaweiDcsStopProps.TASK_ID]: TASK,
    [HuaweiDcsStopProps.ENDPOINT]: 'https://dcs.cn-north-4.myhuaweicloud.com',
    [HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]: SECRET_ARN,
    ...overrides,
  });
}

agreementSuite({
  prop: 'projectId',
  cases: [
    { name: 'project id', value: PROJECT, valid: true },
    { name: 'project name', value: 'cn-north-4', valid: false },
    { name: 'id with a path separator', value: '0123456789abcdef/123456789abcdef', valid: false },
    { name: '31 characters', value: PROJECT.slice(1), valid: false },
  ],
  synth: (stack, value) => construct(stack, { projectId: value }),
  decode: (value) => decode({ [HuaweiDcsStopProps.PROJECT_ID]: value }),
});

agreementSuite({
  prop: 'taskId',
  cases: [
    { name: 'task id', value: TASK, valid: true },
    { name: 'task name', value: 'redis-sync', valid: false },
    { name: 'id that climbs the path', value: '../../v2/other', valid: false },
  ],
  synth: (stack, value) => construct(stack, { taskId: value }),
  decode: (value) => decode({ [HuaweiDcsStopProps.TASK_ID]: value }),
});

agreementSuite({
  prop: 'endpoint',
  cases: [
    { name: 'https origin', value: 'https://dcs.eu-de.otc.t-systems.com', valid: true },
    { name: 'https origin with a port', value: 'https://dcs.example.com:8443', valid: true },
    { name: 'http to 127.0.0.1', value: 'http://127.0.0.1:4566', valid: true },
    { name: 'http to another loopback address', value: 'http://127.8.9.10:4566', valid: true },
    { name: 'http to localhost', value: 'http://localhost:4566', valid: true },
    { name: 'http to ::1', value: 'http://[::1]:4566', valid: true },
    { name: 'http to a remote host', value: 'http://dcs.cn-north-4.myhuaweicloud.com', valid: false },
    { name: 'http to a private address', value: 'http://10.0.0.8', valid: false },
    { name: 'http to a host named like loopback', value: 'http://127.0.0.1.example.com', valid: false },
    { name: 'URL with a path', value: 'https://dcs.cn-north-4.myhuaweicloud.com/v2', valid: false },
    { name: 'URL with credentials', value: 'https://user:pw@dcs.cn-north-4.myhuaweicloud.com', valid: false },
    { name: 'host without a scheme', value: 'dcs.cn-north-4.myhuaweicloud.com', valid: false },
    { name: 'ftp URL', value: 'ftp://dcs.example.com', valid: false },
  ],
  synth: (stack, value) => construct(stack, { endpoint: value }),
  decode: (value) => decode({ [HuaweiDcsStopProps.ENDPOINT]: value }),
});

describe('"region": the construct judges it at synth, the handler the endpoint derived from it', () => {
  test.each([
    ['cn-north-4', true],
    ['ap-southeast-1', true],
    ['cn north 4', false],
    ['https://dcs.cn-north-4.myhuaweicloud.com', false],
  ] as const)('region %s: the construct refuses it exactly when the handler refuses its endpoint', (region, valid) => {
    const synthError = thrown(() => construct(newStack(), { endpoint: undefined, region }));
    const decodeError = thrown(() => decode({ [HuaweiDcsStopProps.ENDPOINT]: regionEndpoint(region) }));
    expectSameVerdict(synthError, decodeError, valid);
  });

  test('a region token passes synth and the handler judges the endpoint it resolves into', () => {
    const stack = newStack();
    expect(thrown(() => construct(stack, { endpoint: undefined, region: Lazy.string({ produce: () => 'cn north 4' }) }))).toBeUndefined();
    expect(thrown(() => decode({ [HuaweiDcsStopProps.ENDPOINT]: regionEndpoint('cn north 4') }))).toContain('"endpoint" must be a URL');
  });
});
