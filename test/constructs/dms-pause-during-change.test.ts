import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { DmsPauseDuringChange } from '../../lib';
import { ResourceTypes } from '../../contract';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CONFIG_ARN = 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const PAUSE = ResourceTypes.DMS_PAUSE_DURING_CHANGE;
const RESUME = ResourceTypes.DMS_RESUME_AFTER_CHANGE;

interface AppShape {
  /** The watched source endpoint's extra connection attributes. */
  readonly endpointSettings?: string;
  /** An unrelated queue's retention, in seconds. */
  readonly queueRetention?: number;
  /** The watched task's settings. */
  readonly taskSettings?: string;
}

/** One synth of a stack with a watched endpoint and task, and an unrelated queue. */
function synth(shape: AppShape = {}): Template {
  const stack = new Stack(new App(), 'Migration', { env: { account: '123456789012', region: 'us-east-1' } });
  const source = new dms.CfnEndpoint(stack, 'Source', {
    endpointType: 'source',
    engineName: 'postgres',
    serverName: 'orders.db.internal',
    port: 5432,
    databaseName: 'orders',
    extraConnectionAttributes: shape.endpointSettings ?? 'heartbeatEnable=true',
  });
  const task = new dms.CfnReplicationTask(stack, 'Task', {
    migrationType: 'full-load-and-cdc',
    replicationInstanceArn: 'arn:aws:dms:us-east-1:123456789012:rep:INSTANCE',
    sourceEndpointArn: source.ref,
    targetEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET',
    tableMappings: '{"rules":[]}',
    replicationTaskSettings: shape.taskSettings ?? '{"Logging":{"EnableLogging":true}}',
  });
  new sqs.Queue(stack, 'Unrelated', { retentionPeriod: Duration.seconds(shape.queueRetention ?? 345600) });
  new DmsPauseDuringChange(stack, 'Pause', { replicationTaskArn: TASK_ARN, watch: [source, task] });
  return Template.fromStack(stack);
}

function only(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: found[ids[0]] };
}

const fingerprintOf = (template: Template, type: string) => only(template, type).resource.Properties.WatchedFingerprint;

describe('DmsPauseDuringChange', () => {
  test('is a pause that every watched resource depends on and a resume that depends on every watched resource', () => {
    // GIVEN a stack with a watched endpoint and task
    const template = synth();
    // WHEN it is synthesized
    const pause = only(template, PAUSE);
    const resume = only(template, RESUME);
    // THEN each watched resource depends on the pause, and the resume on each watched resource
    for (const type of ['AWS::DMS::Endpoint', 'AWS::DMS::ReplicationTask']) {
      const watched = only(template, type);
      expect(watched.resource.DependsOn).toContain(pause.id);
      expect(resume.resource.DependsOn).toContain(watched.id);
    }
    // AND the resume reads what the pause did through Fn::GetAtt
    expect(resume.resource.Properties.PausedFor).toEqual({ 'Fn::GetAtt': [pause.id, 'PausedFor'] });
    expect(pause.resource.Properties.PausedFor).toBeUndefined();
    expect(pause.resource.Properties.ReplicationTaskArn).toBe(TASK_ARN);
    // AND neither carries runOn or waitForCompletion: which events act is fixed
    for (const step of [pause, resume]) expect(Object.keys(step.resource.Properties)).not.toEqual(expect.arrayContaining(['RunOn']));
    expect(JSON.stringify([pause, resume])).not.toContain('WaitForCompletion');
  });

  test('both steps carry the same 16-hex fingerprint of the watched resources', () => {
    const template = synth();
    expect(fingerprintOf(template, PAUSE)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(template, RESUME)).toBe(fingerprintOf(template, PAUSE));
  });

  test('a change of a watched endpoint changes both steps\' properties, so both receive an Update', () => {
    // GIVEN two synths that differ only in the watched endpoint's settings
    const before = synth();
    const after = synth({ endpointSettings: 'heartbeatEnable=true;heartbeatFrequency=1' });
    // THEN the pause's and the resume's properties differ
    expect(only(after, PAUSE).resource.Properties).not.toEqual(only(before, PAUSE).resource.Properties);
    expect(only(after, RESUME).resource.Properties).not.toEqual(only(before, RESUME).resource.Properties);
  });

  test('a change of a watched task\'s settings changes the fingerprint too', () => {
    expect(fingerprintOf(synth({ taskSettings: '{"Logging":{"EnableLogging":false}}' }), PAUSE)).not.toBe(fingerprintOf(synth(), PAUSE));
  });

  test('an unrelated change leaves both steps\' properties exactly as they were, so neither receives an Update', () => {
    // GIVEN two synths that differ only in an unrelated queue
    const before = synth();
    const after = synth({ queueRetention: 86400 });
    // THEN the queue changed, and the pause and the resume did not
    expect(only(after, 'AWS::SQS::Queue').resource.Properties).not.toEqual(only(before, 'AWS::SQS::Queue').resource.Properties);
    expect(only(after, PAUSE).resource.Properties).toEqual(only(before, PAUSE).resource.Properties);
    expect(only(after, RESUME).resource.Properties).toEqual(only(before, RESUME).resource.Properties);
  });

  test('grants stop and start on exactly the task, the task listing on "*", and the stack status read', () => {
    const template = synth();
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const scoped = statements.filter((s: any) => JSON.stringify(s.Action).includes('dms:St'));
    expect(scoped).toEqual([expect.objectContaining({ Action: ['dms:StopReplicationTask', 'dms:StartReplicationTask'], Resource: TASK_ARN })]);
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({ Action: 'dms:DescribeReplicationTasks', Resource: '*' })]));
    const handlerPolicies = JSON.stringify(Object.values(template.findResources('AWS::IAM::Policy')));
    expect(handlerPolicies).toContain('cloudformation:DescribeStacks');
  });

  test('a serverless config gets StopReplication and StartReplication on exactly its ARN', () => {
    const stack = new Stack(new App(), 'Serverless', { env: { account: '123456789012', region: 'us-east-1' } });
    const endpoint = new dms.CfnEndpoint(stack, 'Source', { endpointType: 'source', engineName: 'postgres' });
    new DmsPauseDuringChange(stack, 'Pause', { replicationConfigArn: CONFIG_ARN, watch: [endpoint], timeout: Duration.minutes(45) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(PAUSE, { ReplicationConfigArn: CONFIG_ARN, ReplicationTaskArn: Match.absent(), TimeoutSeconds: '2700' });
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: ['dms:StopReplication', 'dms:StartReplication'], Resource: CONFIG_ARN }),
        expect.objectContaining({ Action: 'dms:DescribeReplications', Resource: '*' }),
      ]),
    );
  });

  test('an L2-style construct is watched through its default child', () => {
    const stack = new Stack(new App(), 'L2', { env: { account: '123456789012', region: 'us-east-1' } });
    const queue = new sqs.Queue(stack, 'Queue');
    new DmsPauseDuringChange(stack, 'Pause', { replicationTaskArn: TASK_ARN, watch: [queue] });
    const template = Template.fromStack(stack);
    expect(only(template, 'AWS::SQS::Queue').resource.DependsOn).toContain(only(template, PAUSE).id);
  });

  test('a role in the task\'s account replaces the DMS grants with sts:AssumeRole on that role', () => {
    const stack = new Stack(new App(), 'Partner', { env: { account: '123456789012', region: 'us-east-1' } });
    const endpoint = new dms.CfnEndpoint(stack, 'Source', { endpointType: 'source', engineName: 'postgres' });
    const role = 'arn:aws:iam::444455556666:role/cutover-target';
    new DmsPauseDuringChange(stack, 'Pause', { replicationTaskArn: 'arn:aws:dms:eu-west-1:444455556666:task:PARTNER', watch: [endpoint], assumedRoleArn: role, externalId: 'cutover-2026' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(PAUSE, { AssumedRoleArn: role, ExternalId: 'cutover-2026' });
    template.hasResourceProperties(RESUME, { AssumedRoleArn: role, ExternalId: 'cutover-2026' });
    const statements = JSON.stringify(Object.values(template.findResources('AWS::IAM::ManagedPolicy')));
    expect(statements).toContain('sts:AssumeRole');
    expect(statements).not.toContain('dms:StopReplicationTask');
  });
});
