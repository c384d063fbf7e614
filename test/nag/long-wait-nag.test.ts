import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CutoverProvider, DmsAssessmentRun, DmsStopReplicationTask, LifecycleEvent } from '../../lib';
import { awsSolutionsFindings } from '../support/nag';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ORDERSTASK';

/** A 3-hour gate and a 2-hour cutover stop on `provider` (the shared one when undefined). */
function longSteps(stack: Stack, provider?: CutoverProvider): void {
  const gate = new DmsAssessmentRun(stack, 'Gate', {
    replicationTaskArn: TASK_ARN,
    serviceAccessRole: iam.Role.fromRoleArn(stack, 'AssessmentRole', 'arn:aws:iam::123456789012:role/dms-assessment', { mutable: false }),
    resultLocationBucket: s3.Bucket.fromBucketName(stack, 'Results', 'orders-assessments'),
    timeout: Duration.hours(3),
    provider,
  });
  gate.next(
    new DmsStopReplicationTask(stack, 'CutoverStop', {
      replicationTaskArn: TASK_ARN.replace('ORDERSTASK', 'OTHERTASK'),
      runOn: [LifecycleEvent.CREATE],
      timeout: Duration.hours(2),
      provider,
    }),
  );
}

test('GIVEN steps that wait beyond one hour WHEN checked THEN the waiter, its role and the grants to start and stop it leave no AwsSolutions finding unacknowledged', () => {
  const findings = awsSolutionsFindings((app) => longSteps(new Stack(app, 'LongWait', { env: { account: '123456789012', region: 'us-east-1' } })));
  expect(findings).toEqual([]);
});

test('GIVEN steps beyond one hour on a VPC provider with an S3 endpoint WHEN checked THEN no AwsSolutions finding is left unacknowledged', () => {
  const findings = awsSolutionsFindings((app) => {
    const stack = new Stack(app, 'LongWaitVpc', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'HandlerVpc', { maxAzs: 1, natGateways: 1, flowLogs: { all: {} } });
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    longSteps(stack, new CutoverProvider(stack, 'Cutover', { vpc }));
  });
  expect(findings).toEqual([]);
});
