import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CommonProps, ResourceTypes } from '../../contract';
import { DmsStartReplication, DmsStartReplicationTask, DmsStopReplication, DmsStopReplicationTask, DrsStartReplication, DrsStopReplication, LifecycleEvent } from '../../lib';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CONFIG_ARN = 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SERVER = 's-1234567890abcdef0';
const newStack = () => new Stack(new App(), 'Cutover', { env: { account: '123456789012', region: 'us-east-1' } });

/** Every action granted in the template, with the resources of its statement. */
function grants(template: Template): Array<{ action: string; resource: unknown }> {
  const found: Array<{ action: string; resource: unknown }> = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const policy of Object.values(template.findResources(type))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        for (const action of [].concat(statement.Action)) found.push({ action, resource: statement.Resource });
      }
    }
  }
  return found;
}
const actions = (template: Template) => grants(template).map((g) => g.action);

describe('undoOnRollback on a cutover stop', () => {
  test('GIVEN undoOnRollback on a task stop WHEN synthesized THEN the resource says so, and the handler may resume exactly that task and read the stack status', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Cutover', { replicationTaskArn: TASK_ARN, runOn: [LifecycleEvent.CREATE], undoOnRollback: true });
    const template = Template.fromStack(stack);
    const [props] = Object.values(template.findResources(ResourceTypes.DMS_STOP_REPLICATION_TASK)).map((r) => r.Properties);
    expect(props[CommonProps.UNDO_ON_ROLLBACK]).toBe('true');
    expect(grants(template)).toEqual(expect.arrayContaining([{ action: 'dms:StartReplicationTask', resource: TASK_ARN }]));
    expect(actions(template)).toContain('cloudformation:DescribeStacks');
  });

  test('GIVEN undoOnRollback on a serverless stop and a DRS stop WHEN synthesized THEN each may start its own target again', () => {
    const stack = newStack();
    new DmsStopReplication(stack, 'Serverless', { replicationConfigArn: CONFIG_ARN, runOn: [LifecycleEvent.CREATE], undoOnRollback: true });
    new DrsStopReplication(stack, 'Drs', { sourceServerId: SERVER, acknowledgeSnapshotDeletion: true, runOn: [LifecycleEvent.CREATE], undoOnRollback: true });
    const template = Template.fromStack(stack);
    expect(grants(template)).toEqual(expect.arrayContaining([{ action: 'dms:StartReplication', resource: CONFIG_ARN }]));
    const drsStart = grants(template).find((g) => g.action === 'drs:StartReplication');
    expect(JSON.stringify(drsStart?.resource)).toContain(`:source-server/${SERVER}`);
  });

  test('GIVEN a cutover stop without undoOnRollback WHEN synthesized THEN nothing is added: no property, no start permission', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Cutover', { replicationTaskArn: TASK_ARN, runOn: [LifecycleEvent.CREATE] });
    const template = Template.fromStack(stack);
    const [props] = Object.values(template.findResources(ResourceTypes.DMS_STOP_REPLICATION_TASK)).map((r) => r.Properties);
    expect(props[CommonProps.UNDO_ON_ROLLBACK]).toBeUndefined();
    expect(actions(template)).not.toContain('dms:StartReplicationTask');
  });

  test('GIVEN undoOnRollback through an assumed role WHEN synthesized THEN the handler only assumes the role (the resume permission is the role\'s)', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Partner', {
      replicationTaskArn: 'arn:aws:dms:eu-west-1:444455556666:task:PARTNER',
      assumedRoleArn: 'arn:aws:iam::444455556666:role/cutover-target',
      runOn: [LifecycleEvent.CREATE],
      undoOnRollback: true,
    });
    const template = Template.fromStack(stack);
    expect(actions(template)).not.toContain('dms:StartReplicationTask');
    expect(actions(template)).toContain('sts:AssumeRole');
  });
});

describe('undoOnRollback on a start step', () => {
  test('GIVEN undoOnRollback on the three starts WHEN synthesized THEN each may stop its own target again (the DRS one only with the acknowledgement)', () => {
    const stack = newStack();
    new DmsStartReplicationTask(stack, 'Task', { replicationTaskArn: TASK_ARN, undoOnRollback: true });
    new DmsStartReplication(stack, 'Serverless', { replicationConfigArn: CONFIG_ARN, undoOnRollback: true });
    new DrsStartReplication(stack, 'Drs', { sourceServerId: SERVER, undoOnRollback: true, acknowledgeSnapshotDeletion: true });
    const template = Template.fromStack(stack);
    expect(grants(template)).toEqual(
      expect.arrayContaining([
        { action: 'dms:StopReplicationTask', resource: TASK_ARN },
        { action: 'dms:StopReplication', resource: CONFIG_ARN },
      ]),
    );
    expect(JSON.stringify(grants(template).find((g) => g.action === 'drs:StopReplication')?.resource)).toContain(`:source-server/${SERVER}`);
    expect(actions(template)).toContain('cloudformation:DescribeStacks');
    for (const type of [ResourceTypes.DMS_START_REPLICATION_TASK, ResourceTypes.DMS_START_REPLICATION, ResourceTypes.DRS_START_REPLICATION]) {
      const [props] = Object.values(template.findResources(type)).map((r) => r.Properties);
      expect(props[CommonProps.UNDO_ON_ROLLBACK]).toBe('true');
    }
  });

  test('GIVEN a start without undoOnRollback WHEN synthesized THEN it may not stop its target, and reads no stack status', () => {
    const stack = newStack();
    new DmsStartReplicationTask(stack, 'Task', { replicationTaskArn: TASK_ARN });
    expect(actions(Template.fromStack(stack))).not.toContain('dms:StopReplicationTask');
    expect(actions(Template.fromStack(stack))).not.toContain('cloudformation:DescribeStacks');
  });
});
