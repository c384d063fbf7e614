import { App, CfnParameter, Duration, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { HuaweiDcsStopMigrationTask, HuaweiDcsStopMigrationTaskProps, LifecycleEvent } from '../../lib';
import { ResourceTypes } from '../../contract';
import { awsSolutionsFindings } from '../support/nag';

const PROJECT = '0123456789abcdef0123456789abcdef';
const TASK = '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11';

function newStack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
}

function importedSecret(stack: Stack, id = 'AkSk'): secretsmanager.ISecret {
  return secretsmanager.Secret.fromSecretNameV2(stack, id, 'cutover/huawei-aksk');
}

function props(stack: Stack, overrides: Partial<HuaweiDcsStopMigrationTaskProps> = {}): HuaweiDcsStopMigrationTaskProps {
  return { projectId: PROJECT, taskId: TASK, region: 'cn-north-4', ...overrides, credentials: overrides.credentials ?? importedSecret(stack) };
}

function statementsOf(template: Template): Array<Record<string, any>> {
  return Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('HuaweiDcsStopMigrationTask', () => {
  test('synthesizes a custom resource with the project, task, regional endpoint and secret ARN, running on Delete by default', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new HuaweiDcsStopMigrationTask(stack, 'StopRedisSync', props(stack));
    // THEN
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK, {
      ProjectId: PROJECT,
      TaskId: TASK,
      Endpoint: 'https://dcs.cn-north-4.myhuaweicloud.com',
      CredentialsSecretArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:123456789012:secret:cutover/huawei-aksk']] },
      // Defaults (runOn [DELETE], waiting, 30 minutes) are left out; the handler applies them.
      RunOn: Match.absent(),
      WaitForCompletion: Match.absent(),
      TimeoutSeconds: Match.absent(),
      ServiceTimeout: '1810',
    });
  });

  test('the resource carries only ids, the endpoint and the secret ARN: no credential values and no other properties', () => {
    const stack = newStack();
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack));
    const resource = Object.values(Template.fromStack(stack).findResources(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK))[0];
    expect(Object.keys(resource.Properties).sort()).toEqual(
      ['CredentialsSecretArn', 'Endpoint', 'ProjectId', 'ServiceTimeout', 'ServiceToken', 'TaskId'].sort(),
    );
  });

  test('a secret created in the stack contributes its ARN (a Ref) and no value to the template', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'HuaweiAkSk', {
      secretObjectValue: { accessKeyId: SecretValue.unsafePlainText('placeholder'), secretAccessKey: SecretValue.ssmSecure('/cutover/huawei-sk') },
    });
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { credentials: secret }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK, { CredentialsSecretArn: { Ref: stack.getLogicalId(secret.node.defaultChild as secretsmanager.CfnSecret) } });
    const resource = JSON.stringify(template.findResources(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK));
    expect(resource).not.toContain('placeholder');
    expect(resource).not.toContain('huawei-sk');
  });

  test('"endpoint" replaces the regional URL, without a trailing slash', () => {
    const stack = newStack();
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { region: undefined, endpoint: 'https://dcs.eu-de.otc.t-systems.com/' }));
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK, { Endpoint: 'https://dcs.eu-de.otc.t-systems.com' });
  });

  test('passes runOn, waitForCompletion and timeout through', () => {
    const stack = newStack();
    new HuaweiDcsStopMigrationTask(stack, 'Cutover', props(stack, { runOn: [LifecycleEvent.CREATE], waitForCompletion: false, timeout: Duration.minutes(10) }));
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK, {
      RunOn: ['Create'],
      WaitForCompletion: 'false',
      TimeoutSeconds: '600',
      ServiceTimeout: '610',
    });
  });

  test('exposes status, task name, migration type and method, and outcome as attributes', () => {
    const stack = newStack();
    const stop = new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack));
    const id = Object.keys(Template.fromStack(stack).findResources(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK))[0];
    expect(stack.resolve(stop.status)).toEqual({ 'Fn::GetAtt': [id, 'Status'] });
    expect(stack.resolve(stop.taskName)).toEqual({ 'Fn::GetAtt': [id, 'TaskName'] });
    expect(stack.resolve(stop.migrationType)).toEqual({ 'Fn::GetAtt': [id, 'MigrationType'] });
    expect(stack.resolve(stop.migrationMethod)).toEqual({ 'Fn::GetAtt': [id, 'MigrationMethod'] });
    expect(stack.resolve(stop.outcome)).toEqual({ 'Fn::GetAtt': [id, 'Outcome'] });
  });
});

describe('HuaweiDcsStopMigrationTask permissions', () => {
  test('grants secretsmanager:GetSecretValue on exactly that secret (a partial ARN gets the 6-character suffix wildcard) and nothing else', () => {
    const stack = newStack();
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack));
    const statements = statementsOf(Template.fromStack(stack));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual({
      Action: 'secretsmanager:GetSecretValue',
      Effect: 'Allow',
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:123456789012:secret:cutover/huawei-aksk-??????']],
      },
    });
  });

  test('a secret in the stack is granted by its Ref, and no kms:Decrypt is granted when it uses the AWS managed key', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'HuaweiAkSk');
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { credentials: secret }));
    const statements = statementsOf(Template.fromStack(stack));
    expect(statements).toEqual([{ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: { Ref: stack.getLogicalId(secret.node.defaultChild as secretsmanager.CfnSecret) } }]);
  });

  test('a secret encrypted with a customer-managed key also gets kms:Decrypt on that key, only via Secrets Manager', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const secret = new secretsmanager.Secret(stack, 'HuaweiAkSk', { encryptionKey: key });
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { credentials: secret }));
    expect(statementsOf(Template.fromStack(stack))).toContainEqual({
      Action: 'kms:Decrypt',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
  });

  test("the grants land in the provider's packed managed policies, not in the role's inline policy, and the resource depends on them", () => {
    const stack = newStack();
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack));
    const template = Template.fromStack(stack);
    const inline = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(inline).not.toContain('secretsmanager:');
    const policies = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    const resource = Object.values(template.findResources(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK))[0];
    expect(resource.DependsOn).toEqual(expect.arrayContaining(policies));
  });
});

describe('HuaweiDcsStopMigrationTask in a VPC', () => {
  test('without "vpc" it shares the default provider with the other operations, outside any VPC', () => {
    const stack = newStack();
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 5);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) expect(fn.Properties.VpcConfig).toBeUndefined();
    expect(stack.node.tryFindChild('CdkCutoverProvider')).toBeDefined();
  });

  test('with "vpc" its handler functions run in the private subnets, on a provider of their own whose role may manage network interfaces', () => {
    // GIVEN
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    // WHEN
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { vpc }));
    // THEN
    const template = Template.fromStack(stack);
    const privateSubnets = vpc.privateSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) }));
    const handlers = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, fn]) => /index\.(onEvent|isComplete)/.test(fn.Properties.Handler));
    expect(handlers).toHaveLength(2);
    for (const [, fn] of handlers) expect(fn.Properties.VpcConfig.SubnetIds).toEqual(privateSubnets);
    // Scoped as Lambda documents: interfaces of this account and region, the chosen subnets; only Describe* on "*".
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'ec2:CreateNetworkInterface', Resource: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.anyValue() })]) }),
          Match.objectLike({ Action: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'] }),
          Match.objectLike({ Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], Resource: '*' }),
        ]),
      },
    });
    const createStatement = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .find((st: { Action: unknown }) => st.Action === 'ec2:CreateNetworkInterface');
    const resources = JSON.stringify(createStatement.Resource);
    expect(resources).toContain(':network-interface/*');
    for (const subnet of privateSubnets) expect(resources).toContain(subnet.Ref);
    expect(stack.node.tryFindChild('CdkCutoverProvider')).toBeUndefined();
  });

  test('the VPC-attached functions are created after the ENI permissions and after the NAT route, so both outlive a Delete', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { vpc }));
    const template = Template.fromStack(stack);
    const defaultPolicy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([, p]) => JSON.stringify(p).includes('ec2:CreateNetworkInterface'))![0];
    const handler = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) => fn.Properties.Handler === 'index.onEvent')!;
    expect(handler.DependsOn).toEqual(expect.arrayContaining([defaultPolicy]));
    expect(handler.DependsOn.some((d: string) => /DefaultRoute/.test(d))).toBe(true);
  });

  test('constructs with the same VPC placement share one VPC provider; a different placement gets another', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const secret = importedSecret(stack);
    new HuaweiDcsStopMigrationTask(stack, 'A', props(stack, { vpc, credentials: secret }));
    new HuaweiDcsStopMigrationTask(stack, 'B', props(stack, { vpc, credentials: secret, taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a12' }));
    expect(stack.node.children.filter((c) => c.node.id.startsWith('CdkCutoverProviderVpc'))).toHaveLength(1);
    const oneAz = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: [vpc.availabilityZones[0]] };
    new HuaweiDcsStopMigrationTask(stack, 'C', props(stack, { vpc, credentials: secret, vpcSubnets: oneAz, taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a13' }));
    expect(stack.node.children.filter((c) => c.node.id.startsWith('CdkCutoverProviderVpc'))).toHaveLength(2);
  });

  test('a stack with DCS stops inside and outside a VPC has no unacknowledged cdk-nag AwsSolutions finding', () => {
    const findings = awsSolutionsFindings((app) => {
      const stack = new Stack(app, 'DcsNag', { env: { account: '123456789012', region: 'eu-west-1' } });
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, flowLogs: { All: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
      const secret = new secretsmanager.Secret(stack, 'AkSk', { encryptionKey: key });
      // Rotating a Huawei AK/SK is done in Huawei IAM, not by a Secrets Manager rotation Lambda.
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'rotated in Huawei IAM' });
      new HuaweiDcsStopMigrationTask(stack, 'Public', props(stack, { credentials: secret }));
      new HuaweiDcsStopMigrationTask(stack, 'InVpc', props(stack, { credentials: secret, vpc, taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a12' }));
    });
    expect(findings).toEqual([]);
  });

  test('given security groups are used instead of new ones', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    const sg = new ec2.SecurityGroup(stack, 'Egress', { vpc });
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { vpc, securityGroups: [sg] }));
    const handler = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).find((fn) => fn.Properties.Handler === 'index.onEvent')!;
    expect(handler.Properties.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [stack.getLogicalId(sg.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] }]);
  });
});

describe('HuaweiDcsStopMigrationTask validation', () => {
  test('rejects neither "region" nor "endpoint", saying one is required', () => {
    const stack = newStack();
    expect(() => new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { region: undefined }))).toThrow(/Set "region" \(e\.g\. cn-north-4\) or "endpoint".*one of them is required/);
  });

  test('rejects both "region" and "endpoint", saying to choose one', () => {
    const stack = newStack();
    expect(() => new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { endpoint: 'https://dcs.cn-north-4.myhuaweicloud.com' }))).toThrow(
      /"region" and "endpoint" cannot both be set/,
    );
  });

  test.each([
    ['a project name', 'cn-north-4'],
    ['31 characters', PROJECT.slice(1)],
    ['a non-hex id', 'z123456789abcdef0123456789abcdef'],
  ])('rejects %s as "projectId" and says where to find the id', (_label, projectId) => {
    const stack = newStack();
    expect(() => new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { projectId }))).toThrow(/"projectId" must be a Huawei Cloud project id.*My Credentials/);
  });

  test.each([['a task name', 'redis-sync'], ['a path', `${TASK}/stop`]])('rejects %s as "taskId"', (_label, taskId) => {
    const stack = newStack();
    expect(() => new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { taskId }))).toThrow(/"taskId" must be a DCS migration task id \(a UUID/);
  });

  test.each(['CN-NORTH-4', 'dcs.cn-north-4.myhuaweicloud.com', 'cn north 4'])('rejects the region %s, pointing to "endpoint" for custom URLs', (region) => {
    const stack = newStack();
    expect(() => new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { region }))).toThrow(/"region" must be a Huawei Cloud region id.*use "endpoint"/);
  });

  test.each([
    ['plain http to a remote host', 'http://dcs.cn-north-4.myhuaweicloud.com', /must use https \(DCS responses carry Redis passwords\)/],
    ['a URL with a path', 'https://dcs.cn-north-4.myhuaweicloud.com/v2', /must be an origin only/],
    ['not a URL', 'dcs.cn-north-4.myhuaweicloud.com', /must be a URL like https:/],
  ])('rejects %s as "endpoint"', (_label, endpoint, message) => {
    const stack = newStack();
    expect(() => new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { region: undefined, endpoint }))).toThrow(message);
  });

  test('accepts plain http to a loopback endpoint (local tests)', () => {
    const stack = newStack();
    expect(() => new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { region: undefined, endpoint: 'http://127.0.0.1:4566' }))).not.toThrow();
  });

  test.each(['vpcSubnets', 'securityGroups'] as const)('rejects "%s" without "vpc"', (prop) => {
    const stack = newStack();
    const extra =
      prop === 'vpcSubnets'
        ? { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }
        : { securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678')] };
    expect(() => new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, extra))).toThrow(new RegExp(`"${prop}" only applies to a VPC-attached handler; set "vpc"`));
  });

  test('accepts tokens for the ids and the region without judging them', () => {
    const stack = newStack();
    const param = (name: string) => new CfnParameter(stack, name).valueAsString;
    new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { projectId: param('Project'), taskId: param('Task'), region: param('Region') }));
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK, {
      ProjectId: { Ref: 'Project' },
      Endpoint: { 'Fn::Join': ['', ['https://dcs.', { Ref: 'Region' }, '.myhuaweicloud.com']] },
    });
  });

  test('rejects a timeout above one hour, naming "timeout"', () => {
    const stack = newStack();
    expect(() => new HuaweiDcsStopMigrationTask(stack, 'Stop', props(stack, { timeout: Duration.minutes(90) }))).toThrow(/"timeout" is 1 hour 30 minutes/);
  });
});
