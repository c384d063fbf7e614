import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Emulator } from '../emulator';
import {
  DmsAssessmentRun,
  DmsStartReplication,
  DmsStartReplicationTask,
  DmsStopReplication,
  DmsStopReplicationTask,
  DrsStartReplication,
  DrsStopReplication,
  HuaweiDcsStopMigrationTask,
  RdsCancelExportTask,
} from '../lib';
import { DmsAssessmentProps, HuaweiDcsStopProps, ResourceTypes } from '../contract';

/** What seeding a target gives the benchmark. */
export interface Seeded {
  /** The physical id CloudFormation holds for the resource (sent with Delete). */
  readonly physicalId: string;
  /**
   * Property values the emulator needs instead of the synthesized ones: an endpoint only known once
   * the emulator listens, or a name CloudFormation only resolves at deploy time.
   */
  readonly properties?: Record<string, unknown>;
}

/**
 * One row of the benchmark: everything it needs to measure one cdk-cutover operation. Target
 * `index` is a deterministic identifier, so a construct synthesized for target i and the emulator
 * seeded with target i meet.
 */
export interface BenchOperation {
  /** The construct's class name (the row label). */
  readonly name: string;
  readonly resourceType: string;
  /** The event the construct runs on by default (the one measured). */
  readonly requestType: 'Create' | 'Delete';
  /** The API operation (as the emulator logs it) that shows the first event did its work. */
  readonly action: string;
  /** Adds the construct for target `index` to `scope` (shared scaffolding is created once per stack). */
  addConstruct(scope: Construct, id: string, index: number): void;
  /** Puts target `index` into the emulator in the state in which the operation acts; seeding again resets it. */
  seed(emulator: Emulator, index: number): Seeded;
  /** How the resources of its IAM statements end once deployed: its own targets. */
  targets(index: number): string[];
  /** Resource patterns its statements use that are not a single target, each documented in the README. */
  readonly documentedPatterns?: string[];
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** A 26-character upper-case id, the length DMS gives its resources. */
const dmsId = (prefix: string, index: number) => `${prefix}${String(index).padStart(26 - prefix.length, '0')}`;

export const dmsTaskArn = (index: number) => `arn:aws:dms:${REGION}:${ACCOUNT}:task:${dmsId('BENCHTASK', index)}`;

export const dmsStopReplicationTask: BenchOperation = {
  name: 'DmsStopReplicationTask',
  resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
  requestType: 'Delete',
  action: 'StopReplicationTask',
  addConstruct: (scope, id, index) => new DmsStopReplicationTask(scope, id, { replicationTaskArn: dmsTaskArn(index) }),
  seed: (emulator, index) => ({ physicalId: emulator.dms.seedTask({ identifier: `bench-${index}`, arn: dmsTaskArn(index), status: 'running' }) }),
  targets: (index) => [dmsTaskArn(index)],
};

const replicationConfigArn = (index: number) => `arn:aws:dms:${REGION}:${ACCOUNT}:replication-config:${dmsId('BENCHCONFIG', index)}`;

export const dmsStopReplication: BenchOperation = {
  name: 'DmsStopReplication',
  resourceType: ResourceTypes.DMS_STOP_REPLICATION,
  requestType: 'Delete',
  action: 'StopReplication',
  addConstruct: (scope, id, index) => new DmsStopReplication(scope, id, { replicationConfigArn: replicationConfigArn(index) }),
  seed: (emulator, index) => ({
    physicalId: emulator.dmsServerless.seedReplication({ identifier: `bench-serverless-${index}`, arn: replicationConfigArn(index), status: 'running' }),
  }),
  targets: (index) => [replicationConfigArn(index)],
};

const assessedTaskArn = (index: number) => `arn:aws:dms:${REGION}:${ACCOUNT}:task:${dmsId('BENCHASSESS', index)}`;
// Stand-ins for the shared role and bucket once deployed (their synthesized values are Ref/GetAtt).
const ASSESSMENT_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/bench-dms-assessment`;
const ASSESSMENT_BUCKET = 'bench-dms-assessment-results';

/** One role and one results bucket for every assessment run of a stack, as a migration stack would have. */
function assessmentScaffolding(stack: Stack): { role: iam.IRole; bucket: s3.IBucket } {
  const role =
    (stack.node.tryFindChild('BenchAssessmentRole') as iam.Role | undefined) ??
    new iam.Role(stack, 'BenchAssessmentRole', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') });
  const bucket =
    (stack.node.tryFindChild('BenchAssessmentResults') as s3.Bucket | undefined) ??
    new s3.Bucket(stack, 'BenchAssessmentResults', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  return { role, bucket };
}

export const dmsAssessmentRun: BenchOperation = {
  name: 'DmsAssessmentRun',
  resourceType: ResourceTypes.DMS_ASSESSMENT_RUN,
  requestType: 'Create',
  action: 'StartReplicationTaskAssessmentRun',
  addConstruct: (scope, id, index) => {
    const { role, bucket } = assessmentScaffolding(Stack.of(scope));
    new DmsAssessmentRun(scope, id, { replicationTaskArn: assessedTaskArn(index), serviceAccessRole: role, resultLocationBucket: bucket });
  },
  seed: (emulator, index) => ({
    physicalId: emulator.dms.seedTask({ identifier: `bench-assessed-${index}`, arn: assessedTaskArn(index), status: 'stopped' }),
    properties: { [DmsAssessmentProps.SERVICE_ACCESS_ROLE_ARN]: ASSESSMENT_ROLE_ARN, [DmsAssessmentProps.RESULT_LOCATION_BUCKET]: ASSESSMENT_BUCKET },
  }),
  targets: (index) => [assessedTaskArn(index)],
  // Runs get their ARNs when DMS starts them, so the grant names the account's runs (README).
  documentedPatterns: ['assessment-run:*'],
};

const sourceServerId = (index: number) => `s-${String(index).padStart(17, '0')}`;

export const drsStopReplication: BenchOperation = {
  name: 'DrsStopReplication',
  resourceType: ResourceTypes.DRS_STOP_REPLICATION,
  requestType: 'Delete',
  action: 'StopReplication',
  addConstruct: (scope, id, index) =>
    new DrsStopReplication(scope, id, { sourceServerId: sourceServerId(index), acknowledgeSnapshotDeletion: true }),
  seed: (emulator, index) => ({ physicalId: emulator.drs.seedSourceServer({ id: sourceServerId(index), dataReplicationState: 'CONTINUOUS' }) }),
  targets: (index) => [`:source-server/${sourceServerId(index)}`],
};

const exportTaskIdentifier = (index: number) => `bench-export-${index}`;

export const rdsCancelExportTask: BenchOperation = {
  name: 'RdsCancelExportTask',
  resourceType: ResourceTypes.RDS_CANCEL_EXPORT_TASK,
  requestType: 'Delete',
  action: 'CancelExportTask',
  addConstruct: (scope, id, index) => new RdsCancelExportTask(scope, id, { exportTaskIdentifier: exportTaskIdentifier(index) }),
  seed: (emulator, index) => ({ physicalId: emulator.rds.seedExportTask({ identifier: exportTaskIdentifier(index), status: 'IN_PROGRESS' }) }),
  targets: () => [],
};

const HUAWEI_PROJECT = '0123456789abcdef0123456789abcdef';
const huaweiTaskId = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
const akSkSecretName = (index: number) => `bench/huawei-aksk-${index}`;
const akSkSecretPartialArn = (index: number) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${akSkSecretName(index)}`;
const HUAWEI_AK = 'BENCHACCESSKEY0000000';
const HUAWEI_SK = 'bench-secret-key-0000000000000000000000';

export const huaweiDcsStopMigrationTask: BenchOperation = {
  name: 'HuaweiDcsStopMigrationTask',
  resourceType: ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK,
  requestType: 'Delete',
  action: 'StopMigrationTask',
  addConstruct: (scope, id, index) =>
    new HuaweiDcsStopMigrationTask(scope, id, {
      projectId: HUAWEI_PROJECT,
      taskId: huaweiTaskId(index),
      region: 'cn-north-4',
      credentials: secretsmanager.Secret.fromSecretPartialArn(scope, `${id}AkSk`, akSkSecretPartialArn(index)),
    }),
  seed: (emulator, index) => {
    emulator.dcs.addCredentials({ accessKeyId: HUAWEI_AK, secretAccessKey: HUAWEI_SK });
    try {
      emulator.secretsManager.createSecret({ name: akSkSecretName(index), value: JSON.stringify({ accessKeyId: HUAWEI_AK, secretAccessKey: HUAWEI_SK }) });
    } catch {
      // Seeded by an earlier run: the secret stays as it is.
    }
    const taskId = emulator.dcs.seedTask({ projectId: HUAWEI_PROJECT, taskId: huaweiTaskId(index), status: 'INCRMIGEATING' });
    return {
      physicalId: `${HUAWEI_PROJECT}/migration-task/${taskId}`,
      properties: { [HuaweiDcsStopProps.ENDPOINT]: emulator.dcsEndpoint },
    };
  },
  targets: (index) => [`${akSkSecretPartialArn(index)}-??????`],
};

// Start steps act on targets of their own (a stopped task, config or server), never the stops' ones.
const startTaskArn = (index: number) => `arn:aws:dms:${REGION}:${ACCOUNT}:task:${dmsId('BENCHSTART', index)}`;

export const dmsStartReplicationTask: BenchOperation = {
  name: 'DmsStartReplicationTask',
  resourceType: ResourceTypes.DMS_START_REPLICATION_TASK,
  requestType: 'Create',
  action: 'StartReplicationTask',
  addConstruct: (scope, id, index) => new DmsStartReplicationTask(scope, id, { replicationTaskArn: startTaskArn(index) }),
  seed: (emulator, index) => ({ physicalId: emulator.dms.seedTask({ identifier: `bench-start-${index}`, arn: startTaskArn(index), status: 'stopped' }) }),
  targets: (index) => [startTaskArn(index)],
};

const startConfigArn = (index: number) => `arn:aws:dms:${REGION}:${ACCOUNT}:replication-config:${dmsId('BENCHSTARTCFG', index)}`;

export const dmsStartReplication: BenchOperation = {
  name: 'DmsStartReplication',
  resourceType: ResourceTypes.DMS_START_REPLICATION,
  requestType: 'Create',
  action: 'StartReplication',
  addConstruct: (scope, id, index) => new DmsStartReplication(scope, id, { replicationConfigArn: startConfigArn(index) }),
  seed: (emulator, index) => ({
    physicalId: emulator.dmsServerless.seedReplication({ identifier: `bench-start-serverless-${index}`, arn: startConfigArn(index), status: 'stopped' }),
  }),
  targets: (index) => [startConfigArn(index)],
};

const startServerId = (index: number) => `s-1${String(index).padStart(16, '0')}`;

export const drsStartReplication: BenchOperation = {
  name: 'DrsStartReplication',
  resourceType: ResourceTypes.DRS_START_REPLICATION,
  requestType: 'Create',
  action: 'StartReplication',
  addConstruct: (scope, id, index) => new DrsStartReplication(scope, id, { sourceServerId: startServerId(index) }),
  seed: (emulator, index) => ({ physicalId: emulator.drs.seedSourceServer({ id: startServerId(index), dataReplicationState: 'STOPPED' }) }),
  targets: (index) => [`:source-server/${startServerId(index)}`],
};

/** Every operation the library offers, one benchmark row each. */
export const OPERATIONS: readonly BenchOperation[] = [
  dmsStopReplicationTask,
  dmsStopReplication,
  dmsAssessmentRun,
  drsStopReplication,
  rdsCancelExportTask,
  huaweiDcsStopMigrationTask,
  dmsStartReplicationTask,
  dmsStartReplication,
  drsStartReplication,
];
