import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { encodeHuaweiDcsStopMigrationTask, HuaweiDcsStopAttributes, ResourceTypes } from '../contract';
import { CutoverOperation, isUnresolved } from './cutover-operation';
import type { TeardownOperationProps } from './cutover-operation-props';

/** Properties of {@link HuaweiDcsStopMigrationTask}. */
export interface HuaweiDcsStopMigrationTaskProps extends TeardownOperationProps {
  /**
   * The Huawei Cloud project id (32 hex characters) of the task's region, as shown in the console
   * under My Credentials → API Credentials.
   */
  readonly projectId: string;

  /** The id (a UUID) of the DCS data-migration task to stop. */
  readonly taskId: string;

  /**
   * The Huawei Cloud region of the task, e.g. `cn-north-4`; the endpoint is
   * `https://dcs.{region}.myhuaweicloud.com`. Exactly one of `region` and `endpoint` is required.
   *
   * @default - none; `endpoint` must be set
   */
  readonly region?: string;

  /**
   * The DCS endpoint origin, for private endpoints and other Huawei-based clouds, e.g.
   * `https://dcs.eu-de.otc.t-systems.com`. Exactly one of `region` and `endpoint` is required.
   *
   * @default - derived from `region`
   */
  readonly endpoint?: string;

  /**
   * A Secrets Manager secret whose value is the JSON `{"accessKeyId": "...", "secretAccessKey": "..."}`
   * of a Huawei IAM user allowed `dcs:migrationTask:get` and `dcs:migrationTask:modify`. It is read at
   * run time only; its value never reaches the template, properties, logs or attributes. The handler
   * may read this secret only (and decrypt it with its `encryptionKey`, when the secret has one).
   */
  readonly credentials: secretsmanager.ISecret;

  /**
   * A VPC to run the handler in, for accounts whose Lambda functions must reach the internet through
   * a NAT gateway or a proxy. The handler needs HTTPS egress to the DCS endpoint and to Secrets
   * Manager (a NAT, or a Secrets Manager interface endpoint). Constructs in the same stack with the
   * same VPC placement (VPC, subnets and security groups) share one VPC-attached handler.
   *
   * @default - the handler runs outside any VPC, with Lambda's own internet access
   * @deprecated Use a CutoverProvider created with this VPC placement as the provider,
   * which places the handlers of any construct in a VPC. This prop keeps working: it selects a
   * shared provider for its placement (same resources as before).
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Where in `vpc` to place the handler's network interfaces.
   *
   * @default - the VPC's private subnets with egress
   * @deprecated Use a CutoverProvider created with this VPC placement as the provider,
   * which places the handlers of any construct in a VPC. This prop keeps working: it selects a
   * shared provider for its placement (same resources as before).
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the VPC-attached handler.
   *
   * @default - a security group per handler function that allows all outbound traffic
   * @deprecated Use a CutoverProvider created with this VPC placement as the provider,
   * which places the handlers of any construct in a VPC. This prop keeps working: it selects a
   * shared provider for its placement (same resources as before).
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * Stops a Huawei Cloud DCS data-migration task (a Redis migration) and waits until it is
 * `TERMINATED`. Requests are signed with the AK/SK held in a Secrets Manager secret.
 *
 * By default it runs on Delete: tearing down a multi-cloud migration stack first stops the Redis
 * sync. Run on `LifecycleEvent.CREATE` only, it is a cutover step. A task that is already over
 * (`TERMINATED`, `SUCCESS`, `FAILED`, `MIGRATION_FAILED`, `RELEASED`) needs nothing; a task that is
 * gone (`DCS.4133`) on Delete is success.
 *
 * The handler calls the public Huawei Cloud API, so it needs internet egress: the default Lambda
 * networking has it; inside a VPC (a `provider` with `vpc`), route it through a NAT gateway.
 */
export class HuaweiDcsStopMigrationTask extends CutoverOperation {
  /** The task's name. */
  readonly taskName: string;
  /** `online_migration` or `backupfile_import`. */
  readonly migrationType: string;
  /** `full_amount_migration` or `incremental_migration`. */
  readonly migrationMethod: string;

  constructor(scope: Construct, id: string, props: HuaweiDcsStopMigrationTaskProps) {
    super(scope, id, props);
    const properties = encodeHuaweiDcsStopMigrationTask(
      {
        projectId: props.projectId,
        taskId: props.taskId,
        region: props.region,
        endpoint: props.endpoint,
        // Checked just below, with its own message; the contract only carries the ARN.
        credentialsSecretArn: props.credentials?.secretArn ?? '',
      },
      isUnresolved,
    );
    if (!props.credentials) {
      throw new Error('"credentials" is required: pass a secretsmanager.ISecret holding {"accessKeyId", "secretAccessKey"} of a Huawei IAM user');
    }
    if (!props.vpc && (props.vpcSubnets || props.securityGroups)) {
      throw new Error(`"${props.vpcSubnets ? 'vpcSubnets' : 'securityGroups'}" only applies to a VPC-attached handler; set "vpc" as well, or remove it`);
    }

    this._createResource({
      teardown: true,
      identity: { prop: 'taskId', value: `${props.projectId}/${props.taskId}` },
      resourceType: ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK,
      properties,
      statements: readSecretStatements(props.credentials),
      network: props.vpc ? { vpc: props.vpc, vpcSubnets: props.vpcSubnets, securityGroups: props.securityGroups } : undefined,
    });
    this.taskName = this.attribute(HuaweiDcsStopAttributes.TASK_NAME);
    this.migrationType = this.attribute(HuaweiDcsStopAttributes.MIGRATION_TYPE);
    this.migrationMethod = this.attribute(HuaweiDcsStopAttributes.MIGRATION_METHOD);
  }
}

/**
 * What `secret.grantRead` would grant, minus `secretsmanager:DescribeSecret` (never called), as
 * statements that go into the provider's packed policies instead of the role's inline policy.
 */
function readSecretStatements(secret: secretsmanager.ISecret): iam.PolicyStatement[] {
  // A partial ARN (Secret.fromSecretNameV2) lacks the random suffix Secrets Manager appends.
  const secretResource = secret.secretFullArn ?? `${secret.secretArn}-??????`;
  const statements = [new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretResource] })];
  if (secret.encryptionKey) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [secret.encryptionKey.keyArn],
        // Only when Secrets Manager decrypts on the handler's behalf, as grantRead scopes it.
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(secret).region}.amazonaws.com` } },
      }),
    );
  }
  return statements;
}
