import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AssessmentResultEncryption, DmsAssessmentRun, DmsAssessmentRunProps, LifecycleEvent } from '../../lib';
import { ResourceTypes } from '../../contract';
import { awsSolutionsFindings } from '../support/nag';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

interface Fixture {
  readonly stack: Stack;
  readonly role: iam.Role;
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly task: dms.CfnReplicationTask;
}

function fixture(stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } })): Fixture {
  return {
    stack,
    role: new iam.Role(stack, 'AssessmentRole', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') }),
    bucket: new s3.Bucket(stack, 'Results', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsPrefix: 'access-logs/',
      removalPolicy: RemovalPolicy.RETAIN,
    }),
    key: new kms.Key(stack, 'ResultsKey', { enableKeyRotation: true }),
    task: new dms.CfnReplicationTask(stack, 'Task', {
      migrationType: 'full-load-and-cdc',
      replicationInstanceArn: 'arn:aws:dms:us-east-1:123456789012:rep:INSTANCE',
      sourceEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCE',
      targetEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET',
      tableMappings: '{"rules":[]}',
    }),
  };
}

function props(f: Fixture, overrides: Partial<DmsAssessmentRunProps> = {}): DmsAssessmentRunProps {
  return { replicationTaskArn: f.task.ref, serviceAccessRole: f.role, resultLocationBucket: f.bucket, ...overrides };
}

/** Every statement of the handler's packed managed policies. */
function handlerStatements(template: Template): Array<Record<string, any>> {
  return Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: Record<string, any>): string[] => [statement.Action].flat();

describe('DmsAssessmentRun', () => {
  test('synthesizes every StartReplicationTaskAssessmentRun field, runs on Create and Update, and fails the deployment on failure by default', () => {
    // GIVEN
    const f = fixture();
    // WHEN
    new DmsAssessmentRun(f.stack, 'PreCutoverCheck', {
      ...props(f),
      resultLocationFolder: 'assessments/orders',
      resultEncryptionMode: AssessmentResultEncryption.SSE_KMS,
      resultKmsKey: f.key,
      assessmentRunName: 'orders-pre-cutover',
      includeOnly: ['mysql-check-binlog-format'],
      tags: { team: 'migration' },
    });
    // THEN
    Template.fromStack(f.stack).hasResourceProperties(ResourceTypes.DMS_ASSESSMENT_RUN, {
      ReplicationTaskArn: { Ref: f.stack.getLogicalId(f.task) },
      ServiceAccessRoleArn: { 'Fn::GetAtt': [f.stack.getLogicalId(f.role.node.defaultChild as iam.CfnRole), 'Arn'] },
      ResultLocationBucket: { Ref: f.stack.getLogicalId(f.bucket.node.defaultChild as s3.CfnBucket) },
      ResultLocationFolder: 'assessments/orders',
      ResultEncryptionMode: 'SSE_KMS',
      ResultKmsKeyArn: { 'Fn::GetAtt': [f.stack.getLogicalId(f.key.node.defaultChild as kms.CfnKey), 'Arn'] },
      AssessmentRunName: 'orders-pre-cutover',
      IncludeOnly: ['mysql-check-binlog-format'],
      Exclude: Match.absent(),
      Tags: [{ Key: 'team', Value: 'migration' }],
      // Defaults (failDeploymentOnFailure true, failOnWarning false, runOn [CREATE, UPDATE], waiting,
      // 30 minutes) are left out; the handler applies them.
      FailDeploymentOnFailure: Match.absent(),
      FailOnWarning: Match.absent(),
      RunOn: Match.absent(),
      WaitForCompletion: Match.absent(),
      TimeoutSeconds: Match.absent(),
    });
  });

  test('without a name, derives a valid run name from the construct path', () => {
    const f = fixture();
    new DmsAssessmentRun(f.stack, 'Pre_Cutover.Check', props(f));
    const [resource] = Object.values(Template.fromStack(f.stack).findResources(ResourceTypes.DMS_ASSESSMENT_RUN));
    expect(resource.Properties.AssessmentRunName).toBe('cutover-TestStack-PreCutoverCheck');
  });

  test('passes failDeploymentOnFailure, failOnWarning, runOn and exclude through', () => {
    const f = fixture();
    new DmsAssessmentRun(f.stack, 'Check', {
      ...props(f),
      failDeploymentOnFailure: false,
      failOnWarning: true,
      exclude: ['mysql-check-server-id'],
      runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE, LifecycleEvent.DELETE],
    });
    Template.fromStack(f.stack).hasResourceProperties(ResourceTypes.DMS_ASSESSMENT_RUN, {
      FailDeploymentOnFailure: 'false',
      FailOnWarning: 'true',
      Exclude: ['mysql-check-server-id'],
      IncludeOnly: Match.absent(),
      RunOn: ['Create', 'Update', 'Delete'],
    });
  });

  test('exposes the run ARN, name, status, outcome, S3 URI, counts and note as attributes', () => {
    const f = fixture();
    const check = new DmsAssessmentRun(f.stack, 'Check', props(f));
    const [id] = Object.keys(Template.fromStack(f.stack).findResources(ResourceTypes.DMS_ASSESSMENT_RUN));
    const attributes: Array<[string, string]> = [
      [check.assessmentRunArn, 'AssessmentRunArn'],
      [check.assessmentRunName, 'AssessmentRunName'],
      [check.status, 'Status'],
      [check.outcome, 'Outcome'],
      [check.resultsS3Uri, 'ResultsS3Uri'],
      [check.passedCount, 'PassedCount'],
      [check.failedCount, 'FailedCount'],
      [check.errorCount, 'ErrorCount'],
      [check.warningCount, 'WarningCount'],
      [check.cancelledCount, 'CancelledCount'],
      [check.skippedCount, 'SkippedCount'],
      [check.note, 'Note'],
    ];
    for (const [token, name] of attributes) expect(f.stack.resolve(token)).toEqual({ 'Fn::GetAtt': [id, name] });
  });
});

describe('DmsAssessmentRun permissions', () => {
  test('grants dms:StartReplicationTaskAssessmentRun and DescribeApplicableIndividualAssessments on exactly the task', () => {
    const f = fixture();
    new DmsAssessmentRun(f.stack, 'Check', props(f));
    const statement = handlerStatements(Template.fromStack(f.stack)).find((s) => actionsOf(s).includes('dms:StartReplicationTaskAssessmentRun'))!;
    expect(actionsOf(statement).sort()).toEqual(['dms:DescribeApplicableIndividualAssessments', 'dms:StartReplicationTaskAssessmentRun']);
    expect(statement.Resource).toEqual({ Ref: f.stack.getLogicalId(f.task) });
  });

  test('grants iam:PassRole on exactly the service role, only for passing to DMS', () => {
    const f = fixture();
    new DmsAssessmentRun(f.stack, 'Check', props(f));
    const passRole = handlerStatements(Template.fromStack(f.stack)).filter((s) => actionsOf(s).includes('iam:PassRole'));
    expect(passRole).toEqual([
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [f.stack.getLogicalId(f.role.node.defaultChild as iam.CfnRole), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'dms.amazonaws.com' } },
      },
    ]);
  });

  test("grants cancel on the assessment runs of the task's partition, region and account only", () => {
    const f = fixture();
    new DmsAssessmentRun(f.stack, 'Check', props(f, { replicationTaskArn: 'arn:aws-cn:dms:cn-north-1:123456789012:task:ORDERS' }));
    const statements = handlerStatements(Template.fromStack(f.stack));
    const runs = 'arn:aws-cn:dms:cn-north-1:123456789012:assessment-run:*';
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 'dms:CancelReplicationTaskAssessmentRun', Resource: runs }),
      ]),
    );
  });

  test("with a task ARN known only at deploy time, the run ARNs take the task ARN's partition, region and account", () => {
    const f = fixture(new Stack(new App(), 'Agnostic'));
    new DmsAssessmentRun(f.stack, 'Check', props(f));
    const cancel = handlerStatements(Template.fromStack(f.stack)).find((s) => s.Action === 'dms:CancelReplicationTaskAssessmentRun')!;
    const field = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': [':', { Ref: 'Task' }] }] });
    expect(cancel.Resource).toEqual({
      'Fn::Join': ['', ['arn:', field(1), ':dms:', field(3), ':', field(4), ':assessment-run:*']],
    });
  });

  test('grants on "*" only the describes IAM cannot match to a resource (no resource type, or filters instead of an ARN)', () => {
    const f = fixture();
    new DmsAssessmentRun(f.stack, 'Check', props(f));
    const onStar = handlerStatements(Template.fromStack(f.stack)).filter((s) => s.Resource === '*');
    expect(onStar.flatMap(actionsOf).sort()).toEqual([
      'dms:DescribeReplicationTaskAssessmentRuns',
      'dms:DescribeReplicationTaskIndividualAssessments',
      'dms:DescribeReplicationTasks',
    ]);
  });

  test('grants the service role, not the handler, what DMS documents for writing the reports to the folder, and encrypting them with the key', () => {
    const f = fixture();
    new DmsAssessmentRun(f.stack, 'Check', {
      ...props(f),
      resultLocationFolder: 'assessments/orders',
      resultEncryptionMode: AssessmentResultEncryption.SSE_KMS,
      resultKmsKey: f.key,
    });
    const template = Template.fromStack(f.stack);
    const bucketArn = { 'Fn::GetAtt': [f.stack.getLogicalId(f.bucket.node.defaultChild as s3.CfnBucket), 'Arn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: f.stack.getLogicalId(f.role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['s3:PutObject', 's3:PutObjectTagging', 's3:GetObject', 's3:DeleteObject'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [bucketArn, '/assessments/orders/*']] },
          },
          { Action: ['s3:ListBucket', 's3:GetBucketLocation'], Effect: 'Allow', Resource: bucketArn },
          {
            Action: ['kms:GenerateDataKey', 'kms:Encrypt'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [f.stack.getLogicalId(f.key.node.defaultChild as kms.CfnKey), 'Arn'] },
          },
        ]),
      },
    });
    expect(handlerStatements(template).flatMap(actionsOf).filter((a) => a.startsWith('s3:') || a.startsWith('kms:'))).toEqual([]);
  });

  test('the custom resource depends on the service role policy, so DMS may write before the run starts', () => {
    const f = fixture();
    new DmsAssessmentRun(f.stack, 'Check', props(f));
    const template = Template.fromStack(f.stack);
    const [policyId] = Object.keys(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: f.stack.getLogicalId(f.role.node.defaultChild as iam.CfnRole) }] } }));
    const [resource] = Object.values(template.findResources(ResourceTypes.DMS_ASSESSMENT_RUN));
    expect(resource.DependsOn).toContain(policyId);
  });

  test('a stack with the construct has no unacknowledged AwsSolutions finding, and each wildcard it needs is acknowledged with its reason', () => {
    const findings = awsSolutionsFindings((app) => {
      const f = fixture(new Stack(app, 'Nag', { env: { account: '123456789012', region: 'us-east-1' } }));
      new DmsAssessmentRun(f.stack, 'Check', {
        ...props(f),
        resultLocationFolder: 'assessments',
        resultEncryptionMode: AssessmentResultEncryption.SSE_KMS,
        resultKmsKey: f.key,
      });
    });
    expect(findings).toEqual([]);
  });
});

describe('DmsAssessmentRun validation', () => {
  test('rejects "includeOnly" together with "exclude"', () => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Check', { ...props(f), includeOnly: ['a'], exclude: ['b'] })).toThrow(
      /"includeOnly" and "exclude" cannot both be set; choose one/,
    );
  });

  test('rejects SSE_KMS without "resultKmsKey"', () => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Check', { ...props(f), resultEncryptionMode: AssessmentResultEncryption.SSE_KMS })).toThrow(
      /"resultEncryptionMode" is SSE_KMS but "resultKmsKey" is not set; pass the kms.IKey/,
    );
  });

  test.each([
    ['no encryption mode', undefined],
    ['SSE_S3', AssessmentResultEncryption.SSE_S3],
  ])('rejects "resultKmsKey" with %s', (_label, mode) => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Check', { ...props(f), resultEncryptionMode: mode, resultKmsKey: f.key })).toThrow(
      /"resultKmsKey" is set but "resultEncryptionMode" is .*; set "resultEncryptionMode" to AssessmentResultEncryption.SSE_KMS, or remove "resultKmsKey"/,
    );
  });

  test.each([
    ['a leading digit', '1st-check'],
    ['an underscore', 'orders_check'],
    ['two consecutive hyphens', 'orders--check'],
    ['a trailing hyphen', 'orders-'],
    ['an empty name', ''],
    ['201 characters', `a${'b'.repeat(200)}`],
  ])('rejects an "assessmentRunName" with %s', (_label, name) => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Check', { ...props(f), assessmentRunName: name })).toThrow(
      /"assessmentRunName" is .*; use 1 to 200 letters, digits and hyphens, starting with a letter/,
    );
  });

  test('accepts a 200-character name and an unresolved token name', () => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Long', { ...props(f), assessmentRunName: `a${'b'.repeat(199)}` })).not.toThrow();
    expect(() => new DmsAssessmentRun(f.stack, 'Token', { ...props(f), assessmentRunName: Lazy.string({ produce: () => 'late' }) })).not.toThrow();
  });

  test('rejects an empty "includeOnly"', () => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Check', { ...props(f), includeOnly: [] })).toThrow(/"includeOnly" is empty, which would run no assessment/);
  });

  test('rejects an empty name in "exclude"', () => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Check', { ...props(f), exclude: [' '] })).toThrow(/"exclude" contains an empty name/);
  });

  test('rejects a timeout above 12 hours (the wait condition\'s limit), naming "timeout"', () => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Check', { ...props(f), timeout: Duration.minutes(721) })).toThrow(
      /"timeout" is 12 hours 1 minute; it must be between 20 seconds and 12 hours/,
    );
  });

  test('rejects a "replicationTaskArn" that is not a task ARN, and says what to pass', () => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Check', { ...props(f), replicationTaskArn: 'orders-task' })).toThrow(
      /"replicationTaskArn" must be a DMS replication task ARN.*Pass task\.ref of a CfnReplicationTask/,
    );
  });

  test('accepts a literal task ARN', () => {
    const f = fixture();
    expect(() => new DmsAssessmentRun(f.stack, 'Check', { ...props(f), replicationTaskArn: TASK_ARN })).not.toThrow();
  });
});
