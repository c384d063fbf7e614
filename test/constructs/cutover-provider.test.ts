import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ResourceTypes } from '../../contract';
import { CutoverProvider, CutoverProviderProps, DmsStopReplicationTask, HuaweiDcsStopMigrationTask, RdsCancelExportTask } from '../../lib';

const ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function newStack(id = 'TestStack', app = new App()): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
}

/** One DMS stop on a provider with `props`; returns the template. */
function synthWith(props: CutoverProviderProps, stack = newStack()): Template {
  new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, provider: new CutoverProvider(stack, 'Cutover', props) });
  return Template.fromStack(stack);
}

/** The onEvent and isComplete functions (not the framework's). */
function handlers(template: Template) {
  return Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, fn]) => /^index\./.test(fn.Properties.Handler));
}

function stateMachineDefinition(template: Template): string {
  return JSON.stringify(Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0].Properties.DefinitionString);
}

describe('CutoverProvider defaults', () => {
  test('GIVEN a construct without provider, WHEN synthesized, THEN the shared provider keeps its id, 256 MB, 90-day retained logs, a 10-second poll and its own role', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN });
    const template = Template.fromStack(stack);
    expect(stack.node.tryFindChild('CdkCutoverProvider')).toBeInstanceOf(CutoverProvider);
    for (const [id, fn] of handlers(template)) {
      expect(id).toMatch(/^CdkCutoverProvider/);
      expect(fn.Properties).toMatchObject({ MemorySize: 256, Environment: { Variables: { CUTOVER_POLL_INTERVAL_SECONDS: '10' } } });
      expect(fn.Properties.VpcConfig).toBeUndefined();
    }
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups).toHaveLength(3);
    for (const group of logGroups) expect(group).toMatchObject({ Properties: { RetentionInDays: 90 }, DeletionPolicy: 'Retain' });
    template.hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, { ServiceTimeout: '1810' });
    expect(stateMachineDefinition(template)).toContain('\\"IntervalSeconds\\":10');
    expect(Object.keys(template.findResources('AWS::IAM::Role')).some((id) => id.startsWith('CdkCutoverProviderHandlerRole'))).toBe(true);
  });

  test('GIVEN a provider without props, WHEN synthesized, THEN its functions and log groups have the same settings as the shared one', () => {
    const template = synthWith({});
    for (const [, fn] of handlers(template)) expect(fn.Properties.MemorySize).toBe(256);
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) expect(group.Properties.RetentionInDays).toBe(90);
  });
});

describe('CutoverProvider settings reach the synthesized resources', () => {
  test('GIVEN memorySize 1024, WHEN synthesized, THEN both handler functions have 1024 MB', () => {
    const fns = handlers(synthWith({ memorySize: 1024 }));
    expect(fns).toHaveLength(2);
    for (const [, fn] of fns) expect(fn.Properties.MemorySize).toBe(1024);
  });

  test('GIVEN logRetention ONE_WEEK, WHEN synthesized, THEN the handler and framework log groups keep logs for 7 days', () => {
    const groups = Object.values(synthWith({ logRetention: logs.RetentionDays.ONE_WEEK }).findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(3);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(7);
  });

  test('GIVEN logRemovalPolicy DESTROY, WHEN synthesized, THEN every log group is deleted with the stack', () => {
    const groups = Object.values(synthWith({ logRemovalPolicy: RemovalPolicy.DESTROY }).findResources('AWS::Logs::LogGroup'));
    for (const group of groups) expect(group).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('GIVEN queryInterval 30 seconds, WHEN synthesized, THEN the handlers, the waiter and the ServiceTimeout use it', () => {
    const stack = newStack();
    const provider = new CutoverProvider(stack, 'Cutover', { queryInterval: Duration.seconds(30) });
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, provider, timeout: Duration.minutes(10) });
    const template = Template.fromStack(stack);
    for (const [, fn] of handlers(template)) expect(fn.Properties.Environment.Variables.CUTOVER_POLL_INTERVAL_SECONDS).toBe('30');
    const definition = stateMachineDefinition(template);
    expect(definition).toContain('\\"IntervalSeconds\\":30');
    // One poll past the longest timeout (1 hour): 121 polls of 30 seconds.
    expect(definition).toContain('\\"MaxAttempts\\":121');
    template.hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, { ServiceTimeout: '630' });
  });

  test('GIVEN a queryInterval that does not divide one hour, WHEN synthesized, THEN the framework timeout is rounded up to whole polls', () => {
    const definition = stateMachineDefinition(synthWith({ queryInterval: Duration.seconds(7) }));
    expect(definition).toContain('\\"MaxAttempts\\":516');
  });

  test('GIVEN a provider, WHEN two constructs use it, THEN both resources use its service token and no shared provider is created', () => {
    const stack = newStack();
    const provider = new CutoverProvider(stack, 'Cutover', { memorySize: 512 });
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, provider });
    new RdsCancelExportTask(stack, 'Cancel', { exportTaskIdentifier: 'nightly', provider });
    const template = Template.fromStack(stack);
    expect(stack.node.tryFindChild('CdkCutoverProvider')).toBeUndefined();
    expect(handlers(template)).toHaveLength(2);
    const token = stack.resolve(provider.serviceToken);
    for (const type of [ResourceTypes.DMS_STOP_REPLICATION_TASK, ResourceTypes.RDS_CANCEL_EXPORT_TASK]) {
      template.hasResourceProperties(type, { ServiceToken: token });
    }
  });
});

describe('CutoverProvider in a VPC', () => {
  test('GIVEN a VPC provider, WHEN a DMS stop uses it, THEN its handlers run in the private subnets and may manage their network interfaces', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const template = synthWith({ vpc }, stack);
    const privateSubnets = vpc.privateSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) }));
    for (const [, fn] of handlers(template)) expect(fn.Properties.VpcConfig.SubnetIds).toEqual(privateSubnets);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ec2:CreateNetworkInterface' })]) },
    });
  });

  test('GIVEN given subnets and security groups, WHEN synthesized, THEN the handlers use exactly those', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const sg = new ec2.SecurityGroup(stack, 'Egress', { vpc });
    const oneAz = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: [vpc.availabilityZones[0]] };
    const template = synthWith({ vpc, vpcSubnets: oneAz, securityGroups: [sg] }, stack);
    const subnets = [{ Ref: stack.getLogicalId(vpc.privateSubnets[0].node.defaultChild as ec2.CfnSubnet) }];
    for (const [, fn] of handlers(template)) {
      expect(fn.Properties.VpcConfig).toEqual({ SubnetIds: subnets, SecurityGroupIds: [{ 'Fn::GetAtt': [stack.getLogicalId(sg.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] }] });
    }
  });
});

describe("CutoverProvider with the user's role", () => {
  function grantsOn(template: Template, roleRef: unknown) {
    return Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([roleRef]));
  }

  test('GIVEN a role of the user, WHEN a DMS stop uses the provider, THEN the role gets the scoped grant and the log permissions, and no handler role is created', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const template = synthWith({ role }, stack);
    const roleRef = { Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) };
    for (const [, fn] of handlers(template)) expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': [roleRef.Ref, 'Arn'] });
    const text = JSON.stringify(grantsOn(template, roleRef));
    expect(text).toContain('"dms:StopReplicationTask"');
    expect(text).toContain(ARN);
    expect(text).toContain('"logs:PutLogEvents"');
    expect(Object.keys(template.findResources('AWS::IAM::Role')).some((id) => id.includes('HandlerRole'))).toBe(false);
  });

  test('GIVEN an imported mutable role, WHEN a DMS stop uses the provider, THEN managed policies attach themselves to it by name', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/cutover-handler');
    const template = synthWith({ role }, stack);
    const policies = grantsOn(template, 'cutover-handler');
    expect(policies.length).toBe(2);
    expect(JSON.stringify(policies)).toContain('"dms:StopReplicationTask"');
    expect(JSON.stringify(policies)).toContain('"logs:CreateLogStream"');
    const resource = Object.values(template.findResources(ResourceTypes.DMS_STOP_REPLICATION_TASK))[0];
    expect(resource.DependsOn.some((d: string) => d.startsWith('CutoverPermissions1'))).toBe(true);
  });

  test('GIVEN an imported immutable role (mutable: false), WHEN a DMS stop uses the provider, THEN no policy is attached to it (see conventions.test.ts)', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/cutover-handler', { mutable: false });
    const template = synthWith({ role }, stack);
    expect(grantsOn(template, 'cutover-handler')).toEqual([]);
  });

  test("GIVEN an imported role and a VPC, WHEN synthesized, THEN the functions are created after the network-interface grant on the user's role", () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/cutover-handler');
    const template = synthWith({ role, vpc }, stack);
    const [permissionsId] = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).find(([, p]) => JSON.stringify(p).includes('ec2:CreateNetworkInterface'))!;
    expect(permissionsId).toMatch(/^CutoverHandlerPermissions/);
    for (const [, fn] of handlers(template)) expect(fn.DependsOn).toEqual(expect.arrayContaining([permissionsId]));
  });
});

describe('CutoverProvider refuses conflicting settings', () => {
  test.each<[string, (stack: Stack) => CutoverProviderProps, RegExp]>([
    ['memorySize below Lambda\'s minimum', () => ({ memorySize: 64 }), /"memorySize" is 64; Lambda accepts a whole number of MB from 128 to 10240/],
    ['memorySize above Lambda\'s maximum', () => ({ memorySize: 10241 }), /"memorySize" is 10241/],
    ['a fractional memorySize', () => ({ memorySize: 256.5 }), /"memorySize" is 256.5/],
    ['vpcSubnets without vpc', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }), /"vpcSubnets" only applies to VPC-attached handlers; set "vpc"/],
    ['securityGroups without vpc', (s) => ({ securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'sg-12345678')] }), /"securityGroups" only applies to VPC-attached handlers/],
    ['a queryInterval in fractions of a second', () => ({ queryInterval: Duration.millis(1500) }), /"queryInterval" is 1 second 500 millis; give whole seconds/],
    ['a zero queryInterval', () => ({ queryInterval: Duration.seconds(0) }), /"queryInterval" is 0 seconds/],
    ['a queryInterval that leaves no room for two polls in an hour', () => ({ queryInterval: Duration.minutes(31) }), /"queryInterval" is 31 minutes; .* to 30 minutes/],
    ['a queryInterval token', () => ({ queryInterval: Duration.seconds(Lazy.number({ produce: () => 10 })) }), /"queryInterval" is a token/],
  ])('GIVEN %s, WHEN the provider is created, THEN it is refused naming the prop', (_name, props, message) => {
    const stack = newStack();
    expect(() => new CutoverProvider(stack, 'Cutover', props(stack))).toThrow(message);
  });

  test("GIVEN a 20-second queryInterval, WHEN an operation's timeout spans fewer than two polls, THEN it is refused naming both props", () => {
    const stack = newStack();
    const provider = new CutoverProvider(stack, 'Cutover', { queryInterval: Duration.seconds(20) });
    expect(() => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, provider, timeout: Duration.seconds(30) })).toThrow(
      /"timeout" is 30 seconds; it must be between 40 seconds and 1 hour .*polls every 20 seconds \("queryInterval"\), so set a longer "timeout" or a shorter "queryInterval"/,
    );
  });

  test('GIVEN a 20-minute queryInterval, WHEN an operation keeps the default timeout, THEN it is refused naming the default', () => {
    const stack = newStack();
    const provider = new CutoverProvider(stack, 'Cutover', { queryInterval: Duration.minutes(20) });
    expect(() => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, provider })).toThrow(/"timeout" is 30 minutes \(the default\); it must be between 2400 seconds/);
  });

  test('GIVEN a provider in another stack, WHEN a construct uses it, THEN it is refused naming "provider"', () => {
    const app = new App();
    const provider = new CutoverProvider(newStack('Shared', app), 'Cutover');
    expect(() => new DmsStopReplicationTask(newStack('Other', app), 'Stop', { replicationTaskArn: ARN, provider })).toThrow(/"provider" Shared\/Cutover is in another stack/);
  });

  test('GIVEN the Huawei construct, WHEN both its deprecated "vpc" and "provider" are set, THEN it is refused', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    expect(
      () =>
        new HuaweiDcsStopMigrationTask(stack, 'Stop', {
          projectId: '0123456789abcdef0123456789abcdef',
          taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11',
          region: 'cn-north-4',
          credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'Keys', 'cutover/aksk'),
          vpc,
          provider: new CutoverProvider(stack, 'Cutover'),
        }),
    ).toThrow(/"vpc" and "provider" cannot both be set/);
  });

  test('GIVEN a CutoverProvider with custom settings under the shared id, WHEN a construct without provider is added, THEN it is refused naming the setting', () => {
    const stack = newStack();
    new CutoverProvider(stack, 'CdkCutoverProvider', { memorySize: 512, queryInterval: Duration.seconds(20) });
    expect(() => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN })).toThrow(
      /shared by constructs without "provider", but it was created with other settings \("memorySize", "queryInterval"\)/,
    );
  });

  test('GIVEN a CutoverProvider with default settings under the shared id, WHEN a construct without provider is added, THEN it shares that provider', () => {
    const stack = newStack();
    const shared = new CutoverProvider(stack, 'CdkCutoverProvider');
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, { ServiceToken: stack.resolve(shared.serviceToken) });
  });
});
