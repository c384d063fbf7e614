import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DmsStartReplication, DmsStartReplicationTask, DmsStartType, DrsStartReplication, LifecycleEvent } from '../../lib';
import { ResourceTypes } from '../../contract';
import { awsSolutionsFindings } from '../support/nag';

const TASK_ARN = 'arn:aws:dms:eu-west-1:123456789012:task:ABCDEFGHIJKLMNOP';
const CONFIG_ARN = 'arn:aws:dms:eu-west-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const PARTNER_TASK = 'arn:aws:dms:eu-west-1:444455556666:task:PARTNER';
const PARTNER_ROLE = 'arn:aws:iam::444455556666:role/cutover-target';
const SERVER_ID = 's-1234567890abcdef0';

function newStack(app = new App()): Stack {
  return new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
}

function statements(template: Template): Array<{ Action: unknown; Resource: unknown }> {
  return Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('DmsStartReplicationTask', () => {
  test('runs on Create and Update by default (left out of the template) and sends AUTO by leaving the start type out', () => {
    const stack = newStack();
    new DmsStartReplicationTask(stack, 'Start', { replicationTaskArn: TASK_ARN });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_START_REPLICATION_TASK, {
      ReplicationTaskArn: TASK_ARN,
      RunOn: Match.absent(),
      StartType: Match.absent(),
      CdcStartTime: Match.absent(),
    });
  });

  test('passes the start type and CDC props, the start time as ISO-8601', () => {
    const stack = newStack();
    new DmsStartReplicationTask(stack, 'Start', {
      replicationTaskArn: TASK_ARN,
      startType: DmsStartType.RESUME_PROCESSING,
      cdcStartTime: new Date('2026-12-01T10:00:00Z'),
      cdcStopPosition: 'server_time:2026-12-24T18:00:00',
      runOn: [LifecycleEvent.CREATE],
    });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_START_REPLICATION_TASK, {
      StartType: 'resume-processing',
      CdcStartTime: '2026-12-01T10:00:00.000Z',
      CdcStopPosition: 'server_time:2026-12-24T18:00:00',
      RunOn: ['Create'],
    });
  });

  test('grants dms:StartReplicationTask only on the task, and only DescribeReplicationTasks on *', () => {
    const stack = newStack();
    new DmsStartReplicationTask(stack, 'Start', { replicationTaskArn: TASK_ARN });
    const all = statements(Template.fromStack(stack));
    expect(all.filter((s) => s.Action === 'dms:StartReplicationTask')).toEqual([expect.objectContaining({ Resource: TASK_ARN })]);
    expect(all.filter((s) => s.Resource === '*')).toEqual([expect.objectContaining({ Action: 'dms:DescribeReplicationTasks' })]);
    expect(JSON.stringify(all)).not.toContain('dms:StopReplicationTask');
  });

  test('a task of another account is reached through assumedRoleArn: only sts:AssumeRole on that role is granted', () => {
    const stack = newStack();
    new DmsStartReplicationTask(stack, 'Start', { replicationTaskArn: PARTNER_TASK, assumedRoleArn: PARTNER_ROLE, externalId: 'cutover-ext' });
    const all = statements(Template.fromStack(stack));
    expect(all.map((s) => s.Action)).toEqual(['sts:AssumeRole']);
    expect(all[0].Resource).toBe(PARTNER_ROLE);
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_START_REPLICATION_TASK, { AssumedRoleArn: PARTNER_ROLE, ExternalId: 'cutover-ext' });
  });

  test('exposes status, outcome, startedAt, the start type sent and the CDC positions as attributes', () => {
    const stack = newStack();
    const start = new DmsStartReplicationTask(stack, 'Start', { replicationTaskArn: TASK_ARN });
    const [id] = Object.keys(Template.fromStack(stack).findResources(ResourceTypes.DMS_START_REPLICATION_TASK));
    expect(stack.resolve(start.status)).toEqual({ 'Fn::GetAtt': [id, 'Status'] });
    expect(stack.resolve(start.outcome)).toEqual({ 'Fn::GetAtt': [id, 'Outcome'] });
    expect(stack.resolve(start.startedAt)).toEqual({ 'Fn::GetAtt': [id, 'StartedAt'] });
    expect(stack.resolve(start.startTypeSent)).toEqual({ 'Fn::GetAtt': [id, 'StartTypeSent'] });
    expect(stack.resolve(start.cdcStartSent)).toEqual({ 'Fn::GetAtt': [id, 'CdcStartSent'] });
    expect(stack.resolve(start.cdcStopSent)).toEqual({ 'Fn::GetAtt': [id, 'CdcStopSent'] });
  });

  test('a stop and a start of the same task live side by side (different operations)', () => {
    const stack = newStack();
    expect(() => new DmsStartReplicationTask(stack, 'Start', { replicationTaskArn: TASK_ARN })).not.toThrow();
  });

  test('leaves no unacknowledged cdk-nag AwsSolutions finding', () => {
    expect(awsSolutionsFindings((app) => new DmsStartReplicationTask(newStack(app), 'Start', { replicationTaskArn: TASK_ARN }))).toEqual([]);
  });
});

describe('DmsStartReplication', () => {
  test('grants dms:StartReplication only on the config, and only DescribeReplications on *', () => {
    const stack = newStack();
    new DmsStartReplication(stack, 'Start', { replicationConfigArn: CONFIG_ARN, startType: DmsStartType.RELOAD_TARGET });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(ResourceTypes.DMS_START_REPLICATION, { ReplicationConfigArn: CONFIG_ARN, StartType: 'reload-target', RunOn: Match.absent() });
    const all = statements(template);
    expect(all.filter((s) => s.Action === 'dms:StartReplication')).toEqual([expect.objectContaining({ Resource: CONFIG_ARN })]);
    expect(all.filter((s) => s.Resource === '*')).toEqual([expect.objectContaining({ Action: 'dms:DescribeReplications' })]);
  });

  test('exposes the start type sent', () => {
    const stack = newStack();
    const start = new DmsStartReplication(stack, 'Start', { replicationConfigArn: CONFIG_ARN });
    const [id] = Object.keys(Template.fromStack(stack).findResources(ResourceTypes.DMS_START_REPLICATION));
    expect(stack.resolve(start.startTypeSent)).toEqual({ 'Fn::GetAtt': [id, 'StartTypeSent'] });
  });

  test('leaves no unacknowledged cdk-nag AwsSolutions finding', () => {
    expect(awsSolutionsFindings((app) => new DmsStartReplication(newStack(app), 'Start', { replicationConfigArn: CONFIG_ARN }))).toEqual([]);
  });
});

describe('DrsStartReplication', () => {
  test('needs no snapshot acknowledgement, runs on Create and Update by default, and grants StartReplication on the server ARN of its region', () => {
    const stack = newStack();
    new DrsStartReplication(stack, 'Protect', { sourceServerId: SERVER_ID, region: 'us-west-2' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(ResourceTypes.DRS_START_REPLICATION, { SourceServerId: SERVER_ID, Region: 'us-west-2', RunOn: Match.absent() });
    const all = statements(template);
    const start = all.filter((s) => s.Action === 'drs:StartReplication');
    expect(JSON.stringify(start[0].Resource)).toContain(`:drs:us-west-2:123456789012:source-server/${SERVER_ID}`);
    expect(all.filter((s) => s.Resource === '*')).toEqual([expect.objectContaining({ Action: 'drs:DescribeSourceServers' })]);
    expect(JSON.stringify(all)).not.toContain('drs:StopReplication');
  });

  test('exposes status and startRequestedAt', () => {
    const stack = newStack();
    const start = new DrsStartReplication(stack, 'Protect', { sourceServerId: SERVER_ID });
    const [id] = Object.keys(Template.fromStack(stack).findResources(ResourceTypes.DRS_START_REPLICATION));
    expect(stack.resolve(start.status)).toEqual({ 'Fn::GetAtt': [id, 'Status'] });
    expect(stack.resolve(start.startRequestedAt)).toEqual({ 'Fn::GetAtt': [id, 'StartRequestedAt'] });
  });

  test('leaves no unacknowledged cdk-nag AwsSolutions finding', () => {
    expect(awsSolutionsFindings((app) => new DrsStartReplication(newStack(app), 'Protect', { sourceServerId: SERVER_ID }))).toEqual([]);
  });
});
