/**
 * Integration test for RdsCancelExportTask, for a user with an AWS account and a DB snapshot:
 *
 *   npx integ-runner --directory test/integ --language typescript \
 *     --app "npx tsx {filePath}" -- -c snapshotArn=arn:aws:rds:…:snapshot:…
 *
 * The first stack starts an export of the snapshot to a new bucket; the second cancels it as a
 * cutover step (runOn CREATE); the assertion reads the export from RDS and expects CANCELED. Data
 * already written stays in the bucket (the bucket is emptied and removed on destroy).
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { LifecycleEvent, RdsCancelExportTask } from '../../lib';

const app = new App();
const snapshotArn: string = app.node.tryGetContext('snapshotArn') ?? 'arn:aws:rds:us-east-1:123456789012:snapshot:placeholder';
const exportTaskIdentifier = 'cutover-integ-export';

const exportStack = new Stack(app, 'CutoverIntegRdsExport');
const bucket = new s3.Bucket(exportStack, 'Exports', {
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});
const key = new kms.Key(exportStack, 'ExportKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const exportRole = new iam.Role(exportStack, 'ExportRole', { assumedBy: new iam.ServicePrincipal('export.rds.amazonaws.com') });
bucket.grantReadWrite(exportRole);
// Test scaffolding: start the export the construct will cancel.
const start = new cr.AwsCustomResource(exportStack, 'StartExport', {
  onCreate: {
    service: 'RDS',
    action: 'startExportTask',
    parameters: { ExportTaskIdentifier: exportTaskIdentifier, SourceArn: snapshotArn, S3BucketName: bucket.bucketName, IamRoleArn: exportRole.roleArn, KmsKeyId: key.keyArn },
    physicalResourceId: cr.PhysicalResourceId.of(exportTaskIdentifier),
  },
  policy: cr.AwsCustomResourcePolicy.fromStatements([
    new iam.PolicyStatement({ actions: ['rds:StartExportTask'], resources: ['*'] }),
    new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [exportRole.roleArn] }),
    new iam.PolicyStatement({ actions: ['kms:CreateGrant', 'kms:DescribeKey'], resources: [key.keyArn] }),
  ]),
});
start.node.addDependency(exportRole);

const cancelStack = new Stack(app, 'CutoverIntegRdsCancel');
cancelStack.addStackDependency(exportStack);
const cancel = new RdsCancelExportTask(cancelStack, 'CancelExport', { exportTaskIdentifier, runOn: [LifecycleEvent.CREATE] });

const integ = new IntegTest(app, 'RdsCancelExportTaskInteg', { testCases: [exportStack, cancelStack] });
integ.assertions
  .awsApiCall('RDS', 'describeExportTasks', { ExportTaskIdentifier: exportTaskIdentifier })
  .expect(ExpectedResult.objectLike({ ExportTasks: [{ ExportTaskIdentifier: exportTaskIdentifier, Status: 'CANCELED' }] }));
integ.assertions.expect('CancelOutcome', ExpectedResult.exact('CANCELED'), ExpectedResult.exact(cancel.status));
app.synth();
