import { App, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { HuaweiDcsStopProps, LifecycleEvent, ResourceTypes } from '../../contract';
import { HuaweiDcsStopMigrationTask } from '../../lib';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { MigrationStack } from '../../bin/migration-stack';
import { allConstructsStack } from '../support/all-constructs';
import { commonProps, RESPONSE_URL_SECRET, Rig, startRig } from '../support/rig';
import type { MatrixAdapter, Seeded } from '../matrix/adapter';
import { dmsAssessmentAdapter } from '../matrix/adapters/dms-assessment-run';
import { dmsStopAdapter } from '../matrix/adapters/dms-stop-replication-task';
import { drsStopAdapter } from '../matrix/adapters/drs-stop-replication';
import { rdsCancelAdapter } from '../matrix/adapters/rds-cancel-export-task';

// Known secret values: none of them may appear anywhere the handler writes or the library synthesizes.
const AK = 'SECRETSTESTAKAAAAAAA1';
const SK = 'secretsTestSkVeryPrivate0123456789abcdefXYZ';
const WRONG_SK = 'secretsTestWrongSkAlsoPrivate0123456789ab';
const SOURCE_PASSWORD = 'redis-source-P@ssw0rd-7c1e';
const TARGET_PASSWORD = 'redis-target-P@ssw0rd-2f9a';
const SECRETS = [AK, SK, WRONG_SK, SOURCE_PASSWORD, TARGET_PASSWORD, RESPONSE_URL_SECRET];

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.stop());

const send = (request: CfnRequest) => rig.send(request);

const physicalIdOf = (adapter: MatrixAdapter, seeded: Seeded) => {
  const expected = adapter.expectedPhysicalId(seeded);
  return typeof expected === 'string' ? expected : seeded.id;
};

function expectNoSecretIn(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe.each([dmsStopAdapter, dmsAssessmentAdapter, drsStopAdapter, rdsCancelAdapter].map((a) => [a.name, a] as const))(
  '%s keeps the response URL out of everything it writes',
  (_name, adapter) => {
    const request = (type: CfnRequest['RequestType'], seeded: Seeded, timeoutSeconds = 10): CfnRequest => ({
      RequestType: type,
      ResourceType: adapter.resourceType,
      LogicalResourceId: 'Secrets',
      PhysicalResourceId: type === 'Create' ? undefined : physicalIdOf(adapter, seeded),
      ResourceProperties: { ...seeded.properties, ...commonProps({ runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE, LifecycleEvent.DELETE], timeoutSeconds }) },
    });

    test('on success and on failure (not found, access denied, timeout)', async () => {
      rig.lambda.clearOutput();
      const ok = await send(request(adapter.actionEvent, adapter.seedLive(rig, 150)));
      const missing = await send(request('Create', adapter.missing(rig)));
      rig.emulator.faults.inject({ service: adapter.service, operation: adapter.actionOperation, kind: 'access-denied', count: 3 });
      const denied = await send(request(adapter.actionEvent, adapter.seedLive(rig, 150)));
      rig.emulator.faults.clear();
      const slow = await send(request(adapter.actionEvent, adapter.seedLive(rig, 60_000), 1));
      expect([ok, missing, denied, slow].map((o) => o.status)).toEqual(['SUCCESS', 'FAILED', 'FAILED', 'FAILED']);
      expectNoSecretIn(rig.lambda.output());
      expectNoSecretIn(JSON.stringify([ok, missing, denied, slow].map((o) => [o.data, o.reason])));
    });
  },
);

describe('HuaweiDcsStopMigrationTask keeps AK/SK and Redis passwords out of everything it writes', () => {
  const PROJECT = '0123456789abcdef0123456789abcdef';
  let goodSecret: string;
  let wrongSecret: string;
  beforeAll(() => {
    rig.emulator.dcs.addCredentials({ accessKeyId: AK, secretAccessKey: SK });
    goodSecret = rig.emulator.secretsManager.createSecret({ name: 'secrets-test/good', value: JSON.stringify({ accessKeyId: AK, secretAccessKey: SK }) });
    wrongSecret = rig.emulator.secretsManager.createSecret({ name: 'secrets-test/wrong', value: JSON.stringify({ accessKeyId: AK, secretAccessKey: WRONG_SK }) });
  });
  const request = (type: CfnRequest['RequestType'], taskId: string, secretArn: string, timeoutSeconds = 10): CfnRequest => ({
    RequestType: type,
    ResourceType: ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK,
    LogicalResourceId: 'Secrets',
    PhysicalResourceId: type === 'Create' ? undefined : `${PROJECT}/migration-task/${taskId}`,
    ResourceProperties: {
      [HuaweiDcsStopProps.PROJECT_ID]: PROJECT,
      [HuaweiDcsStopProps.TASK_ID]: taskId,
      [HuaweiDcsStopProps.ENDPOINT]: rig.emulator.dcsEndpoint,
      [HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]: secretArn,
      ...commonProps({ runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE], timeoutSeconds }),
    },
  });
  const seed = (overrides: { stopDurationMs?: number } = {}) =>
    rig.emulator.dcs.seedTask({ projectId: PROJECT, sourcePassword: SOURCE_PASSWORD, targetPassword: TARGET_PASSWORD, stopDurationMs: 150, ...overrides });

  test('on success, a wrong SK, a denial, a malformed body (which cuts off after a password) and a timeout', async () => {
    rig.lambda.clearOutput();
    const results = [await send(request('Delete', seed(), goodSecret))];
    results.push(await send(request('Delete', seed(), wrongSecret)));
    rig.emulator.faults.inject({ service: 'dcs', operation: 'StopMigrationTask', kind: 'access-denied', count: 3 });
    results.push(await send(request('Delete', seed(), goodSecret)));
    rig.emulator.faults.clear();
    rig.emulator.faults.inject({ service: 'dcs', operation: 'ShowMigrationTask', kind: 'malformed', count: 1000 });
    results.push(await send(request('Delete', seed(), goodSecret, 1)));
    rig.emulator.faults.clear();
    results.push(await send(request('Delete', seed({ stopDurationMs: 60_000 }), goodSecret, 1)));
    expect(results.map((o) => o.status)).toEqual(['SUCCESS', 'FAILED', 'FAILED', 'FAILED', 'FAILED']);
    expectNoSecretIn(rig.lambda.output());
    expectNoSecretIn(JSON.stringify(results.map((o) => [o.data, o.reason])));
  });
});

describe('templates', () => {
  test('the library never resolves the Huawei credential secret into a template, in the example app or a stack with every construct', () => {
    const templates = [
      Template.fromStack(new MigrationStack(new App(), 'Example', { env: { account: '123456789012', region: 'us-east-1' } })),
      Template.fromStack(allConstructsStack(new App())),
    ].map((t) => JSON.stringify(t.toJSON()));
    // (The example's DMS endpoints rightly take their database passwords by dynamic reference.)
    expect(templates[0]).toContain('{{resolve:secretsmanager:orders-db-dms');
    for (const template of templates) {
      expect(template).not.toMatch(/\{\{resolve:secretsmanager:[^}]*(huawei|HuaweiKeys)/i);
      expect(template).not.toMatch(/accessKeyId|secretAccessKey/);
    }
  });

  test('a secret whose value is in the app (known AK/SK) appears only in the user\'s own Secret, never in what the library synthesizes', () => {
    // GIVEN a user who (unwisely) writes the AK/SK into the stack as the Secret's value
    const stack = new Stack(new App(), 'PlainSecret', { env: { account: '123456789012', region: 'us-east-1' } });
    const keys = new secretsmanager.Secret(stack, 'Keys', {
      secretObjectValue: { accessKeyId: SecretValue.unsafePlainText(AK), secretAccessKey: SecretValue.unsafePlainText(SK) },
    });
    // WHEN the library uses it
    new HuaweiDcsStopMigrationTask(stack, 'Stop', {
      projectId: '0123456789abcdef0123456789abcdef',
      taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11',
      region: 'cn-north-4',
      credentials: keys,
    });
    // THEN the values are in the user's Secret (so they were there to leak), and no other resource
    // holds them, literally or as a dynamic reference CloudFormation would resolve at deploy time
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, unknown>;
    const secretId = stack.getLogicalId(keys.node.defaultChild as secretsmanager.CfnSecret);
    expect(JSON.stringify(resources[secretId])).toContain(SK);
    for (const [id, resource] of Object.entries(resources)) {
      if (id === secretId) continue;
      expectNoSecretIn(JSON.stringify(resource));
      expect(JSON.stringify(resource)).not.toContain('{{resolve:secretsmanager:');
    }
  });

  test('a DCS construct passes only the secret ARN to CloudFormation, whatever the secret holds', () => {
    const stack = new Stack(new App(), 'Dcs', { env: { account: '123456789012', region: 'us-east-1' } });
    const keys = secretsmanager.Secret.fromSecretNameV2(stack, 'Keys', 'cutover/huawei');
    new HuaweiDcsStopMigrationTask(stack, 'Stop', { projectId: '0123456789abcdef0123456789abcdef', taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11', region: 'cn-north-4', credentials: keys });
    const properties = Object.values(Template.fromStack(stack).findResources(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK))[0].Properties;
    expect(Object.keys(properties)).not.toEqual(expect.arrayContaining([expect.stringMatching(/AccessKey|SecretKey|Password/i)]));
    expect(JSON.stringify(properties.CredentialsSecretArn)).toContain(':secret:cutover/huawei');
  });
});

