import { App, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AssessmentResultEncryption,
  CutoverOperation,
  CutoverProvider,
  DmsAssessmentRun,
  DmsAssessmentRunProps,
  DmsStartReplication,
  DmsStartReplicationTask,
  DmsStartType,
  DmsPauseDuringChange,
  DmsStopReplication,
  DmsStopReplicationTask,
  DrsStartReplication,
  DrsStopReplication,
  HuaweiDcsStopMigrationTaskProps,
  HuaweiDcsStopMigrationTask,
  LifecycleEvent,
  RdsCancelExportTask,
} from '../../lib';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CONFIG_ARN = 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const PARTNER_TASK = 'arn:aws:dms:eu-west-1:444455556666:task:PARTNER';
const PARTNER_ROLE = 'arn:aws:iam::444455556666:role/cutover-target';

function newStack(): Stack {
  return new Stack(new App(), 'BadInput', { env: { account: '123456789012', region: 'us-east-1' } });
}

function assessment(stack: Stack, overrides: Partial<DmsAssessmentRunProps>): void {
  new DmsAssessmentRun(stack, 'Assess', {
    replicationTaskArn: TASK_ARN,
    serviceAccessRole: new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') }),
    resultLocationBucket: new s3.Bucket(stack, 'Results'),
    ...overrides,
  });
}

function dcs(stack: Stack, overrides: Partial<HuaweiDcsStopMigrationTaskProps>): void {
  new HuaweiDcsStopMigrationTask(stack, 'StopRedisSync', {
    projectId: '0123456789abcdef0123456789abcdef',
    taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11',
    region: 'cn-north-4',
    credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'Keys', 'cutover/huawei-aksk'),
    ...overrides,
  });
}

// Not in these constructs' props (they have no inverse); a JavaScript or Python caller may still pass it.
const NO_INVERSE = { undoOnRollback: true } as {};
/** A DMS endpoint for DmsPauseDuringChange to watch. */
const endpoint = (stack: Stack, id = 'Source') => new dms.CfnEndpoint(stack, id, { endpointType: 'source', engineName: 'postgres' });
function fullLoadTask(stack: Stack, migrationType = 'full-load'): dms.CfnReplicationTask {
  return new dms.CfnReplicationTask(stack, 'Orders', {
    migrationType,
    replicationInstanceArn: 'arn:aws:dms:us-east-1:123456789012:rep:INSTANCE',
    sourceEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCE',
    targetEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET',
    tableMappings: '{"rules":[]}',
  });
}

// Each row: what is wrong, how to build it, and the message: it quotes the prop and says what to do.
const INVALID: Array<[string, (stack: Stack) => void, RegExp]> = [
  ['a DMS stop given an RDS ARN', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: 'arn:aws:rds:us-east-1:123456789012:db:orders' }), /"replicationTaskArn" must be a DMS replication task ARN.*Pass task\.ref/],
  ['a DMS stop given an endpoint ARN (wrong resource type)', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:ABC' }), /"replicationTaskArn" must be a DMS replication task ARN/],
  ['a DMS task stop given a serverless replication config ARN', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: CONFIG_ARN }), /"replicationTaskArn" is a DMS Serverless replication config ARN.*stopped with DmsStopReplication \("replicationConfigArn"\)/],
  ['a DMS Serverless stop given a replication task ARN', (s) => new DmsStopReplication(s, 'X', { replicationConfigArn: TASK_ARN }), /"replicationConfigArn" is a DMS replication task ARN.*DmsStopReplicationTask \("replicationTaskArn"\)/],
  ['a DMS Serverless stop of a literal config ARN in another account, without a role', (s) => new DmsStopReplication(s, 'X', { replicationConfigArn: 'arn:aws:dms:eu-west-1:444455556666:replication-config:PARTNER' }), /"replicationConfigArn" .* is in account 444455556666, not in account 123456789012 .*set "assumedRoleArn"/],
  ['a DMS Serverless stop given an endpoint ARN (not a replication config)', (s) => new DmsStopReplication(s, 'X', { replicationConfigArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:ABC' }), /"replicationConfigArn" must be a DMS Serverless replication config ARN.*Pass config\.ref/],
  ['a DMS Serverless stop given a config identifier instead of its ARN', (s) => new DmsStopReplication(s, 'X', { replicationConfigArn: 'orders-replication' }), /"replicationConfigArn" must be a DMS Serverless replication config ARN/],
  ['a DMS stop given a task name instead of an ARN', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: 'orders-task' }), /"replicationTaskArn" must be a DMS replication task ARN/],
  ['a timeout above one hour', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, timeout: Duration.minutes(90) }), /"timeout" is 1 hour 30 minutes; it must be between 20 seconds and 1 hour/],
  ['a timeout shorter than two polls', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: 'nightly', timeout: Duration.seconds(10) }), /"timeout" is 10 seconds; it must be between 20 seconds and 1 hour/],
  ['a timeout given as a token', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, timeout: Duration.seconds(Lazy.number({ produce: () => 60 })) }), /"timeout" is a token; pass a literal Duration/],
  ['an empty runOn', (s) => new DrsStopReplication(s, 'X', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true, runOn: [] }), /"runOn" is empty; list at least one/],
  ['an event listed twice in runOn', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: 'nightly', runOn: [LifecycleEvent.DELETE, LifecycleEvent.DELETE] }), /"runOn" lists Delete twice; list each event once/],
  ['an unknown event in runOn', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: 'nightly', runOn: ['Rollback' as LifecycleEvent] }), /"runOn" contains "Rollback"; use LifecycleEvent\.CREATE, UPDATE or DELETE/],
  ['a DRS stop without the acknowledgement', (s) => new DrsStopReplication(s, 'X', { sourceServerId: 's-1234567890abcdef0' } as never), /"acknowledgeSnapshotDeletion" must be true: .*deletes its existing snapshots/],
  ['a DRS stop with the acknowledgement set to false', (s) => new DrsStopReplication(s, 'X', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: false as true }), /"acknowledgeSnapshotDeletion" must be true/],
  ['a malformed DRS source server id', (s) => new DrsStopReplication(s, 'X', { sourceServerId: 's-123', acknowledgeSnapshotDeletion: true }), /"sourceServerId" must be a DRS source server ID like s-1234567890abcdef0/],
  ['a DRS source server ARN instead of its id', (s) => new DrsStopReplication(s, 'X', { sourceServerId: 'arn:aws:drs:us-east-1:123456789012:source-server/s-1234567890abcdef0', acknowledgeSnapshotDeletion: true }), /"sourceServerId" must be a DRS source server ID/],
  ['an RDS export ARN instead of its identifier', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: 'arn:aws:rds:us-east-1:123456789012:export-task:nightly' }), /"exportTaskIdentifier" must be the identifier of an RDS export task.*not an ARN/],
  ['an empty RDS export identifier', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: '' }), /"exportTaskIdentifier" must be the identifier/],
  ['includeOnly and exclude together', (s) => assessment(s, { includeOnly: ['a'], exclude: ['b'] }), /"includeOnly" and "exclude" cannot both be set; choose one/],
  ['an empty includeOnly', (s) => assessment(s, { includeOnly: [] }), /"includeOnly" is empty, .*remove "includeOnly" to run them all/],
  ['SSE_KMS without a key', (s) => assessment(s, { resultEncryptionMode: AssessmentResultEncryption.SSE_KMS }), /"resultEncryptionMode" is SSE_KMS but "resultKmsKey" is not set/],
  ['a key without SSE_KMS', (s) => assessment(s, { resultKmsKey: new kms.Key(s, 'Key') }), /"resultKmsKey" is set but "resultEncryptionMode" is not set; set "resultEncryptionMode" to AssessmentResultEncryption\.SSE_KMS/],
  ['an invalid assessment run name', (s) => assessment(s, { assessmentRunName: 'Pre Cutover!' }), /"assessmentRunName" is "Pre Cutover!"; use 1 to \d+ letters, digits and hyphens/],
  ['an assessment on a task name instead of an ARN', (s) => assessment(s, { replicationTaskArn: 'orders-task' }), /"replicationTaskArn" must be a DMS replication task ARN/],
  ['both region and endpoint for DCS', (s) => dcs(s, { endpoint: 'https://dcs.example.internal' }), /"region" and "endpoint" cannot both be set/],
  ['neither region nor endpoint for DCS', (s) => dcs(s, { region: undefined }), /Set "region" \(e\.g\. cn-north-4\) or "endpoint"/],
  ['a plain-http DCS endpoint', (s) => dcs(s, { region: undefined, endpoint: 'http://dcs.cn-north-4.myhuaweicloud.com' }), /"endpoint" must use https/],
  ['a DCS endpoint with a path', (s) => dcs(s, { region: undefined, endpoint: 'https://dcs.cn-north-4.myhuaweicloud.com/v2' }), /"endpoint" must be an origin only/],
  ['a DCS project name instead of its id', (s) => dcs(s, { projectId: 'cn-north-4' }), /"projectId" must be a Huawei Cloud project id \(32 hex characters/],
  ['a DCS task name instead of its id', (s) => dcs(s, { taskId: 'redis-sync' }), /"taskId" must be a DCS migration task id \(a UUID/],
  ['a DMS stop of a literal task ARN in another account, without a role', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: PARTNER_TASK }), /"replicationTaskArn" arn:aws:dms:eu-west-1:444455556666:task:PARTNER is in account 444455556666, not in account 123456789012 .*set "assumedRoleArn" to a role in account 444455556666/],
  ['an assessment of a literal task ARN in another account, without a role', (s) => assessment(s, { replicationTaskArn: PARTNER_TASK }), /"replicationTaskArn" .* is in account 444455556666.*set "assumedRoleArn"/],
  ['an assumed role of another account than the task', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: PARTNER_TASK, assumedRoleArn: 'arn:aws:iam::777788889999:role/cutover' }), /"assumedRoleArn" arn:aws:iam::777788889999:role\/cutover is in account 777788889999, but "replicationTaskArn" .* is in account 444455556666; use a role of account 444455556666/],
  ['an externalId without assumedRoleArn', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, externalId: 'ext-1' }), /"externalId" is only used when a role is assumed; set "assumedRoleArn"/],
  ['an externalId with characters STS refuses', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: 'nightly', assumedRoleArn: PARTNER_ROLE, externalId: 'has space' }), /"externalId" must be 2 to 1224 letters/],
  ['a role name instead of assumedRoleArn', (s) => new DrsStopReplication(s, 'X', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true, assumedRoleArn: 'cutover-target' }), /"assumedRoleArn" is "cutover-target"; use the ARN of an IAM role/],
  ['an availability zone as a DRS region', (s) => new DrsStopReplication(s, 'X', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true, region: 'eu-west-1a' }), /"region" is "eu-west-1a"; use an AWS region code like eu-west-1/],
  ['a region name instead of its code for RDS', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: 'nightly', region: 'Europe (Ireland)' }), /"region" is "Europe \(Ireland\)"; use an AWS region code/],
  ['an assessment through a role with a service role of the stack\'s account', (s) => assessment(s, { replicationTaskArn: PARTNER_TASK, assumedRoleArn: PARTNER_ROLE }), /"serviceAccessRole" is in account 123456789012, but the task is reached through "assumedRoleArn" in account 444455556666/],
  ['runOnRollback on a teardown whose runOn has no DELETE', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, runOn: [LifecycleEvent.CREATE], runOnRollback: true }), /"runOnRollback" is true but "runOn" does not include LifecycleEvent\.DELETE; add DELETE to "runOn", or remove "runOnRollback"/],
  ['the same DMS stop twice on one task', (s) => { new DmsStopReplicationTask(s, 'A', { replicationTaskArn: TASK_ARN }); new DmsStopReplicationTask(s, 'B', { replicationTaskArn: TASK_ARN }); }, /BadInput\/B and BadInput\/A are the same operation on the same "replicationTaskArn" \(arn:aws:dms:.*\), both on Delete; keep one of them, or give them "runOn" lists that do not overlap/],
  ['the same DRS stop twice on one server with overlapping runOn', (s) => { new DrsStopReplication(s, 'A', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true }); new DrsStopReplication(s, 'B', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true, runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE] }); }, /BadInput\/B and BadInput\/A are the same operation on the same "sourceServerId" \(s-1234567890abcdef0\), both on Delete/],
  ['the same RDS cancel twice on one export', (s) => { new RdsCancelExportTask(s, 'A', { exportTaskIdentifier: 'nightly' }); new RdsCancelExportTask(s, 'B', { exportTaskIdentifier: 'nightly' }); }, /BadInput\/B and BadInput\/A are the same operation on the same "exportTaskIdentifier" \(nightly\)/],
  ['the same DCS stop twice on one task', (s) => { dcs(s, {}); new HuaweiDcsStopMigrationTask(s, 'Again', { projectId: '0123456789abcdef0123456789abcdef', taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11', region: 'cn-north-4', credentials: secretsmanager.Secret.fromSecretNameV2(s, 'Keys2', 'cutover/huawei-aksk') }); }, /BadInput\/Again and BadInput\/StopRedisSync are the same operation on the same "taskId"/],
  ['the same assessment twice on one task', (s) => { assessment(s, {}); new DmsAssessmentRun(s, 'AssessAgain', { replicationTaskArn: TASK_ARN, serviceAccessRole: iam.Role.fromRoleName(s, 'R2', 'dms'), resultLocationBucket: s3.Bucket.fromBucketName(s, 'B2', 'results') }); }, /BadInput\/AssessAgain and BadInput\/Assess are the same operation on the same "replicationTaskArn".*both on Create, Update/],
  ['undoOnRollback on a stop that runs only on Delete', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, undoOnRollback: true }), /"undoOnRollback" is true but "runOn" has only LifecycleEvent\.DELETE: a step that runs only on Delete changes nothing a rollback could undo\. Add LifecycleEvent\.CREATE/],
  ['undoOnRollback together with runOnRollback', (s) => new DrsStopReplication(s, 'X', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true, runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE], runOnRollback: true, undoOnRollback: true }), /"undoOnRollback" and "runOnRollback" are both true.*Keep "undoOnRollback" to let a rollback go back, or "runOnRollback"/],
  ['undoOnRollback on a DRS start without acknowledgeSnapshotDeletion', (s) => new DrsStartReplication(s, 'X', { sourceServerId: 's-1234567890abcdef0', undoOnRollback: true }), /"undoOnRollback" on DrsStartReplication needs "acknowledgeSnapshotDeletion: true": its undo is a DRS StopReplication.*deletes its snapshots/],
  ['undoOnRollback on a DMS start that runs only on Delete', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, runOn: [LifecycleEvent.DELETE], undoOnRollback: true }), /"undoOnRollback" is true but "runOn" has only LifecycleEvent\.DELETE/],
  ['undoOnRollback on an RDS export cancel (no inverse)', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: 'nightly', runOn: [LifecycleEvent.CREATE], ...NO_INVERSE }), /"undoOnRollback" is not supported by RdsCancelExportTask: its operation has no inverse a rollback could run\. Remove "undoOnRollback"/],
  ['undoOnRollback on a Huawei DCS stop (no inverse)', (s) => dcs(s, { runOn: [LifecycleEvent.CREATE], ...NO_INVERSE }), /"undoOnRollback" is not supported by HuaweiDcsStopMigrationTask: its operation has no inverse/],
  ['undoOnRollback on the assessment gate (no inverse)', (s) => assessment(s, NO_INVERSE), /"undoOnRollback" is not supported by DmsAssessmentRun: its operation has no inverse/],
  ['a DMS task start given both cdcStartTime and cdcStartPosition', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, cdcStartTime: new Date('2026-12-01T00:00:00Z'), cdcStartPosition: '2026-12-01T00:00:00' }), /"cdcStartTime" and "cdcStartPosition" are both set; DMS accepts at most one/],
  ['a DMS Serverless start given both cdcStartTime and cdcStartPosition', (s) => new DmsStartReplication(s, 'X', { replicationConfigArn: CONFIG_ARN, cdcStartTime: new Date(), cdcStartPosition: 'checkpoint:V1#1#x' }), /"cdcStartTime" and "cdcStartPosition" are both set/],
  ['a CDC stop position without server_time or commit_time', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, cdcStopPosition: '2026-12-24T18:00:00' }), /"cdcStopPosition" is "2026-12-24T18:00:00"; use "server_time:YYYY-MM-DDTHH:MM:SS"/],
  ['a CDC stop position with an impossible date', (s) => new DmsStartReplication(s, 'X', { replicationConfigArn: CONFIG_ARN, cdcStopPosition: 'commit_time:2026-02-30T10:00:00' }), /"cdcStopPosition" is "commit_time:2026-02-30T10:00:00"/],
  ['a CDC start position date with a space instead of T', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, cdcStartPosition: '2026-12-24 18:00:00' }), /"cdcStartPosition" is "2026-12-24 18:00:00"; use a date "YYYY-MM-DDTHH:MM:SS"/],
  ['a CDC stop position given as the start position', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, cdcStartPosition: 'server_time:2026-12-24T18:00:00' }), /"cdcStartPosition" is "server_time:2026-12-24T18:00:00", a CDC stop position format.*"cdcStopPosition"/],
  ['an invalid cdcStartTime', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, cdcStartTime: new Date('not a date') }), /"cdcStartTime" is Invalid Date; pass a valid Date/],
  ['an unknown start type', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: TASK_ARN, startType: 'resume' as DmsStartType }), /"startType" is "resume"; use DmsStartType\.AUTO, START_REPLICATION, RESUME_PROCESSING or RELOAD_TARGET/],
  ['a DMS task start given a serverless replication config ARN', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: CONFIG_ARN }), /"replicationTaskArn" is a DMS Serverless replication config ARN.*started with DmsStartReplication \("replicationConfigArn"\)/],
  ['a DMS Serverless start given a replication task ARN', (s) => new DmsStartReplication(s, 'X', { replicationConfigArn: TASK_ARN }), /"replicationConfigArn" is a DMS replication task ARN.*DmsStartReplicationTask \("replicationTaskArn"\)/],
  ['a DMS task start given a task name instead of its ARN', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: 'orders-task' }), /"replicationTaskArn" must be a DMS replication task ARN/],
  ['a DMS task start of a task in another account, without a role', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: PARTNER_TASK }), /"replicationTaskArn" .* is in account 444455556666.*set "assumedRoleArn"/],
  ['a malformed DRS source server id for a start', (s) => new DrsStartReplication(s, 'X', { sourceServerId: 's-123' }), /"sourceServerId" must be a DRS source server ID like s-1234567890abcdef0/],
  ['an availability zone as a DRS start region', (s) => new DrsStartReplication(s, 'X', { sourceServerId: 's-1234567890abcdef0', region: 'eu-west-1a' }), /"region" is "eu-west-1a"; use an AWS region code/],
  ['the same DMS start twice on one task', (s) => { new DmsStartReplicationTask(s, 'A', { replicationTaskArn: TASK_ARN }); new DmsStartReplicationTask(s, 'B', { replicationTaskArn: TASK_ARN }); }, /BadInput\/B and BadInput\/A are the same operation on the same "replicationTaskArn".*both on Create, Update/],
  ['a gate cycle: g.next(b) and b.next(g)', (s) => { const g = new DmsStopReplicationTask(s, 'G', { replicationTaskArn: TASK_ARN, runOn: [LifecycleEvent.CREATE] }); const b = new RdsCancelExportTask(s, 'B', { exportTaskIdentifier: 'nightly' }); g.next(b); b.next(g); }, /BadInput\/B\.next\(BadInput\/G\) would make a cycle: BadInput\/B already runs after BadInput\/G .*remove one of the two next\(\) calls/],
  ['a longer cycle through sequence()', (s) => { const a = new RdsCancelExportTask(s, 'A', { exportTaskIdentifier: 'a' }); const b = new RdsCancelExportTask(s, 'B', { exportTaskIdentifier: 'b' }); const c = new RdsCancelExportTask(s, 'C', { exportTaskIdentifier: 'c' }); CutoverOperation.sequence(a, b, c); c.next(a); }, /BadInput\/C\.next\(BadInput\/A\) would make a cycle/],
  ['an aws-cn ARN with region eu-west-1', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: 'arn:aws-cn:dms:eu-west-1:123456789012:task:ABC' }), /"replicationTaskArn" arn:aws-cn:dms:eu-west-1:123456789012:task:ABC names partition aws-cn but region eu-west-1, which is in partition aws; use the resource's ARN as AWS shows it \(in eu-west-1 it starts with arn:aws:\)/],
  ['an aws ARN with a China region', (s) => new DmsStopReplication(s, 'X', { replicationConfigArn: 'arn:aws:dms:cn-north-1:123456789012:replication-config:ABC' }), /"replicationConfigArn" .* names partition aws but region cn-north-1, which is in partition aws-cn/],
  ['a serviceAccessRole created in the app that trusts lambda instead of dms', (s) => assessment(s, { serviceAccessRole: new iam.Role(s, 'LambdaRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }) }), /"serviceAccessRole" BadInput\/LambdaRole does not trust dms\.amazonaws\.com \(it trusts .*lambda\.amazonaws\.com.*\).*assumedBy: new iam\.ServicePrincipal\('dms\.amazonaws\.com'\)/],
  ['a provider role that trusts ec2 instead of lambda', (s) => new CutoverProvider(s, 'P', { role: new iam.Role(s, 'Ec2Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }) }), /"role" BadInput\/Ec2Role does not trust lambda\.amazonaws\.com \(it trusts .*ec2\.amazonaws\.com.*\).*assumedBy: new iam\.ServicePrincipal\('lambda\.amazonaws\.com'\)/],
  ['a results folder with leading and trailing slashes', (s) => assessment(s, { resultLocationFolder: '/reports/' }), /"resultLocationFolder" is "\/reports\/"; write the key prefix without leading or trailing slash: "reports"/],
  ['a results folder of slashes only', (s) => assessment(s, { resultLocationFolder: '//' }), /"resultLocationFolder" is "\/\/"; give a key prefix like "assessments\/orders", or leave it out/],
  ['stopWhenCaughtUp on a full-load CfnReplicationTask of the app', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: fullLoadTask(s).ref, stopWhenCaughtUp: {} }), /"stopWhenCaughtUp" is set, but "replicationTaskArn" is task BadInput\/Orders, whose migrationType is "full-load".*remove "stopWhenCaughtUp".*"full-load-and-cdc" or "cdc" task/],
  ['DCS subnets without a VPC', (s) => dcs(s, { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }), /"vpcSubnets" only applies to a VPC-attached handler; set "vpc" as well, or remove it/],
  ['a pause given both a task ARN and a config ARN', (s) => new DmsPauseDuringChange(s, 'X', { replicationTaskArn: TASK_ARN, replicationConfigArn: CONFIG_ARN, watch: [endpoint(s)] }), /"replicationTaskArn" and "replicationConfigArn" are both set; give exactly one/],
  ['a pause given neither a task ARN nor a config ARN', (s) => new DmsPauseDuringChange(s, 'X', { watch: [endpoint(s)] }), /Neither "replicationTaskArn" nor "replicationConfigArn" is set; give the ARN/],
  ['a pause with an empty watch list', (s) => new DmsPauseDuringChange(s, 'X', { replicationTaskArn: TASK_ARN, watch: [] }), /"watch" is empty; list the resources that must change only while replication is stopped/],
  ['a pause watching a resource of another stack', (s) => new DmsPauseDuringChange(s, 'X', { replicationTaskArn: TASK_ARN, watch: [endpoint(new Stack(s.node.root as App, 'Other'))] }), /"watch"\[0\] Other\/Source is in stack Other, not in BadInput .*create the DmsPauseDuringChange in the stack of the watched resources/],
  ['a pause watching a construct that is no CloudFormation resource', (s) => new DmsPauseDuringChange(s, 'X', { replicationTaskArn: TASK_ARN, watch: [new Stack(s.node.root as App, 'Nested')] }), /"watch"\[0\] \(Nested\) is not a CloudFormation resource; pass a CfnResource/],
  ['a pause watching one resource twice', (s) => { const e = endpoint(s); new DmsPauseDuringChange(s, 'X', { replicationTaskArn: TASK_ARN, watch: [e, e] }); }, /"watch" lists BadInput\/Source twice; list each resource once/],
  ['a pause whose task ARN is the ref of a watched task (a cycle)', (s) => { const t = new dms.CfnReplicationTask(s, 'Task', { migrationType: 'cdc', replicationInstanceArn: 'i', sourceEndpointArn: 's', targetEndpointArn: 't', tableMappings: '{}' }); new DmsPauseDuringChange(s, 'X', { replicationTaskArn: t.ref, watch: [t] }); }, /"replicationTaskArn" refers to BadInput\/Task, which is in "watch".*Pass the ARN as a literal string/],
  ['a pause whose task ARN is the ref of a task that refers to a watched endpoint (a cycle)', (s) => { const e = endpoint(s); const t = new dms.CfnReplicationTask(s, 'Task', { migrationType: 'cdc', replicationInstanceArn: 'i', sourceEndpointArn: e.ref, targetEndpointArn: 't', tableMappings: '{}' }); new DmsPauseDuringChange(s, 'X', { replicationTaskArn: t.ref, watch: [e] }); }, /"replicationTaskArn" refers to BadInput\/Task, which refers to BadInput\/Source, which is in "watch".*Pass the ARN as a literal string/],
  ['a pause given a config ARN as its task ARN', (s) => new DmsPauseDuringChange(s, 'X', { replicationTaskArn: CONFIG_ARN, watch: [endpoint(s)] }), /"replicationTaskArn" is a DMS Serverless replication config ARN/],
];

describe('invalid constructions fail at synth with a message that quotes the prop and says what to do', () => {
  test('the table covers at least 20 cases across every construct', () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(20);
  });

  test.each(INVALID)('%s', (_case, build, message) => {
    expect(() => build(newStack())).toThrow(message);
  });
});

describe('one target, several operations', () => {
  test('GIVEN a gate and a stop of the same task WHEN synthesized THEN both are accepted (different operations)', () => {
    const stack = newStack();
    expect(() => {
      assessment(stack, {});
      new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN });
    }).not.toThrow();
  });

  test('GIVEN the same stop twice on one task with runOn that do not overlap WHEN synthesized THEN both are accepted', () => {
    const stack = newStack();
    expect(() => {
      new DmsStopReplicationTask(stack, 'AtCutover', { replicationTaskArn: TASK_ARN, runOn: [LifecycleEvent.CREATE] });
      new DmsStopReplicationTask(stack, 'AtTeardown', { replicationTaskArn: TASK_ARN });
    }).not.toThrow();
  });

  test('GIVEN the same stop twice on one task in two stacks WHEN synthesized THEN both are accepted (one per stack)', () => {
    const app = new App();
    expect(() => {
      new DmsStopReplicationTask(new Stack(app, 'One'), 'Stop', { replicationTaskArn: TASK_ARN });
      new DmsStopReplicationTask(new Stack(app, 'Two'), 'Stop', { replicationTaskArn: TASK_ARN });
    }).not.toThrow();
  });

  test('GIVEN the same stop twice on one token target WHEN synthesized THEN both are accepted (unknown until deploy)', () => {
    const stack = newStack();
    const arn = Token.asString(new iam.Role(stack, 'ArnRole', { assumedBy: new iam.AccountRootPrincipal() }).roleArn);
    expect(() => {
      new DmsStopReplicationTask(stack, 'A', { replicationTaskArn: arn });
      new DmsStopReplicationTask(stack, 'B', { replicationTaskArn: arn });
    }).not.toThrow();
  });
});

describe('checks that apply only where the library can know', () => {
  test('GIVEN an imported serviceAccessRole (its trust policy is not known at synth) WHEN synthesized THEN it is accepted unchecked', () => {
    const stack = newStack();
    expect(() => assessment(stack, { serviceAccessRole: iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/anything') })).not.toThrow();
  });

  test('GIVEN an imported provider role WHEN synthesized THEN it is accepted unchecked', () => {
    const stack = newStack();
    expect(() => new CutoverProvider(stack, 'P', { role: iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/handler') })).not.toThrow();
  });

  test.each(['full-load-and-cdc', 'cdc'])('GIVEN stopWhenCaughtUp on a %s CfnReplicationTask WHEN synthesized THEN it is accepted', (migrationType) => {
    const stack = newStack();
    expect(() => new DmsStopReplicationTask(stack, 'X', { replicationTaskArn: fullLoadTask(stack, migrationType).ref, stopWhenCaughtUp: {} })).not.toThrow();
  });

  test('GIVEN stopWhenCaughtUp on a task given by literal ARN (its migration type is unknown at synth) WHEN synthesized THEN it is accepted', () => {
    expect(() => new DmsStopReplicationTask(newStack(), 'X', { replicationTaskArn: TASK_ARN, stopWhenCaughtUp: {} })).not.toThrow();
  });

  test('GIVEN a chain without a cycle (a.next(b), a.next(c), b.next(c)) WHEN synthesized THEN it is accepted', () => {
    const stack = newStack();
    const [a, b, c] = ['A', 'B', 'C'].map((id) => new RdsCancelExportTask(stack, id, { exportTaskIdentifier: id.toLowerCase() }));
    expect(() => {
      a.next(b);
      a.next(c);
      b.next(c);
    }).not.toThrow();
  });
});

describe('tokens are never rejected for their unresolved form', () => {
  const token = (stack: Stack, name: string) => Token.asString(new iam.Role(stack, `${name}Role`, { assumedBy: new iam.AccountRootPrincipal() }).roleName);

  test.each<[string, (stack: Stack) => void]>([
    ['DmsStopReplicationTask replicationTaskArn', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: token(s, 'Arn') })],
    ['DmsStopReplication replicationConfigArn', (s) => new DmsStopReplication(s, 'X', { replicationConfigArn: token(s, 'Arn') })],
    ['DmsAssessmentRun replicationTaskArn and assessmentRunName', (s) => assessment(s, { replicationTaskArn: token(s, 'Arn'), assessmentRunName: token(s, 'Name') })],
    ['DrsStopReplication sourceServerId', (s) => new DrsStopReplication(s, 'X', { sourceServerId: token(s, 'Id'), acknowledgeSnapshotDeletion: true })],
    ['RdsCancelExportTask exportTaskIdentifier', (s) => new RdsCancelExportTask(s, 'X', { exportTaskIdentifier: token(s, 'Id') })],
    ['HuaweiDcsStopMigrationTask projectId, taskId and region', (s) => dcs(s, { projectId: token(s, 'Project'), taskId: token(s, 'Task'), region: token(s, 'Region') })],
    ['DrsStopReplication region, assumedRoleArn and externalId', (s) => new DrsStopReplication(s, 'X', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true, region: token(s, 'Region'), assumedRoleArn: token(s, 'Role'), externalId: token(s, 'Ext') })],
    ['DmsStopReplicationTask of another account through a role given as a token', (s) => new DmsStopReplicationTask(s, 'X', { replicationTaskArn: PARTNER_TASK, assumedRoleArn: token(s, 'Role') })],
    ['HuaweiDcsStopMigrationTask endpoint', (s) => dcs(s, { region: undefined, endpoint: token(s, 'Endpoint') })],
    ['DmsStartReplicationTask replicationTaskArn and CDC positions', (s) => new DmsStartReplicationTask(s, 'X', { replicationTaskArn: token(s, 'Arn'), cdcStartPosition: token(s, 'Start'), cdcStopPosition: token(s, 'Stop') })],
    ['DmsStartReplication replicationConfigArn', (s) => new DmsStartReplication(s, 'X', { replicationConfigArn: token(s, 'Arn'), cdcStopPosition: token(s, 'Stop') })],
    ['DrsStartReplication sourceServerId and region', (s) => new DrsStartReplication(s, 'X', { sourceServerId: token(s, 'Id'), region: token(s, 'Region') })],
  ])('%s', (_case, build) => {
    const stack = newStack();
    expect(() => build(stack)).not.toThrow();
  });
});
