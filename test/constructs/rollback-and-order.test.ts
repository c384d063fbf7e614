import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CommonProps, ResourceTypes } from '../../contract';
import { CutoverOperation, DmsAssessmentRun, DmsStopReplicationTask, DrsStopReplication, RdsCancelExportTask } from '../../lib';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const newStack = () => new Stack(new App(), 'Cutover', { env: { account: '123456789012', region: 'us-east-1' } });

/** Every statement granting cloudformation:DescribeStacks in the template, with its resources. */
function describeStacksGrants(template: Template): unknown[] {
  const grants: unknown[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const policy of Object.values(template.findResources(type))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        if ([].concat(statement.Action).includes('cloudformation:DescribeStacks' as never)) grants.push(statement.Resource);
      }
    }
  }
  return grants;
}

function gate(scope: Construct, id = 'Gate'): DmsAssessmentRun {
  return new DmsAssessmentRun(scope, id, {
    replicationTaskArn: TASK_ARN,
    serviceAccessRole: new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') }),
    resultLocationBucket: new s3.Bucket(scope, `${id}Results`),
  });
}

describe('rollback-aware teardown', () => {
  test('GIVEN runOnRollback WHEN synthesized THEN the resource carries RunOnRollback "true"; by default it is left out', () => {
    const stack = newStack();
    new RdsCancelExportTask(stack, 'OptIn', { exportTaskIdentifier: 'nightly', runOnRollback: true });
    new RdsCancelExportTask(stack, 'Default', { exportTaskIdentifier: 'weekly' });
    const resources = Template.fromStack(stack).findResources(ResourceTypes.RDS_CANCEL_EXPORT_TASK);
    const byTarget = Object.fromEntries(Object.values(resources).map((r) => [r.Properties.ExportTaskIdentifier, r.Properties]));
    expect(byTarget.nightly[CommonProps.RUN_ON_ROLLBACK]).toBe('true');
    expect(byTarget.weekly[CommonProps.RUN_ON_ROLLBACK]).toBeUndefined();
  });

  test('GIVEN several teardown operations WHEN synthesized THEN DescribeStacks is granted once, on the stack\'s own ARN only', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN });
    new DrsStopReplication(stack, 'Drs', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true });
    new RdsCancelExportTask(stack, 'Export', { exportTaskIdentifier: 'nightly' });
    expect(describeStacksGrants(Template.fromStack(stack))).toEqual([{ Ref: 'AWS::StackId' }]);
  });

  test('GIVEN only a gate (not a teardown) WHEN synthesized THEN no DescribeStacks is granted', () => {
    const stack = newStack();
    gate(stack);
    expect(describeStacksGrants(Template.fromStack(stack))).toEqual([]);
  });

  test('GIVEN a teardown in a nested stack WHEN synthesized THEN DescribeStacks covers the nested stack and its root stack by name', () => {
    const root = newStack();
    const nested = new NestedStack(root, 'Teardown');
    new DrsStopReplication(nested, 'Drs', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true });
    const [resources] = describeStacksGrants(Template.fromStack(nested)) as unknown[][];
    expect(resources).toHaveLength(2);
    expect(resources[0]).toEqual({ Ref: 'AWS::StackId' });
    expect(JSON.stringify(resources[1])).toContain(':cloudformation:us-east-1:123456789012:stack/Cutover/*');
  });
});

describe('gates that gate', () => {
  test('GIVEN gate.next(stop).next(drs) WHEN synthesized THEN each custom resource depends on the one before it', () => {
    const stack = newStack();
    const assessment = gate(stack);
    const stop = new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN });
    const drs = new DrsStopReplication(stack, 'Drs', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true });
    expect(assessment.next(stop).next(drs)).toBe(drs);
    const template = Template.fromStack(stack);
    const logicalId = (op: CutoverOperation) => stack.getLogicalId(op.node.findChild('Resource').node.defaultChild as never);
    template.hasResource(ResourceTypes.DMS_STOP_REPLICATION_TASK, { DependsOn: Match.arrayWith([logicalId(assessment)]) });
    template.hasResource(ResourceTypes.DRS_STOP_REPLICATION, { DependsOn: Match.arrayWith([logicalId(stop)]) });
  });

  test('GIVEN CutoverOperation.sequence WHEN synthesized THEN it orders the steps as next() does', () => {
    const stack = newStack();
    const assessment = gate(stack);
    const stop = new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN });
    CutoverOperation.sequence(assessment, stop);
    expect(stop.node.dependencies).toContain(assessment);
  });

  test('GIVEN fewer than two steps WHEN CutoverOperation.sequence is called THEN synth fails with a plain error saying what to pass', () => {
    const stack = newStack();
    const stop = new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN });
    expect(() => CutoverOperation.sequence(stop)).toThrow('CutoverOperation.sequence() orders steps after each other and got 1; pass at least two steps');
    expect(() => CutoverOperation.sequence()).toThrow('got 0');
  });

  test('GIVEN an operation WHEN told to run after itself THEN synth fails naming it', () => {
    const stack = newStack();
    const stop = new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN });
    expect(() => stop.next(stop)).toThrow('Cutover/Stop cannot run after itself; pass "next" another operation');
  });
});
