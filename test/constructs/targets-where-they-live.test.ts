import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DmsAssessmentRun, DmsStopReplicationTask, DrsStopReplication, RdsCancelExportTask } from '../../lib';
import { ResourceTypes } from '../../contract';

const SERVER_ID = 's-1234567890abcdef0';
const ROLE = 'arn:aws:iam::444455556666:role/cutover-target';
const PARTNER_TASK = 'arn:aws:dms:eu-west-1:444455556666:task:PARTNERTASK';

function newStack(env: { account?: string; region?: string } = { account: '123456789012', region: 'us-east-1' }): Stack {
  return new Stack(new App(), 'TestStack', { env });
}

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of the handler's permission policies (the construct's grants). */
function handlerStatements(stack: Stack): Statement[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

const serverArnOf = (stack: Stack) => handlerStatements(stack).find((s) => s.Action === 'drs:StopReplication')?.Resource;

describe('a DRS source server in another region', () => {
  test.each([
    ['eu-central-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('with region %s, the StopReplication grant names the server in that region and partition %s', (region, partition) => {
    // GIVEN a stack in us-east-1
    const stack = newStack();
    // WHEN the server lives in another region
    new DrsStopReplication(stack, 'Stop', { sourceServerId: SERVER_ID, acknowledgeSnapshotDeletion: true, region });
    // THEN the handler is told the region, and the grant names the server where it lives
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DRS_STOP_REPLICATION, { Region: region });
    expect(serverArnOf(stack)).toBe(`arn:${partition}:drs:${region}:123456789012:source-server/${SERVER_ID}`);
  });

  test('a region known only at deploy time leaves the partition to CloudFormation', () => {
    const stack = newStack();
    const region = new CfnParameter(stack, 'DrRegion').valueAsString;
    new DrsStopReplication(stack, 'Stop', { sourceServerId: SERVER_ID, acknowledgeSnapshotDeletion: true, region });
    expect(serverArnOf(stack)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':drs:', { Ref: 'DrRegion' }, `:123456789012:source-server/${SERVER_ID}`]],
    });
  });

  test('without region, no Region property is written: the handler uses its own (the stack\'s) region', () => {
    const stack = newStack();
    new DrsStopReplication(stack, 'Stop', { sourceServerId: SERVER_ID, acknowledgeSnapshotDeletion: true });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DRS_STOP_REPLICATION, { Region: Match.absent() });
  });
});

describe('an RDS export in another region', () => {
  test('passes its region to the handler', () => {
    const stack = newStack();
    new RdsCancelExportTask(stack, 'Cancel', { exportTaskIdentifier: 'nightly', region: 'ap-southeast-2' });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.RDS_CANCEL_EXPORT_TASK, { Region: 'ap-southeast-2' });
  });
});

describe('a target in another account, through assumedRoleArn', () => {
  const build: Array<[string, (stack: Stack) => void, string]> = [
    ['DmsStopReplicationTask', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: PARTNER_TASK, assumedRoleArn: ROLE, externalId: 'ext-1' }), ResourceTypes.DMS_STOP_REPLICATION_TASK],
    [
      'DmsAssessmentRun',
      (s) =>
        new DmsAssessmentRun(s, 'X', {
          replicationTaskArn: PARTNER_TASK,
          assumedRoleArn: ROLE,
          externalId: 'ext-1',
          serviceAccessRole: iam.Role.fromRoleArn(s, 'DmsRole', 'arn:aws:iam::444455556666:role/dms-assessment'),
          resultLocationBucket: s3.Bucket.fromBucketName(s, 'Results', 'partner-assessments'),
        }),
      ResourceTypes.DMS_ASSESSMENT_RUN,
    ],
    ['DrsStopReplication', (s) => new DrsStopReplication(s, 'X', { sourceServerId: SERVER_ID, acknowledgeSnapshotDeletion: true, assumedRoleArn: ROLE, externalId: 'ext-1' }), ResourceTypes.DRS_STOP_REPLICATION],
    ['RdsCancelExportTask', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: 'nightly', assumedRoleArn: ROLE, externalId: 'ext-1' }), ResourceTypes.RDS_CANCEL_EXPORT_TASK],
  ];

  test.each(build)('%s grants only sts:AssumeRole on exactly that role, and tells the handler the role and external id', (_name, make, type) => {
    // GIVEN a stack in account 123456789012
    const stack = newStack();
    // WHEN the construct reaches its target through a role of account 444455556666
    make(stack);
    // THEN the handler may only assume that role: the service permissions are the role's, in its own account
    expect(handlerStatements(stack)).toEqual([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }]);
    Template.fromStack(stack).hasResourceProperties(type, { AssumedRoleArn: ROLE, ExternalId: 'ext-1' });
  });

  test('DmsAssessmentRun grants the other account\'s service role nothing here (no PassRole, no bucket access): that is the other account\'s', () => {
    const stack = newStack();
    build[1][1](stack);
    const template = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(template).not.toContain('iam:PassRole');
    expect(template).not.toContain('s3:PutObject');
    expect(template).not.toContain('partner-assessments/');
  });

  test('a literal ARN of another account synthesizes in a stack whose account is a token (the handler checks at run time)', () => {
    const stack = newStack({});
    expect(() => new DmsStopReplicationTask(stack, 'X', { replicationTaskArn: PARTNER_TASK })).not.toThrow();
  });
});
