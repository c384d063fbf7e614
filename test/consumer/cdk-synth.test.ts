import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceTypes } from '../../contract';
import { ConsumerApp, createConsumerApp } from '../support/consumer-app';

// A user's app in plain JavaScript, outside this repository, using every construct.
const APP = `
const { App, CfnResource, Duration, RemovalPolicy, Stack } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const logs = require('aws-cdk-lib/aws-logs');
const iam = require('aws-cdk-lib/aws-iam');
const s3 = require('aws-cdk-lib/aws-s3');
const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');
const cutover = require('cdk-cutover');

const app = new App();
const stack = new Stack(app, 'ConsumerStack', { env: { account: '123456789012', region: 'us-east-1' } });
const task = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
new cutover.DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: task });
new cutover.DmsStopReplication(stack, 'StopServerless', {
  replicationConfigArn: 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
});
new cutover.DmsAssessmentRun(stack, 'Assess', {
  replicationTaskArn: task,
  serviceAccessRole: new iam.Role(stack, 'AssessmentRole', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') }),
  resultLocationBucket: new s3.Bucket(stack, 'Results', { enforceSSL: true }),
});
new cutover.DrsStopReplication(stack, 'Decommission', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true });
// The start steps, each on a target of its own (the same operation twice on one target is refused).
new cutover.DmsStartReplicationTask(stack, 'StartOrders', { replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:task:ORDERSTASKABCDEFGHIJKLMNOPQ' });
new cutover.DmsStartReplication(stack, 'StartServerless', {
  replicationConfigArn: 'arn:aws:dms:us-east-1:123456789012:replication-config:CUSTOMERSABCDEFGHIJKLMNOPQ',
});
new cutover.DrsStartReplication(stack, 'Protect', { sourceServerId: 's-0a1b2c3d4e5f67890' });
// An endpoint changed only while the task is paused.
const endpoint = new CfnResource(stack, 'WatchedEndpoint', { type: 'AWS::DMS::Endpoint', properties: { EndpointType: 'source', EngineName: 'postgres' } });
new cutover.DmsPauseDuringChange(stack, 'Pause', { replicationTaskArn: task, watch: [endpoint] });
// A provider of the user's own: more memory, shorter logs, a slower poll, in a VPC.
const provider = new cutover.CutoverProvider(stack, 'Cutover', {
  memorySize: 512,
  logRetention: logs.RetentionDays.ONE_MONTH,
  logRemovalPolicy: RemovalPolicy.DESTROY,
  queryInterval: Duration.seconds(15),
  vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-0123456789abcdef0'] }),
});
new cutover.RdsCancelExportTask(stack, 'CancelExport', { exportTaskIdentifier: 'nightly-2026-11-22', provider });
new cutover.HuaweiDcsStopMigrationTask(stack, 'StopRedisSync', {
  projectId: '0123456789abcdef0123456789abcdef',
  taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11',
  region: 'cn-north-4',
  credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'Keys', 'cutover/huawei-dcs-aksk'),
  runOn: [cutover.LifecycleEvent.CREATE],
});
app.synth();
`;

let consumer: ConsumerApp;
beforeAll(async () => {
  consumer = await createConsumerApp({ appSource: APP, extraDependencies: [`aws-cdk@${cliVersion()}`] });
}, 240_000);
afterAll(() => consumer?.dispose());

function cliVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', 'aws-cdk', 'package.json'), 'utf8')) as { version: string }).version;
}

test('the installed package declares types that exist, and ships the prebundled handler', () => {
  const installed = join(consumer.dir, 'node_modules', 'cdk-cutover');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { main: string; types: string };
  expect(existsSync(join(installed, manifest.main))).toBe(true);
  expect(existsSync(join(installed, manifest.types))).toBe(true);
  expect(existsSync(join(installed, 'assets', 'handler', 'index.mjs'))).toBe(true);
  // No sources, tests or build scripts in the package; rosetta/ holds the fixtures the assembly's examples compile against.
  expect(readdirSync(installed).sort()).toEqual(['.jsii', 'API.md', 'CHANGELOG.md', 'LICENSE', 'README.md', 'assets', 'contract', 'emulator', 'lib', 'package.json', 'rosetta']);
});

test('the installed package carries the jsii assembly Construct Hub reads, with the awscdk keyword and the Python target', () => {
  const assembly = JSON.parse(readFileSync(join(consumer.dir, 'node_modules', 'cdk-cutover', '.jsii'), 'utf8')) as {
    name: string;
    keywords: string[];
    targets: { python?: { module: string; distName: string } };
    types: Record<string, unknown>;
  };
  expect(assembly.name).toBe('cdk-cutover');
  expect(assembly.keywords).toContain('awscdk');
  expect(assembly.targets.python).toEqual(expect.objectContaining({ module: 'cdk_cutover', distName: 'cdk-cutover' }));
  expect(Object.keys(assembly.types)).toContain('cdk-cutover.DmsStopReplicationTask');
});

test('a deep import of an internal module fails; the entry point and package.json resolve', async () => {
  const deep = await consumer.run(`node -e "require('cdk-cutover/lib/private/cutover-provider')"`);
  expect(deep.code).not.toBe(0);
  expect(deep.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED.*\.\/lib\/private\/cutover-provider/s);
  const entry = await consumer.run(`node -e "const c = require('cdk-cutover'); console.log(typeof c.DmsStopReplicationTask, require('cdk-cutover/package.json').name)"`);
  expect({ code: entry.code, stdout: entry.stdout.trim() }).toEqual({ code: 0, stdout: 'function cdk-cutover' });
});

test('"cdk synth" of a fresh app using every construct succeeds with only aws-cdk-lib and constructs installed', async () => {
  const synth = await consumer.run('npx cdk synth --quiet', { timeoutMs: 120_000 });
  expect({ code: synth.code, stderr: synth.code === 0 ? '' : synth.stderr }).toEqual({ code: 0, stderr: '' });
  const template = JSON.parse(readFileSync(join(consumer.dir, 'cdk.out', 'ConsumerStack.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const types = new Set(Object.values(template.Resources).map((r) => r.Type));
  for (const type of Object.values(ResourceTypes)) expect(types).toContain(type);
  // The handler asset in the cloud assembly is the prebundled one from the package.
  const handler = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.onEvent')!;
  const assetHash = JSON.stringify(handler.Properties.Code).match(/([0-9a-f]{64})\.zip/)![1];
  expect(existsSync(join(consumer.dir, 'cdk.out', `asset.${assetHash}`, 'index.mjs'))).toBe(true);
}, 150_000);

test('the functions and log groups of a CutoverProvider with custom settings carry them in the synthesized template', () => {
  // Reads the template the previous test synthesized (jest runs a file's tests in order).
  const template = JSON.parse(readFileSync(join(consumer.dir, 'cdk.out', 'ConsumerStack.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;
  };
  const resources = Object.entries(template.Resources);
  const handlers = (prefix: string) =>
    resources.filter(([id, r]) => id.startsWith(prefix) && r.Type === 'AWS::Lambda::Function' && /^index\./.test(r.Properties.Handler)).map(([, r]) => r);
  const custom = handlers('Cutover');
  expect(custom).toHaveLength(2);
  for (const fn of custom) {
    expect(fn.Properties.MemorySize).toBe(512);
    expect(fn.Properties.Environment.Variables.CUTOVER_POLL_INTERVAL_SECONDS).toBe('15');
    expect(fn.Properties.VpcConfig.SubnetIds).toHaveLength(1);
  }
  const logGroups = resources.filter(([id, r]) => id.startsWith('Cutover') && r.Type === 'AWS::Logs::LogGroup').map(([, r]) => r);
  expect(logGroups).toHaveLength(3);
  for (const group of logGroups) expect({ days: group.Properties.RetentionInDays, deletion: group.DeletionPolicy }).toEqual({ days: 30, deletion: 'Delete' });
  const cancel = resources.find(([, r]) => r.Type === ResourceTypes.RDS_CANCEL_EXPORT_TASK)![1];
  expect(cancel.Properties.ServiceTimeout).toBe('1815');
  // The other constructs keep the shared provider and its defaults.
  for (const fn of handlers('CdkCutoverProvider')) expect(fn.Properties).toMatchObject({ MemorySize: 256, Environment: { Variables: { CUTOVER_POLL_INTERVAL_SECONDS: '10' } } });
  expect(handlers('CdkCutoverProvider')).toHaveLength(2);
});
