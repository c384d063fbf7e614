import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DrsStopReplication, DrsStopReplicationProps, LifecycleEvent } from '../../lib';
import { ResourceTypes } from '../../contract';
import { awsSolutionsFindings } from '../support/nag';

const SERVER_ID = 's-1234567890abcdef0';
const PROPS: DrsStopReplicationProps = { sourceServerId: SERVER_ID, acknowledgeSnapshotDeletion: true };

function newStack(app = new App(), env: { account?: string; region?: string } = { account: '123456789012', region: 'eu-west-1' }): Stack {
  return new Stack(app, 'TestStack', { env });
}

function statements(template: Template): Array<{ Action: unknown; Resource: unknown }> {
  return Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('DrsStopReplication', () => {
  test('synthesizes a custom resource for the server that runs on Delete, waits, and times out after 30 minutes by default', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new DrsStopReplication(stack, 'Decommission', PROPS);
    // THEN
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DRS_STOP_REPLICATION, {
      SourceServerId: SERVER_ID,
      // Defaults (runOn [DELETE], waiting, 30 minutes) are left out; the handler applies them.
      RunOn: Match.absent(),
      WaitForCompletion: Match.absent(),
      TimeoutSeconds: Match.absent(),
      ServiceTimeout: '1810',
    });
  });

  test('passes runOn, waitForCompletion and timeout through', () => {
    const stack = newStack();
    new DrsStopReplication(stack, 'Cutover', { ...PROPS, runOn: [LifecycleEvent.CREATE], waitForCompletion: false, timeout: Duration.minutes(10) });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DRS_STOP_REPLICATION, {
      RunOn: ['Create'],
      WaitForCompletion: 'false',
      TimeoutSeconds: '600',
    });
  });

  test('grants drs:StopReplication only on the source server ARN built from the stack partition, region and account', () => {
    const stack = newStack();
    new DrsStopReplication(stack, 'Decommission', PROPS);
    const stop = statements(Template.fromStack(stack)).filter((s) => s.Action === 'drs:StopReplication');
    expect(stop).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:drs:eu-west-1:123456789012:source-server/${SERVER_ID}`]] },
      }),
    ]);
  });

  test('in an environment-agnostic stack, the server ARN uses the deploy-time region and account', () => {
    const stack = newStack(new App(), {});
    new DrsStopReplication(stack, 'Decommission', PROPS);
    const stop = statements(Template.fromStack(stack)).find((s) => s.Action === 'drs:StopReplication');
    expect(stop?.Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':drs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:source-server/${SERVER_ID}`]],
    });
  });

  test('grants drs:DescribeSourceServers (no resource-level permissions) on *, and nothing else on *', () => {
    const stack = newStack();
    new DrsStopReplication(stack, 'Decommission', PROPS);
    const onStar = statements(Template.fromStack(stack)).filter((s) => s.Resource === '*');
    expect(onStar).toEqual([expect.objectContaining({ Action: 'drs:DescribeSourceServers', Effect: 'Allow' })]);
  });

  test('two servers share one StopReplication statement listing exactly their two ARNs, and one DescribeSourceServers grant', () => {
    const stack = newStack();
    new DrsStopReplication(stack, 'A', PROPS);
    new DrsStopReplication(stack, 'B', { ...PROPS, sourceServerId: 's-abcdefABCDEF01234' });
    const all = statements(Template.fromStack(stack));
    const stop = all.filter((s) => s.Action === 'drs:StopReplication');
    expect(stop).toHaveLength(1);
    expect(stop[0].Resource).toHaveLength(2);
    expect(JSON.stringify(stop[0].Resource)).toContain(SERVER_ID);
    expect(JSON.stringify(stop[0].Resource)).toContain('s-abcdefABCDEF01234');
    expect(all.filter((s) => s.Action === 'drs:DescribeSourceServers')).toHaveLength(1);
  });

  test('the custom resource depends on the policies that hold its permissions, so they outlive its Delete', () => {
    const stack = newStack();
    new DrsStopReplication(stack, 'Decommission', PROPS);
    const template = Template.fromStack(stack);
    const policies = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    const [resource] = Object.values(template.findResources(ResourceTypes.DRS_STOP_REPLICATION));
    expect(resource.DependsOn).toEqual(expect.arrayContaining(policies));
  });

  test('exposes the final replication state and the outcome as attributes', () => {
    const stack = newStack();
    const stop = new DrsStopReplication(stack, 'Decommission', PROPS);
    const [id] = Object.keys(Template.fromStack(stack).findResources(ResourceTypes.DRS_STOP_REPLICATION));
    expect(stack.resolve(stop.replicationState)).toEqual({ 'Fn::GetAtt': [id, 'Status'] });
    expect(stack.resolve(stop.outcome)).toEqual({ 'Fn::GetAtt': [id, 'Outcome'] });
  });

  test('exposes status, startedAt and stopRequestedAt like every construct, and keeps replicationState as an alias of status', () => {
    const stack = newStack();
    const stop = new DrsStopReplication(stack, 'Decommission', PROPS);
    const [id] = Object.keys(Template.fromStack(stack).findResources(ResourceTypes.DRS_STOP_REPLICATION));
    expect(stack.resolve(stop.status)).toEqual({ 'Fn::GetAtt': [id, 'Status'] });
    expect(stack.resolve(stop.startedAt)).toEqual({ 'Fn::GetAtt': [id, 'StartedAt'] });
    expect(stack.resolve(stop.stopRequestedAt)).toEqual({ 'Fn::GetAtt': [id, 'StopRequestedAt'] });
    expect(stack.resolve(stop.replicationState)).toEqual(stack.resolve(stop.status));
  });

  test('leaves no unacknowledged cdk-nag AwsSolutions finding', () => {
    const findings = awsSolutionsFindings((app) => new DrsStopReplication(newStack(app), 'Decommission', PROPS));
    expect(findings).toEqual([]);
  });
});

describe('DrsStopReplication validation', () => {
  test('refuses to synthesize unless "acknowledgeSnapshotDeletion" is true, and says that stopping deletes the snapshots', () => {
    expect(() => new DrsStopReplication(newStack(), 'Decommission', { ...PROPS, acknowledgeSnapshotDeletion: false })).toThrow(
      /"acknowledgeSnapshotDeletion" must be true: DRS StopReplication makes the source server unprotected, deletes its existing snapshots/,
    );
  });

  test('refuses to synthesize when "acknowledgeSnapshotDeletion" is missing (JavaScript callers)', () => {
    const props = { sourceServerId: SERVER_ID } as unknown as DrsStopReplicationProps;
    expect(() => new DrsStopReplication(newStack(), 'Decommission', props)).toThrow(/Set "acknowledgeSnapshotDeletion: true"/);
  });

  test.each([
    ['an EC2 instance id', 'i-1234567890abcdef0'],
    ['an id one character short', 's-1234567890abcdef'],
    ['an id with a dash inside', 's-1234567890-abcdef'],
    ['a source server ARN', `arn:aws:drs:us-east-1:123456789012:source-server/${SERVER_ID}`],
    ['an empty string', ''],
  ])('rejects %s as "sourceServerId" and says where to find the id', (_label, sourceServerId) => {
    expect(() => new DrsStopReplication(newStack(), 'Decommission', { ...PROPS, sourceServerId })).toThrow(
      /"sourceServerId" must be a DRS source server ID like s-1234567890abcdef0 .*Copy it from the DRS console/,
    );
  });

  test('accepts a token "sourceServerId" and scopes StopReplication to it', () => {
    const stack = newStack();
    const param = new CfnParameter(stack, 'ServerId');
    expect(() => new DrsStopReplication(stack, 'Decommission', { ...PROPS, sourceServerId: param.valueAsString })).not.toThrow();
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DRS_STOP_REPLICATION, { SourceServerId: { Ref: 'ServerId' } });
    const stop = statements(Template.fromStack(stack)).find((s) => s.Action === 'drs:StopReplication');
    expect(JSON.stringify(stop?.Resource)).toContain('{"Ref":"ServerId"}');
  });

  test('rejects a timeout above one hour, naming "timeout"', () => {
    expect(() => new DrsStopReplication(newStack(), 'Decommission', { ...PROPS, timeout: Duration.minutes(90) })).toThrow(/"timeout" is 1 hour 30 minutes/);
  });

  test('rejects an empty "runOn"', () => {
    expect(() => new DrsStopReplication(newStack(), 'Decommission', { ...PROPS, runOn: [] })).toThrow(/"runOn" is empty/);
  });
});
