import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';
import * as lib from '../../lib';

/** What the README's permissions table of a construct refers to, in one synthesized stack. */
export interface GrantSubject {
  /** Values of the table's `<placeholders>` (besides partition, region, account): an ARN, or several. */
  readonly placeholders: Record<string, string | string[]>;
  /** The roles of the table's "granted to" column, by the name the column uses. */
  readonly principals: Record<string, iam.IRole>;
}

/**
 * Builds a construct's surroundings into `stack` and, with `withConstruct`, the construct itself.
 * Without it, the stack is the baseline whose grants are not the construct's (the fixture's own
 * resources, and for operations the provider they run on).
 */
export type GrantFixture = (stack: Stack, withConstruct: boolean) => GrantSubject;

/** The shared provider's id: a baseline with it makes the provider's own grants not the operation's. */
const SHARED_PROVIDER = 'CdkCutoverProvider';

/** An operation construct's fixture: `make` builds it; without the construct, the shared provider stands alone. */
function operation(make: (stack: Stack, withConstruct: boolean) => Record<string, string | string[]>, roles: (stack: Stack) => Record<string, iam.IRole> = () => ({})): GrantFixture {
  return (stack, withConstruct) => {
    const placeholders = make(stack, withConstruct);
    if (!withConstruct) new lib.CutoverProvider(stack, SHARED_PROVIDER);
    const provider = stack.node.findChild(SHARED_PROVIDER) as lib.CutoverProvider;
    return { placeholders, principals: { handler: provider.role, ...roles(stack) } };
  };
}

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ORDERSTASK000000000000000000';

/** One fixture per public construct; the README test fails for a construct without one. */
export const GRANT_FIXTURES: Record<string, GrantFixture> = {
  DmsStopReplicationTask: operation((stack, withConstruct) => {
    if (withConstruct) new lib.DmsStopReplicationTask(stack, 'Subject', { replicationTaskArn: TASK_ARN });
    return { replicationTaskArn: TASK_ARN };
  }),

  DmsStopReplication: operation((stack, withConstruct) => {
    const replicationConfigArn = 'arn:aws:dms:us-east-1:123456789012:replication-config:ORDERSSERVERLESS0000000000';
    if (withConstruct) new lib.DmsStopReplication(stack, 'Subject', { replicationConfigArn });
    return { replicationConfigArn };
  }),

  DmsAssessmentRun: operation(
    (stack, withConstruct) => {
      const role = new iam.Role(stack, 'AssessmentRole', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') });
      // The bucket has a key of its own, other than the results key, so both KMS grants show.
      const bucketKey = new kms.Key(stack, 'BucketKey', { enableKeyRotation: true });
      const resultsKey = new kms.Key(stack, 'ResultsKey', { enableKeyRotation: true });
      const bucket = new s3.Bucket(stack, 'Reports', { encryption: s3.BucketEncryption.KMS, encryptionKey: bucketKey });
      const folder = 'assessments/orders';
      if (withConstruct) {
        new lib.DmsAssessmentRun(stack, 'Subject', {
          replicationTaskArn: TASK_ARN,
          serviceAccessRole: role,
          resultLocationBucket: bucket,
          resultLocationFolder: folder,
          resultEncryptionMode: lib.AssessmentResultEncryption.SSE_KMS,
          resultKmsKey: resultsKey,
        });
      }
      const [, taskPartition, , taskRegion, taskAccount] = TASK_ARN.split(':');
      return {
        replicationTaskArn: TASK_ARN,
        'task partition': taskPartition,
        'task region': taskRegion,
        'task account': taskAccount,
        serviceAccessRole: role.roleArn,
        resultLocationBucket: bucket.bucketArn,
        resultLocationFolder: folder,
        resultKmsKey: resultsKey.keyArn,
        'bucket key': bucketKey.keyArn,
      };
    },
    (stack) => ({ serviceAccessRole: stack.node.findChild('AssessmentRole') as iam.IRole }),
  ),

  DrsStopReplication: operation((stack, withConstruct) => {
    const sourceServerId = 's-1234567890abcdef0';
    if (withConstruct) new lib.DrsStopReplication(stack, 'Subject', { sourceServerId, acknowledgeSnapshotDeletion: true });
    return { sourceServerId };
  }),

  RdsCancelExportTask: operation((stack, withConstruct) => {
    if (withConstruct) new lib.RdsCancelExportTask(stack, 'Subject', { exportTaskIdentifier: 'nightly-2026-11-22' });
    return {};
  }),

  HuaweiDcsStopMigrationTask: operation((stack, withConstruct) => {
    const key = new kms.Key(stack, 'SecretKey', { enableKeyRotation: true });
    const credentials = new secretsmanager.Secret(stack, 'HuaweiAkSk', { encryptionKey: key });
    if (withConstruct) {
      new lib.HuaweiDcsStopMigrationTask(stack, 'Subject', {
        projectId: '0123456789abcdef0123456789abcdef',
        taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11',
        region: 'cn-north-4',
        credentials,
      });
    }
    return { credentials: credentials.secretArn, 'credentials key': key.keyArn };
  }),

  DmsStartReplicationTask: operation((stack, withConstruct) => {
    if (withConstruct) new lib.DmsStartReplicationTask(stack, 'Subject', { replicationTaskArn: TASK_ARN });
    return { replicationTaskArn: TASK_ARN };
  }),

  DmsStartReplication: operation((stack, withConstruct) => {
    const replicationConfigArn = 'arn:aws:dms:us-east-1:123456789012:replication-config:ORDERSSERVERLESS0000000000';
    if (withConstruct) new lib.DmsStartReplication(stack, 'Subject', { replicationConfigArn });
    return { replicationConfigArn };
  }),

  DrsStartReplication: operation((stack, withConstruct) => {
    const sourceServerId = 's-1234567890abcdef0';
    if (withConstruct) new lib.DrsStartReplication(stack, 'Subject', { sourceServerId });
    return { sourceServerId };
  }),

  // The provider's own grants, VPC rows included: the baseline is the VPC alone.
  CutoverProvider: (stack, withConstruct): GrantSubject => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    if (!withConstruct) return { placeholders: {}, principals: {} };
    const provider = new lib.CutoverProvider(stack, 'Subject', { vpc });
    const child = <T>(scope: IConstruct, ...path: string[]): T => path.reduce((c, id) => c.node.findChild(id), scope) as unknown as T;
    const handlers = ['OnEvent', 'IsComplete'].map((id) => child<lambda.Function>(provider, id));
    const framework = (id: string) => child<lambda.Function>(provider, 'Provider', id).functionArn;
    const arn = (resource: string, name: string) => stack.formatArn({ service: 'ec2', resource, resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const stateMachine = child<IConstruct>(provider, 'Provider', 'waiter-state-machine');
    return {
      placeholders: {
        'OnEvent log group': child<logs.LogGroup>(provider, 'OnEventLogs').logGroupArn,
        'IsComplete log group': child<logs.LogGroup>(provider, 'IsCompleteLogs').logGroupArn,
        'framework log group': child<logs.LogGroup>(provider, 'FrameworkLogs').logGroupArn,
        'OnEvent function': handlers[0].functionArn,
        'IsComplete function': handlers[1].functionArn,
        'framework isComplete': framework('framework-isComplete'),
        'framework onTimeout': framework('framework-onTimeout'),
        'waiter state machine': (stateMachine as unknown as { stateMachineArn: string }).stateMachineArn,
        subnets: vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds.map((id) => arn('subnet', id)),
        'security groups': handlers.flatMap((fn) => fn.connections.securityGroups.map((sg) => arn('security-group', sg.securityGroupId))),
      },
      principals: {
        handler: provider.role,
        'framework onEvent': child<iam.IRole>(provider, 'FrameworkOnEventRole'),
        'framework waiter': child<iam.IRole>(provider, 'FrameworkWaiterRole'),
        'waiter state machine': child<iam.IRole>(stateMachine, 'Role'),
      },
    };
  },
};
