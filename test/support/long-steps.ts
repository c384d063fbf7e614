import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { CutoverProvider, DmsAssessmentRun, DmsStopReplicationTask, LifecycleEvent } from '../../lib';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ORDERSTASK';

/** A 3-hour gate and a 2-hour cutover stop in `scope`, on `provider` (the shared one when undefined). */
export function longSteps(scope: Construct, provider?: CutoverProvider): void {
  const gate = new DmsAssessmentRun(scope, 'Gate', {
    replicationTaskArn: TASK_ARN,
    serviceAccessRole: iam.Role.fromRoleArn(scope, 'AssessmentRole', 'arn:aws:iam::123456789012:role/dms-assessment', { mutable: false }),
    resultLocationBucket: s3.Bucket.fromBucketName(scope, 'Results', 'orders-assessments'),
    timeout: Duration.hours(3),
    provider,
  });
  gate.next(
    new DmsStopReplicationTask(scope, 'CutoverStop', {
      replicationTaskArn: TASK_ARN.replace('ORDERSTASK', 'OTHERTASK'),
      runOn: [LifecycleEvent.CREATE],
      timeout: Duration.hours(2),
      provider,
    }),
  );
}
