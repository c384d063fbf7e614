import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DmsStopReplicationTask, LifecycleEvent, RdsCancelExportTask } from '../../lib';
import { ResourceTypes } from '../../contract';
import { awsSolutionsFindings } from '../support/nag';

const EXPORT_ID = 'nightly-2026-11-22';

function newStack(app = new App()): Stack {
  return new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function policyDocuments(template: Template): Array<{ Statement: Array<{ Action: unknown; Resource: unknown }> }> {
  return Object.values(template.findResources('AWS::IAM::ManagedPolicy')).map((p) => p.Properties.PolicyDocument);
}

describe('RdsCancelExportTask', () => {
  test('synthesizes a custom resource for the export that runs on Delete, waits, and times out after 30 minutes by default', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new RdsCancelExportTask(stack, 'CancelNightlyExport', { exportTaskIdentifier: EXPORT_ID });
    // THEN
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.RDS_CANCEL_EXPORT_TASK, {
      ExportTaskIdentifier: EXPORT_ID,
      // Defaults (runOn [DELETE], waiting, 30 minutes) are left out; the handler applies them.
      RunOn: Match.absent(),
      WaitForCompletion: Match.absent(),
      TimeoutSeconds: Match.absent(),
      ServiceTimeout: '1810',
    });
  });

  test('passes runOn, waitForCompletion and timeout through', () => {
    const stack = newStack();
    new RdsCancelExportTask(stack, 'Cancel', {
      exportTaskIdentifier: EXPORT_ID,
      runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE],
      waitForCompletion: false,
      timeout: Duration.minutes(20),
    });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.RDS_CANCEL_EXPORT_TASK, {
      RunOn: ['Create', 'Delete'],
      WaitForCompletion: 'false',
      TimeoutSeconds: '1200',
    });
  });

  test('grants rds:CancelExportTask and rds:DescribeExportTasks on * (neither has resource-level permissions), and nothing else', () => {
    const stack = newStack();
    new RdsCancelExportTask(stack, 'CancelNightlyExport', { exportTaskIdentifier: EXPORT_ID });
    const statements = policyDocuments(Template.fromStack(stack)).flatMap((d) => d.Statement);
    expect(statements).toEqual([
      expect.objectContaining({ Action: ['rds:CancelExportTask', 'rds:DescribeExportTasks'], Effect: 'Allow', Resource: '*' }),
    ]);
  });

  test('as the only construct in a stack, creates no empty managed policy (IAM rejects one)', () => {
    const stack = newStack();
    new RdsCancelExportTask(stack, 'CancelNightlyExport', { exportTaskIdentifier: EXPORT_ID });
    for (const document of policyDocuments(Template.fromStack(stack))) expect(document.Statement.length).toBeGreaterThan(0);
  });

  test('several exports share one grant, next to other constructs\' scoped grants', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'StopTask', { replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP' });
    for (const id of ['a', 'b', 'c']) new RdsCancelExportTask(stack, `Cancel-${id}`, { exportTaskIdentifier: `export-${id}` });
    const template = Template.fromStack(stack);
    template.resourceCountIs(ResourceTypes.RDS_CANCEL_EXPORT_TASK, 3);
    const statements = policyDocuments(template).flatMap((d) => d.Statement);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('rds:CancelExportTask'))).toHaveLength(1);
  });

  test('the custom resource depends on the policy that holds its permissions, so they outlive its Delete', () => {
    const stack = newStack();
    new RdsCancelExportTask(stack, 'CancelNightlyExport', { exportTaskIdentifier: EXPORT_ID });
    const template = Template.fromStack(stack);
    const policies = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    const [resource] = Object.values(template.findResources(ResourceTypes.RDS_CANCEL_EXPORT_TASK));
    expect(resource.DependsOn).toEqual(expect.arrayContaining(policies));
  });

  test('exposes the final status, the S3 bucket and prefix the export wrote to, and the outcome as attributes', () => {
    const stack = newStack();
    const cancel = new RdsCancelExportTask(stack, 'CancelNightlyExport', { exportTaskIdentifier: EXPORT_ID });
    const [id] = Object.keys(Template.fromStack(stack).findResources(ResourceTypes.RDS_CANCEL_EXPORT_TASK));
    expect(stack.resolve(cancel.status)).toEqual({ 'Fn::GetAtt': [id, 'Status'] });
    expect(stack.resolve(cancel.s3Bucket)).toEqual({ 'Fn::GetAtt': [id, 'S3Bucket'] });
    expect(stack.resolve(cancel.s3Prefix)).toEqual({ 'Fn::GetAtt': [id, 'S3Prefix'] });
    expect(stack.resolve(cancel.outcome)).toEqual({ 'Fn::GetAtt': [id, 'Outcome'] });
  });

  test('leaves no unacknowledged cdk-nag AwsSolutions finding: the * grant is acknowledged with the IAM reason', () => {
    const findings = awsSolutionsFindings((app) => new RdsCancelExportTask(newStack(app), 'CancelNightlyExport', { exportTaskIdentifier: EXPORT_ID }));
    expect(findings).toEqual([]);
  });
});

describe('RdsCancelExportTask validation', () => {
  test.each([
    ['an empty string', ''],
    ['blanks', '   '],
    ['an identifier with a space', 'nightly export'],
    ['an export ARN', 'arn:aws:rds:us-east-1:123456789012:snapshot-export:nightly'],
  ])('rejects %s as "exportTaskIdentifier" and says what to pass instead', (_label, exportTaskIdentifier) => {
    expect(() => new RdsCancelExportTask(newStack(), 'Cancel', { exportTaskIdentifier })).toThrow(
      /"exportTaskIdentifier" must be the identifier of an RDS export task, e\.g\. nightly-2026-11-22 \(not an ARN, no spaces\).*aws rds describe-export-tasks/,
    );
  });

  test('accepts a token "exportTaskIdentifier" without judging its unresolved form', () => {
    const stack = newStack();
    const param = new CfnParameter(stack, 'ExportId');
    expect(() => new RdsCancelExportTask(stack, 'Cancel', { exportTaskIdentifier: param.valueAsString })).not.toThrow();
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.RDS_CANCEL_EXPORT_TASK, { ExportTaskIdentifier: { Ref: 'ExportId' } });
  });

  test('rejects a timeout shorter than two polls, naming "timeout"', () => {
    expect(() => new RdsCancelExportTask(newStack(), 'Cancel', { exportTaskIdentifier: EXPORT_ID, timeout: Duration.seconds(10) })).toThrow(/"timeout" is 10 seconds/);
  });

  test('rejects an event listed twice in "runOn"', () => {
    expect(
      () => new RdsCancelExportTask(newStack(), 'Cancel', { exportTaskIdentifier: EXPORT_ID, runOn: [LifecycleEvent.UPDATE, LifecycleEvent.UPDATE] }),
    ).toThrow(/"runOn" lists Update twice/);
  });
});
