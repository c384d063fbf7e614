import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CutoverProvider, DmsAssessmentRun, DmsStopReplicationTask } from '../../lib';
import { allConstructsStack } from '../support/all-constructs';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ORDERS';
const OTHER_TASK = 'arn:aws:dms:us-east-1:123456789012:task:INVOICES';

const newStack = () => new Stack(new App(), 'Conventions', { env: { account: '123456789012', region: 'us-east-1' } });

describe('a role imported with mutable: false is left alone', () => {
  const build = () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Handler', 'arn:aws:iam::123456789012:role/cutover-handler', { mutable: false });
    const provider = new CutoverProvider(stack, 'Cutover', { role });
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN, provider });
    return stack;
  };

  test('GIVEN a provider with an immutable imported role WHEN synthesized THEN no policy names the role', () => {
    const template = Template.fromStack(build());
    const attached = [
      ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')),
      ...Object.values(template.findResources('AWS::IAM::Policy')),
    ].filter((r) => JSON.stringify(r).includes('cutover-handler'));
    expect(attached).toEqual([]);
  });

  test('GIVEN the same WHEN synthesized THEN a warning lists the statements to add to the role', () => {
    const warnings = Annotations.fromStack(build()).findWarning('*', Match.stringLikeRegexp('cdk-cutover attached no policy'));
    expect(warnings).toHaveLength(1);
    const text = String(warnings[0].entry.data);
    expect(text).toContain('"role" arn:aws:iam::123456789012:role/cutover-handler was imported with mutable: false');
    for (const fragment of ['dms:StopReplicationTask', TASK_ARN, 'dms:DescribeReplicationTasks', 'logs:PutLogEvents', 'cloudformation:DescribeStacks']) {
      expect(text).toContain(fragment);
    }
  });

  test('GIVEN a mutable imported role (the default) WHEN synthesized THEN its permissions are attached and nothing is said', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Handler', 'arn:aws:iam::123456789012:role/cutover-handler');
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN, provider: new CutoverProvider(stack, 'Cutover', { role }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: ['cutover-handler'] });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-cutover attached no policy'))).toEqual([]);
  });
});

describe('defaults are not written to the template', () => {
  test('GIVEN a gate with only its required props WHEN synthesized THEN its properties hold no empty value and no default', () => {
    const stack = newStack();
    new DmsAssessmentRun(stack, 'Gate', {
      replicationTaskArn: TASK_ARN,
      serviceAccessRole: new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') }),
      resultLocationBucket: s3.Bucket.fromBucketName(stack, 'Reports', 'reports'),
    });
    const [gate] = Object.values(Template.fromStack(stack).findResources('Custom::CutoverDmsAssessmentRun'));
    const properties = gate.Properties as Record<string, unknown>;
    const empty = Object.entries(properties).filter(([, v]) => v === '' || (Array.isArray(v) && v.length === 0));
    expect(empty).toEqual([]);
    for (const key of ['ResultKmsKeyArn', 'Tags', 'ResultEncryptionMode', 'ResultLocationFolder', 'FailDeploymentOnFailure', 'FailOnWarning', 'RunOn', 'TimeoutSeconds', 'WaitForCompletion']) {
      expect(properties).not.toHaveProperty(key);
    }
  });

  test('GIVEN every construct with only required props WHEN synthesized THEN no cdk-cutover resource has an empty string or empty list property', () => {
    const template = Template.fromStack(allConstructsStack(new App())).toJSON() as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    const empty = Object.entries(template.Resources)
      .filter(([, r]) => r.Type.startsWith('Custom::Cutover'))
      .flatMap(([id, r]) => Object.entries(r.Properties ?? {}).filter(([, v]) => v === '' || (Array.isArray(v) && v.length === 0)).map(([k]) => `${id}.${k}`));
    expect(empty).toEqual([]);
  });
});

describe('each policy statement appears once', () => {
  test('GIVEN a gate and two stops WHEN synthesized THEN dms:DescribeReplicationTasks on * is granted by one statement, and no statement repeats', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') });
    const bucket = s3.Bucket.fromBucketName(stack, 'Reports', 'reports');
    new DmsAssessmentRun(stack, 'Gate', { replicationTaskArn: TASK_ARN, serviceAccessRole: role, resultLocationBucket: bucket });
    new DmsAssessmentRun(stack, 'OtherGate', { replicationTaskArn: OTHER_TASK, serviceAccessRole: role, resultLocationBucket: bucket });
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN });
    new DmsStopReplicationTask(stack, 'OtherStop', { replicationTaskArn: OTHER_TASK });
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
    const statements = policies.flatMap((p) => (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>));
    const describeOnStar = statements.filter((s) => [s.Action].flat().includes('dms:DescribeReplicationTasks'));
    expect(describeOnStar).toHaveLength(1);
    expect(describeOnStar[0].Resource).toBe('*');
    const pairs = statements.flatMap((s) => [s.Action].flat().flatMap((a) => [s.Resource].flat().map((r) => `${a} on ${JSON.stringify(r)}`)));
    expect(pairs.filter((p, i) => pairs.indexOf(p) !== i)).toEqual([]);
  });
});
