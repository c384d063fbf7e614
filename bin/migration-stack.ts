import { ArnFormat, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AssessmentResultEncryption, DmsAssessmentRun, DmsPauseDuringChange, DmsStopReplication, DmsStopReplicationTask } from '../lib';
import { DrsStopReplication, LifecycleEvent, RdsCancelExportTask } from '../lib';
import { HuaweiDcsStopMigrationTask } from '../lib';

/**
 * A migration from MySQL to Aurora PostgreSQL with a DMS replication instance, two endpoints and
 * a full-load-and-CDC task, plus a DMS Serverless replication of the same endpoints. Deleting the
 * stack stops the running task and the serverless replication first, so CloudFormation can delete
 * them (DMS deletes neither a running task nor the config of a running replication).
 */
export class MigrationStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const instance = new dms.CfnReplicationInstance(this, 'ReplicationInstance', {
      replicationInstanceClass: 'dms.t3.medium',
      allocatedStorage: 50,
      publiclyAccessible: false,
    });
    const source = new dms.CfnEndpoint(this, 'Source', {
      endpointType: 'source',
      engineName: 'mysql',
      serverName: 'orders-db.example.internal',
      port: 3306,
      username: 'dms_reader',
      password: '{{resolve:secretsmanager:orders-db-dms:SecretString:password}}',
    });
    const target = new dms.CfnEndpoint(this, 'Target', {
      endpointType: 'target',
      engineName: 'aurora-postgresql',
      serverName: 'orders.cluster-abc.us-east-1.rds.amazonaws.com',
      port: 5432,
      databaseName: 'orders',
      username: 'dms_writer',
      password: '{{resolve:secretsmanager:orders-aurora-dms:SecretString:password}}',
    });
    const task = new dms.CfnReplicationTask(this, 'OrdersTask', {
      migrationType: 'full-load-and-cdc',
      replicationInstanceArn: instance.ref,
      sourceEndpointArn: source.ref,
      targetEndpointArn: target.ref,
      tableMappings: JSON.stringify({
        rules: [
          { 'rule-type': 'selection', 'rule-id': '1', 'rule-name': 'orders', 'object-locator': { 'schema-name': 'orders', 'table-name': '%' }, 'rule-action': 'include' },
        ],
      }),
    });

    // Before anything else touches the new task, a premigration assessment checks the source and
    // target; a run that does not pass fails the deployment with the failed checks and the S3
    // location of their reports. The reports outlive the stack.
    const assessmentRole = new iam.Role(this, 'AssessmentRole', {
      assumedBy: new iam.ServicePrincipal('dms.amazonaws.com'),
      description: 'DMS premigration assessments of the orders task: writes their reports to the results bucket',
    });
    const assessmentResults = new s3.Bucket(this, 'AssessmentResults', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsPrefix: 'access-logs/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const preCutoverCheck = new DmsAssessmentRun(this, 'PreCutoverCheck', {
      replicationTaskArn: task.ref,
      serviceAccessRole: assessmentRole,
      resultLocationBucket: assessmentResults,
      resultLocationFolder: 'assessments/orders',
      resultEncryptionMode: AssessmentResultEncryption.SSE_S3,
      assessmentRunName: 'orders-pre-cutover',
    });

    // On stack deletion: stop the task and wait until it is stopped, then CloudFormation deletes it.
    // The stop waits until the task has caught up (both CDC latencies at most 5 s for 3 minutes),
    // so the changes still in flight reach the target; if they never do within the timeout it fails
    // without stopping, with the latencies in the reason.
    const stopOrdersTask = new DmsStopReplicationTask(this, 'StopOrdersTask', {
      replicationTaskArn: task.ref,
      stopWhenCaughtUp: { maxLatency: Duration.seconds(5), stableFor: Duration.minutes(3) },
    });

    // The customers schema moves with DMS Serverless: capacity scales by itself, no instance to size.
    // DMS deletes a replication config only once its replication is stopped or failed, so on stack
    // deletion DmsStopReplication stops it first and waits; the ARN token makes CloudFormation
    // delete the config only after that.
    const customers = new dms.CfnReplicationConfig(this, 'CustomersServerless', {
      replicationConfigIdentifier: 'customers-serverless',
      replicationType: 'full-load-and-cdc',
      sourceEndpointArn: source.ref,
      targetEndpointArn: target.ref,
      computeConfig: { maxCapacityUnits: 16, multiAz: false },
      tableMappings: {
        rules: [
          { 'rule-type': 'selection', 'rule-id': '1', 'rule-name': 'customers', 'object-locator': { 'schema-name': 'customers', 'table-name': '%' }, 'rule-action': 'include' },
        ],
      },
    });
    new DmsStopReplication(this, 'StopCustomersReplication', { replicationConfigArn: customers.attrReplicationConfigArn });

    // The cutover of the invoices schema, whose DMS task runs outside this stack (the old tooling
    // created it): this deployment stops its replication, and the new target takes over (add
    // stopWhenCaughtUp to let the last changes arrive first, as StopOrdersTask does). A cutover
    // that can go back: if anything else in the same deployment fails (the orders gate above,
    // say), CloudFormation rolls back, and with undoOnRollback the rollback resumes the task from
    // its recovery checkpoint instead of leaving replication down. The trade-off: a resumed task
    // replicates again, so a write made to the target after the stop may be overwritten. Only a
    // stop this step made in the deployment being rolled back is undone.
    new DmsStopReplicationTask(this, 'CutoverInvoicesTask', {
      replicationTaskArn: this.formatArn({ service: 'dms', resource: 'task', resourceName: 'INVOICESLEGACYTASK', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      runOn: [LifecycleEvent.CREATE],
      undoOnRollback: true,
    });

    // The invoices schema still replicates with a task created before this stack (so its ARN is a
    // literal), from a source endpoint this stack manages. DMS modifies an endpoint only while the
    // task using it is stopped: the pause stops the task before CloudFormation changes the endpoint
    // and the resume resumes it after, e.g. for cdk deploy -c invoicesPollIntervalSeconds=1. An update
    // that leaves the endpoint as it is never touches the task.
    const invoicesSource = new dms.CfnEndpoint(this, 'InvoicesSource', {
      endpointType: 'source',
      engineName: 'mysql',
      serverName: 'invoices-db.example.internal',
      port: 3306,
      username: 'dms_reader',
      password: '{{resolve:secretsmanager:invoices-db-dms:SecretString:password}}',
      extraConnectionAttributes: `eventsPollInterval=${this.node.tryGetContext('invoicesPollIntervalSeconds') ?? 5}`,
    });
    new DmsPauseDuringChange(this, 'PauseInvoicesTask', {
      replicationTaskArn: `arn:aws:dms:${this.region}:${this.account}:task:INVOICESCDCTASK00000000000`,
      watch: [invoicesSource],
    });

    // The old database host is protected by Elastic Disaster Recovery for the length of the
    // migration. Tearing the migration down decommissions that protection: replication stops and
    // DRS deletes the server's snapshots, which is why the construct needs the explicit opt-in.
    new DrsStopReplication(this, 'DecommissionOrdersHostDr', {
      sourceServerId: 's-1234567890abcdef0',
      acknowledgeSnapshotDeletion: true,
    });

    // A snapshot export to S3 seeds the analytics copy while the migration runs. Tearing down
    // cancels it if it is still running; files it already wrote stay in the bucket.
    new RdsCancelExportTask(this, 'CancelOrdersExport', { exportTaskIdentifier: 'orders-nightly-2026-11-22' });

    // The orders cache moves from Huawei Cloud DCS with a migration task. Tearing down stops the
    // Redis sync. The AK/SK secret is created outside this stack (its value never enters a
    // template): aws secretsmanager create-secret --name cutover/huawei-dcs-aksk --secret-string
    // '{"accessKeyId":"...","secretAccessKey":"..."}'.
    const stopOrdersCacheSync = new HuaweiDcsStopMigrationTask(this, 'StopOrdersCacheSync', {
      projectId: '0123456789abcdef0123456789abcdef',
      taskId: '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11',
      region: 'cn-north-4',
      credentials: secretsmanager.Secret.fromSecretNameV2(this, 'HuaweiDcsAkSk', 'cutover/huawei-dcs-aksk'),
    });

    // The order: the assessment gate, then the caught-up DMS stop, then the cache sync's stop.
    // CloudFormation creates (and updates) each only after the one before it succeeded, and deletes
    // them in reverse. Only the gate acts at deployment: both stops run on Delete, so a deployment
    // runs the gate and then creates the stops without stopping anything (a failing assessment holds
    // them back, and the rollback that follows leaves the DRS protection and the export as they were,
    // because a rollback is not a teardown). Deleting the stack runs the sequence backwards: the DCS
    // stop first, then the caught-up DMS stop, then the gate's cleanup (cancelling a run still in
    // progress). A cutover that runs gate -> caught-up stop -> DCS stop at deployment gives the stops
    // runOn: [LifecycleEvent.CREATE] (README, "Stop when caught up").
    preCutoverCheck.next(stopOrdersTask).next(stopOrdersCacheSync);
  }
}
