/**
 * Integration test for DmsAssessmentRun, for a user with an AWS account and a DMS task that can be
 * assessed (created, not running):
 *
 *   npx integ-runner --directory test/integ --language typescript \
 *     --app "npx tsx {filePath}" -- -c replicationTaskArn=arn:aws:dms:…:task:…
 *
 * The stack runs a premigration assessment as a gate with failDeploymentOnFailure false (so the
 * test reads the outcome instead of failing on a real finding); the assertion reads the run from
 * DMS and expects it to have finished, with results in the new bucket.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { DmsAssessmentRun } from '../../lib';

const app = new App();
const replicationTaskArn: string = app.node.tryGetContext('replicationTaskArn') ?? 'arn:aws:dms:us-east-1:123456789012:task:PLACEHOLDER';

const stack = new Stack(app, 'CutoverIntegDmsAssessment');
const results = new s3.Bucket(stack, 'Results', {
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});
const role = new iam.Role(stack, 'AssessmentRole', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') });
const gate = new DmsAssessmentRun(stack, 'PreCutoverCheck', {
  replicationTaskArn,
  serviceAccessRole: role,
  resultLocationBucket: results,
  resultLocationFolder: 'integ',
  assessmentRunName: 'cutover-integ',
  failDeploymentOnFailure: false,
});

const integ = new IntegTest(app, 'DmsAssessmentRunInteg', { testCases: [stack] });
integ.assertions
  .awsApiCall('DatabaseMigrationService', 'describeReplicationTaskAssessmentRuns', {
    Filters: [{ Name: 'replication-task-assessment-run-arn', Values: [gate.assessmentRunArn] }],
  })
  .expect(
    ExpectedResult.objectLike({
      ReplicationTaskAssessmentRuns: [{ ReplicationTaskArn: replicationTaskArn, Status: Match.stringLikeRegexp('^(passed|warning|failed)$') }],
    }),
  );
integ.assertions
  .awsApiCall('S3', 'listObjectsV2', { Bucket: results.bucketName, Prefix: 'integ/' })
  .expect(ExpectedResult.objectLike({ Contents: Match.arrayWith([Match.objectLike({ Key: Match.stringLikeRegexp('^integ/') })]) }));
app.synth();
