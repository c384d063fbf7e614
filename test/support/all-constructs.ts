import { App, Stack, Validations } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AssessmentResultEncryption,
  CutoverProvider,
  DmsAssessmentRun,
  DmsStartReplication,
  DmsStartReplicationTask,
  DmsStartType,
  DmsPauseDuringChange,
  DmsStopReplication,
  DmsStopReplicationTask,
  DrsStartReplication,
  DrsStopReplication,
  HuaweiDcsStopMigrationTask,
  LifecycleEvent,
  RdsCancelExportTask,
} from '../../lib';

/**
 * A stack with every cdk-cutover construct, several instances each, as a demanding user would build.
 * With `provider`, every construct runs on the provider it returns (made once, in the stack).
 */
export function allConstructsStack(app: App, id = 'AllConstructs', provider?: (stack: Stack) => CutoverProvider): Stack {
  const stack = new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
  const common = provider ? { provider: provider(stack) } : {};
  for (let i = 0; i < 3; i++) {
    const task = new dms.CfnReplicationTask(stack, `Task${i}`, {
      migrationType: 'full-load-and-cdc',
      replicationInstanceArn: 'arn:aws:dms:us-east-1:123456789012:rep:INSTANCE',
      sourceEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCE',
      targetEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET',
      tableMappings: '{"rules":[]}',
    });
    new DmsStopReplicationTask(stack, `StopTask${i}`, { ...common, replicationTaskArn: task.ref });
  }
  new DmsStopReplicationTask(stack, 'CutoverStop', {
    ...common,
    replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:task:CUTOVERTASK0000000000000000',
    runOn: [LifecycleEvent.CREATE],
    stopWhenCaughtUp: {},
  });
  for (let i = 0; i < 2; i++) {
    const config = new dms.CfnReplicationConfig(stack, `ServerlessConfig${i}`, {
      replicationConfigIdentifier: `orders-serverless-${i}`,
      replicationType: 'full-load-and-cdc',
      sourceEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCE',
      targetEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET',
      computeConfig: { maxCapacityUnits: 16 },
      tableMappings: { rules: [] },
    });
    new DmsStopReplication(stack, `StopServerless${i}`, { ...common, replicationConfigArn: i === 0 ? config.ref : config.attrReplicationConfigArn });
  }
  const assessmentRole = new iam.Role(stack, 'AssessmentRole', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') });
  const resultsKey = new kms.Key(stack, 'ResultsKey', { enableKeyRotation: true });
  const results = new s3.Bucket(stack, 'AssessmentResults', {
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: resultsKey,
    serverAccessLogsPrefix: 'access-logs/',
  });
  for (let i = 0; i < 2; i++) {
    new DmsAssessmentRun(stack, `Assess${i}`, {
      ...common,
      replicationTaskArn: `arn:aws:dms:us-east-1:123456789012:task:ASSESSEDTASK${i}00000000000000`,
      serviceAccessRole: assessmentRole,
      resultLocationBucket: results,
      resultLocationFolder: `assessments/${i}`,
      resultEncryptionMode: AssessmentResultEncryption.SSE_KMS,
      resultKmsKey: resultsKey,
      includeOnly: ['mysql-check-binlog-format'],
    });
  }
  const huaweiKeys = new secretsmanager.Secret(stack, 'HuaweiKeys', { description: 'Huawei Cloud AK/SK (value set outside the template)' });
  // The user's own acknowledgement for the user's own secret (not the library's).
  Validations.of(huaweiKeys).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'Huawei AK/SK are rotated in Huawei Cloud IAM; no AWS rotation function exists for them' });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, flowLogs: { all: {} } });
  for (let i = 0; i < 2; i++) {
    new HuaweiDcsStopMigrationTask(stack, `StopRedisSync${i}`, {
      ...common,
      projectId: '0123456789abcdef0123456789abcdef',
      taskId: `9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a1${i}`,
      region: 'cn-north-4',
      credentials: huaweiKeys,
      // The deprecated VPC props, while they last (a provider of one's own replaces them).
      ...(i === 1 && !provider ? { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } } : {}),
    });
  }
  for (let i = 0; i < 3; i++) {
    new DrsStopReplication(stack, `Decommission${i}`, { ...common, sourceServerId: `s-${String(i).padStart(17, '0')}`, acknowledgeSnapshotDeletion: true });
    new RdsCancelExportTask(stack, `CancelExport${i}`, { ...common, exportTaskIdentifier: `nightly-export-${i}` });
  }
  // Targets where they live: another region, and another account through an assumed role.
  const partnerRole = 'arn:aws:iam::444455556666:role/cutover-target';
  const partner = { assumedRoleArn: partnerRole, externalId: 'cutover-ext-1' };
  new DmsStopReplicationTask(stack, 'StopEuTask', { ...common, replicationTaskArn: 'arn:aws:dms:eu-west-1:123456789012:task:EUTASK00000000000000000000' });
  new DmsStopReplicationTask(stack, 'StopPartnerTask', { ...common, ...partner, replicationTaskArn: 'arn:aws:dms:eu-west-1:444455556666:task:PARTNERTASK000000000000000' });
  new DmsAssessmentRun(stack, 'AssessPartner', {
    ...common,
    ...partner,
    replicationTaskArn: 'arn:aws:dms:eu-west-1:444455556666:task:PARTNERTASK000000000000000',
    serviceAccessRole: iam.Role.fromRoleArn(stack, 'PartnerDmsRole', 'arn:aws:iam::444455556666:role/dms-assessment'),
    resultLocationBucket: s3.Bucket.fromBucketName(stack, 'PartnerResults', 'partner-assessments'),
  });
  new DrsStopReplication(stack, 'DecommissionFrankfurt', { ...common, region: 'eu-central-1', sourceServerId: 's-0000000000000000f', acknowledgeSnapshotDeletion: true });
  new RdsCancelExportTask(stack, 'CancelPartnerExport', { ...common, ...partner, region: 'ap-southeast-2', exportTaskIdentifier: 'partner-export' });
  // The start steps: deploy-time starts of tasks, serverless replications and DRS servers.
  new DmsStartReplicationTask(stack, 'StartTask', { ...common, replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:task:CUTOVERTASK0000000000000000' });
  new DmsStartReplicationTask(stack, 'StartPartnerTask', {
    ...common,
    ...partner,
    replicationTaskArn: 'arn:aws:dms:eu-west-1:444455556666:task:PARTNERTASK000000000000000',
    startType: DmsStartType.START_REPLICATION,
    cdcStartPosition: 'checkpoint:V1#1#mysql-bin.000001:4#0#0#*#0#0',
  });
  new DmsStartReplication(stack, 'StartServerless', { ...common, replicationConfigArn: 'arn:aws:dms:us-east-1:123456789012:replication-config:STARTCONFIG0000000000000000' });
  new DrsStartReplication(stack, 'Protect', { ...common, sourceServerId: 's-00000000000000001' });
  new DrsStartReplication(stack, 'ProtectFrankfurt', { ...common, region: 'eu-central-1', sourceServerId: 's-0000000000000000f' });
  // Endpoint changes made while replication is paused: a classic task, a serverless config, a partner's task.
  const watchedEndpoint = new dms.CfnEndpoint(stack, 'WatchedSource', { endpointType: 'source', engineName: 'postgres', extraConnectionAttributes: 'heartbeatEnable=true' });
  new DmsPauseDuringChange(stack, 'PauseForEndpoint', { ...common, replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:task:PAUSEDTASK0000000000000000', watch: [watchedEndpoint] });
  const watchedTarget = new dms.CfnEndpoint(stack, 'WatchedTarget', { endpointType: 'target', engineName: 'aurora-postgresql' });
  new DmsPauseDuringChange(stack, 'PauseServerless', { ...common, replicationConfigArn: 'arn:aws:dms:us-east-1:123456789012:replication-config:PAUSEDCONFIG00000000000000', watch: [watchedTarget] });
  new DmsPauseDuringChange(stack, 'PausePartner', { ...common, ...partner, replicationTaskArn: 'arn:aws:dms:eu-west-1:444455556666:task:PARTNERTASK000000000000000', watch: [watchedTarget] });
  return stack;
}
