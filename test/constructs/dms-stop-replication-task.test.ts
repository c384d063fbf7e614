import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dms from 'aws-cdk-lib/aws-dms';
import { DmsStopReplicationTask, LifecycleEvent } from '../../lib';
import { ResourceTypes } from '../../contract';

const ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function newStack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function newTask(stack: Stack, id = 'Task'): dms.CfnReplicationTask {
  return new dms.CfnReplicationTask(stack, id, {
    migrationType: 'full-load-and-cdc',
    replicationInstanceArn: 'arn:aws:dms:us-east-1:123456789012:rep:INSTANCE',
    sourceEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCE',
    targetEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET',
    tableMappings: '{"rules":[]}',
  });
}

function resourceOf(template: Template, logicalPrefix: string) {
  const resources = template.findResources(ResourceTypes.DMS_STOP_REPLICATION_TASK);
  const id = Object.keys(resources).find((k) => k.startsWith(logicalPrefix))!;
  return { id, resource: resources[id] };
}

describe('DmsStopReplicationTask', () => {
  test('leaves the defaults (runOn [DELETE], waiting, 30 minutes) out of the template and caps CloudFormation at 30 minutes plus one poll', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN });
    // THEN
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, {
      ReplicationTaskArn: ARN,
      RunOn: Match.absent(),
      WaitForCompletion: Match.absent(),
      TimeoutSeconds: Match.absent(),
      ServiceTimeout: '1810',
    });
  });

  test('passes runOn, waitForCompletion and timeout through, and caps CloudFormation at the timeout plus one poll', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Cutover', {
      replicationTaskArn: ARN,
      runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE],
      waitForCompletion: false,
      timeout: Duration.minutes(5),
    });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, {
      RunOn: ['Create', 'Update'],
      WaitForCompletion: 'false',
      TimeoutSeconds: '300',
      ServiceTimeout: '310',
    });
  });

  test('GIVEN an "as const" array of events WHEN spread into runOn (the documented idiom: jsii has no readonly arrays) THEN the template lists those events', () => {
    const cutoverEvents = [LifecycleEvent.CREATE, LifecycleEvent.UPDATE] as const;
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Cutover', { replicationTaskArn: ARN, runOn: [...cutoverEvents] });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, { RunOn: ['Create', 'Update'] });
  });

  test('writes no removal policy: Delete is already CloudFormation\'s default for a custom resource', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN });
    const { resource } = resourceOf(Template.fromStack(stack), 'Stop');
    expect(resource.DeletionPolicy).toBeUndefined();
    expect(resource.UpdateReplacePolicy).toBeUndefined();
  });

  test('operations on many tasks share one StopReplicationTask statement listing each task ARN once', () => {
    const stack = newStack();
    const arns = [0, 1, 2].map((i) => `${ARN.slice(0, -1)}${i}`);
    for (const [i, arn] of arns.entries()) new DmsStopReplicationTask(stack, `Stop${i}`, { replicationTaskArn: arn });
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.filter((s) => s.Action === 'dms:StopReplicationTask')).toEqual([expect.objectContaining({ Resource: arns })]);
    expect(statements.filter((s) => s.Action === 'dms:DescribeReplicationTasks')).toHaveLength(1);
  });

  test('a one-hour timeout keeps CloudFormation within its one-hour limit', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, timeout: Duration.hours(1) });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, { TimeoutSeconds: '3600', ServiceTimeout: '3600' });
  });

  test('references a task in the same stack, so CloudFormation stops it before deleting the task', () => {
    const stack = newStack();
    const task = newTask(stack);
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: task.ref });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, { ReplicationTaskArn: { Ref: stack.getLogicalId(task) } });
  });

  test('many constructs share one provider: two handler functions and the framework functions, whatever the count', () => {
    const stack = newStack();
    for (let i = 0; i < 12; i++) new DmsStopReplicationTask(stack, `Stop${i}`, { replicationTaskArn: `${ARN.slice(0, -2)}${String(i).padStart(2, '0')}` });
    const template = Template.fromStack(stack);
    template.resourceCountIs(ResourceTypes.DMS_STOP_REPLICATION_TASK, 12);
    template.resourceCountIs('AWS::Lambda::Function', 5);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  test('the handler functions run Node.js 24 on arm64 from the prebundled asset', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.isComplete',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ CUTOVER_POLL_INTERVAL_SECONDS: '10' }) },
    });
  });

  test('grants dms:StopReplicationTask on exactly the task ARN, and DescribeReplicationTasks (no resource-level permissions) on *', () => {
    const stack = newStack();
    const task = newTask(stack);
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: task.ref });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'dms:StopReplicationTask', Effect: 'Allow', Resource: { Ref: stack.getLogicalId(task) } }),
          Match.objectLike({ Action: 'dms:DescribeReplicationTasks', Effect: 'Allow', Resource: '*' }),
        ]),
      },
    });
  });

  test('the custom resource depends on the policy that holds its permissions, so they exist while its Delete runs at stack deletion', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN });
    const template = Template.fromStack(stack);
    const policies = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    const { resource } = resourceOf(template, 'Stop');
    expect(resource.DependsOn).toEqual(expect.arrayContaining(policies));
  });

  test('a grant that changes (a construct removed, or pointed at another task) lands in a new policy, so the old one outlives the Delete CloudFormation sends in cleanup', () => {
    const policyIds = (arns: string[]) => {
      const stack = newStack();
      arns.forEach((arn, i) => new DmsStopReplicationTask(stack, `Stop${i}`, { replicationTaskArn: arn }));
      return Object.keys(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
    };
    const other = `${ARN.slice(0, -1)}0`;
    // The same operations give the same policy (no churn on every deploy)...
    expect(policyIds([ARN, other])).toEqual(policyIds([ARN, other]));
    // ...a removed construct or a changed target gives another one.
    expect(policyIds([ARN])).not.toEqual(policyIds([ARN, other]));
    expect(policyIds([other])).not.toEqual(policyIds([ARN]));
  });

  test("200 operations pack into at most 5 managed policies (half the role's quota, so updates can replace them) that each stay under 6,144 characters", () => {
    const stack = newStack();
    for (let i = 0; i < 200; i++) {
      new DmsStopReplicationTask(stack, `Stop${i}`, { replicationTaskArn: `arn:aws:dms:us-east-1:123456789012:task:TASK${String(i).padStart(22, '0')}` });
    }
    const template = Template.fromStack(stack);
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies.length).toBeLessThanOrEqual(5);
    for (const policy of policies) expect(JSON.stringify(policy.Properties.PolicyDocument).length).toBeLessThanOrEqual(6144);
    // Each operation waits for exactly one policy: its scoped and unscoped actions sit together.
    for (const resource of Object.values(template.findResources(ResourceTypes.DMS_STOP_REPLICATION_TASK))) expect(resource.DependsOn).toHaveLength(1);
    const inline = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p).includes('HandlerRole'));
    expect(inline.reduce((n, p) => n + JSON.stringify(p.Properties.PolicyDocument).length, 0)).toBeLessThan(10240);
  });

  test('exposes the final status, stop reason and outcome as attributes', () => {
    const stack = newStack();
    const stop = new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN });
    const { id } = resourceOf(Template.fromStack(stack), 'Stop');
    expect(stack.resolve(stop.status)).toEqual({ 'Fn::GetAtt': [id, 'Status'] });
    expect(stack.resolve(stop.stopReason)).toEqual({ 'Fn::GetAtt': [id, 'StopReason'] });
    expect(stack.resolve(stop.outcome)).toEqual({ 'Fn::GetAtt': [id, 'Outcome'] });
  });
});

describe('DmsStopReplicationTask validation', () => {
  test.each([
    ['an RDS ARN', 'arn:aws:rds:us-east-1:123456789012:db:orders'],
    ['a DMS endpoint ARN', 'arn:aws:dms:us-east-1:123456789012:endpoint:ABC'],
    ['a task identifier instead of an ARN', 'orders-task'],
    ['an empty string', ''],
  ])('rejects %s as "replicationTaskArn" and says what to pass instead', (_label, arn) => {
    expect(() => new DmsStopReplicationTask(newStack(), 'Stop', { replicationTaskArn: arn })).toThrow(
      /"replicationTaskArn" must be a DMS replication task ARN like arn:aws:dms:.*Pass task\.ref of a CfnReplicationTask/,
    );
  });

  test('rejects a timeout above one hour, naming "timeout"', () => {
    expect(() => new DmsStopReplicationTask(newStack(), 'Stop', { replicationTaskArn: ARN, timeout: Duration.minutes(61) })).toThrow(
      /"timeout" is 1 hour 1 minute; it must be between 20 seconds and 1 hour/,
    );
  });

  test('rejects a timeout shorter than two polls, naming "timeout"', () => {
    expect(() => new DmsStopReplicationTask(newStack(), 'Stop', { replicationTaskArn: ARN, timeout: Duration.seconds(5) })).toThrow(/"timeout" is 5 seconds/);
  });

  test('rejects an empty "runOn"', () => {
    expect(() => new DmsStopReplicationTask(newStack(), 'Stop', { replicationTaskArn: ARN, runOn: [] })).toThrow(/"runOn" is empty/);
  });

  test('rejects an event listed twice in "runOn"', () => {
    expect(
      () => new DmsStopReplicationTask(newStack(), 'Stop', { replicationTaskArn: ARN, runOn: [LifecycleEvent.DELETE, LifecycleEvent.DELETE] }),
    ).toThrow(/"runOn" lists Delete twice/);
  });

  test('accepts a token ARN without judging its unresolved form', () => {
    const stack = newStack();
    expect(() => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: newTask(stack).ref })).not.toThrow();
  });
});
