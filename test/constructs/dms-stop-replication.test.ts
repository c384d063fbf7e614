import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dms from 'aws-cdk-lib/aws-dms';
import { DmsStopReplication, LifecycleEvent } from '../../lib';
import { ResourceTypes } from '../../contract';

const ARN = 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function newStack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function newConfig(stack: Stack, id = 'Config'): dms.CfnReplicationConfig {
  return new dms.CfnReplicationConfig(stack, id, {
    replicationConfigIdentifier: 'orders',
    replicationType: 'full-load-and-cdc',
    sourceEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCE',
    targetEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET',
    computeConfig: { maxCapacityUnits: 16 },
    tableMappings: { rules: [] },
  });
}

function resourceOf(template: Template, logicalPrefix: string) {
  const resources = template.findResources(ResourceTypes.DMS_STOP_REPLICATION);
  const id = Object.keys(resources).find((k) => k.startsWith(logicalPrefix))!;
  return { id, resource: resources[id] };
}

const statements = (stack: Stack) =>
  Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);

describe('DmsStopReplication', () => {
  test('is a Custom::CutoverDmsStopReplication that leaves the defaults (runOn [DELETE], waiting, 30 minutes) out of the template', () => {
    // GIVEN a stack
    const stack = newStack();
    // WHEN the construct is added with only its ARN
    new DmsStopReplication(stack, 'Stop', { replicationConfigArn: ARN });
    // THEN the template carries the ARN and no defaults
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION, {
      ReplicationConfigArn: ARN,
      RunOn: Match.absent(),
      WaitForCompletion: Match.absent(),
      TimeoutSeconds: Match.absent(),
      ServiceTimeout: '1810',
    });
  });

  test('passes runOn, waitForCompletion and timeout through', () => {
    const stack = newStack();
    new DmsStopReplication(stack, 'Cutover', {
      replicationConfigArn: ARN,
      runOn: [LifecycleEvent.CREATE],
      waitForCompletion: false,
      timeout: Duration.minutes(5),
    });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION, {
      RunOn: ['Create'],
      WaitForCompletion: 'false',
      TimeoutSeconds: '300',
      ServiceTimeout: '310',
    });
  });

  test.each([
    ['ref', (c: dms.CfnReplicationConfig) => c.ref],
    ['attrReplicationConfigArn', (c: dms.CfnReplicationConfig) => c.attrReplicationConfigArn],
  ])('given the %s of a config in the same stack, references it, so CloudFormation stops the replication before deleting the config', (_name, arnOf) => {
    // GIVEN a replication config in the stack
    const stack = newStack();
    const config = newConfig(stack);
    // WHEN the construct takes its ARN as a token
    new DmsStopReplication(stack, 'Stop', { replicationConfigArn: arnOf(config) });
    // THEN the custom resource references the config (created after it, deleted before it)
    const { resource } = resourceOf(Template.fromStack(stack), 'Stop');
    expect(JSON.stringify(resource.Properties.ReplicationConfigArn)).toContain(stack.getLogicalId(config));
  });

  test('grants dms:StopReplication on exactly the config ARN, and DescribeReplications (no resource-level permissions) on *', () => {
    const stack = newStack();
    const config = newConfig(stack);
    new DmsStopReplication(stack, 'Stop', { replicationConfigArn: config.ref });
    const all = statements(stack);
    expect(all.filter((s) => s.Action === 'dms:StopReplication')).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: { Ref: stack.getLogicalId(config) } })]);
    expect(all.filter((s) => s.Action === 'dms:DescribeReplications')).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: '*' })]);
  });

  test('grants nothing of the classic task operations', () => {
    const stack = newStack();
    new DmsStopReplication(stack, 'Stop', { replicationConfigArn: ARN });
    const actions = statements(stack).flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('dms:StopReplicationTask');
    expect(actions).not.toContain('dms:DescribeReplicationTasks');
  });

  test('operations on many configs share one StopReplication statement listing each config ARN once', () => {
    const stack = newStack();
    const arns = [0, 1, 2].map((i) => `${ARN.slice(0, -1)}${i}`);
    for (const [i, arn] of arns.entries()) new DmsStopReplication(stack, `Stop${i}`, { replicationConfigArn: arn });
    expect(statements(stack).filter((s) => s.Action === 'dms:StopReplication')).toEqual([expect.objectContaining({ Resource: arns })]);
  });

  test('a config of another account, through "assumedRoleArn": the handler gets sts:AssumeRole on that role only, and the template carries role and external id', () => {
    // GIVEN a config ARN of a partner account and a role there
    const stack = newStack();
    const role = 'arn:aws:iam::444455556666:role/cutover-target';
    // WHEN the construct reaches it through the role
    new DmsStopReplication(stack, 'Stop', {
      replicationConfigArn: 'arn:aws:dms:eu-west-1:444455556666:replication-config:PARTNER',
      assumedRoleArn: role,
      externalId: 'ext-1',
    });
    // THEN the stack's role may only assume that role; the DMS permissions are the role's own
    const all = statements(stack);
    expect(all.filter((s) => s.Action === 'sts:AssumeRole')).toEqual([expect.objectContaining({ Resource: role })]);
    expect(all.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('dms:'))).toEqual([]);
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION, { AssumedRoleArn: role, ExternalId: 'ext-1' });
  });

  test('exposes Status, StopReason, RecoveryCheckpoint, Outcome and StartedAt as attributes', () => {
    const stack = newStack();
    const stop = new DmsStopReplication(stack, 'Stop', { replicationConfigArn: ARN });
    const { id } = resourceOf(Template.fromStack(stack), 'Stop');
    const attribute = (name: string) => ({ 'Fn::GetAtt': [id, name] });
    expect(stack.resolve(stop.status)).toEqual(attribute('Status'));
    expect(stack.resolve(stop.stopReason)).toEqual(attribute('StopReason'));
    expect(stack.resolve(stop.recoveryCheckpoint)).toEqual(attribute('RecoveryCheckpoint'));
    expect(stack.resolve(stop.outcome)).toEqual(attribute('Outcome'));
    expect(stack.resolve(stop.startedAt)).toEqual(attribute('StartedAt'));
  });
});

describe('DmsStopReplication validation', () => {
  test.each([
    ['an RDS ARN', 'arn:aws:rds:us-east-1:123456789012:db:orders'],
    ['a DMS endpoint ARN', 'arn:aws:dms:us-east-1:123456789012:endpoint:ABC'],
    ['a config identifier instead of an ARN', 'orders'],
    ['an empty string', ''],
  ])('rejects %s as "replicationConfigArn" and says what to pass instead', (_label, arn) => {
    expect(() => new DmsStopReplication(newStack(), 'Stop', { replicationConfigArn: arn })).toThrow(
      /"replicationConfigArn" must be a DMS Serverless replication config ARN like arn:aws:dms:.*Pass config\.ref/,
    );
  });

  test('rejects a replication task ARN, pointing to DmsStopReplicationTask', () => {
    expect(() => new DmsStopReplication(newStack(), 'Stop', { replicationConfigArn: 'arn:aws:dms:us-east-1:123456789012:task:ABCDEF' })).toThrow(
      /"replicationConfigArn" is a DMS replication task ARN .*DmsStopReplicationTask \("replicationTaskArn"\)/,
    );
  });

  test('accepts a token ARN without judging its unresolved form', () => {
    const stack = newStack();
    expect(() => new DmsStopReplication(stack, 'Stop', { replicationConfigArn: newConfig(stack).attrReplicationConfigArn })).not.toThrow();
  });
});
