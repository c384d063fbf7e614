import { Arn, ArnFormat, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { DmsAssessmentAttributes as Attr, encodeDmsAssessmentRun, MAX_RUN_NAME, ResourceTypes, roleAccount } from '../contract';
import { CutoverOperation, isUnresolved } from './cutover-operation';
import type { AwsCutoverOperationProps } from './cutover-operation-props';
import { acknowledgeReportObjects, acknowledgeRunPattern } from './private/nag-acknowledgements';
import { arnTarget } from './private/target-location';
import { trustedServices, trustsService } from './private/trust-check';

/** How DMS encrypts the assessment reports it writes to S3. */
export enum AssessmentResultEncryption {
  /** Amazon S3 managed keys. */
  SSE_S3 = 'SSE_S3',
  /** A customer managed AWS KMS key, given as the result KMS key. */
  SSE_KMS = 'SSE_KMS',
}

/** Properties of {@link DmsAssessmentRun}. */
export interface DmsAssessmentRunProps extends AwsCutoverOperationProps {
  /**
   * ARN of the DMS replication task to assess, e.g. `task.ref` of a `CfnReplicationTask`. The run is
   * started in the ARN's region; a task of another account needs an assumed role.
   */
  readonly replicationTaskArn: string;

  /**
   * The role DMS assumes to run the assessments and write their reports. It must trust
   * `dms.amazonaws.com` (checked at synth for a role created in this app; an imported role's trust
   * policy is not known at synth and is not checked); this construct grants it write access to the results folder (and use of
   * the result KMS key), and lets the handler pass exactly this role to DMS. With an assumed role it
   * is a role of the task's account (e.g. `iam.Role.fromRoleArn(...)`): DMS uses the task's
   * account's role, so its bucket access and the assumed role's `iam:PassRole` on it are granted
   * in that account, and this construct grants neither.
   */
  readonly serviceAccessRole: iam.IRole;

  /** The bucket DMS writes the assessment reports to. The reports are kept when the stack is deleted. */
  readonly resultLocationBucket: s3.IBucket;

  /**
   * The folder (key prefix) in the result bucket for the reports, without leading or trailing slash
   * (refused with one).
   *
   * @default - the bucket root
   */
  readonly resultLocationFolder?: string;

  /**
   * How DMS encrypts the reports.
   *
   * @default - DMS does not ask for encryption; the bucket's default encryption applies
   */
  readonly resultEncryptionMode?: AssessmentResultEncryption;

  /**
   * The KMS key for `AssessmentResultEncryption.SSE_KMS`; required with it and only allowed with it.
   *
   * @default - no key
   */
  readonly resultKmsKey?: kms.IKey;

  /**
   * The name of the assessment run. DMS keeps every run of a task and names must be unique, so each
   * run is named `<this name>-<12 hex characters>` (6 identify its properties, 6 its stack
   * event). Letters, digits and
   * hyphens, starting with a letter, without two consecutive hyphens or a trailing hyphen, at most 200 characters.
   *
   * @default - derived from the construct's path
   */
  readonly assessmentRunName?: string;

  /**
   * Run only these individual assessments (names as DescribeApplicableIndividualAssessments lists
   * them for the task). Checked against that list before the run starts. Exclusive with `exclude`.
   *
   * @default - every individual assessment DMS offers for the task (minus `exclude`)
   */
  readonly includeOnly?: string[];

  /**
   * Leave out these individual assessments. Checked like the include-only list, and exclusive with it.
   *
   * @default - nothing is left out
   */
  readonly exclude?: string[];

  /**
   * Tags for the assessment run.
   *
   * @default - no tags
   */
  readonly tags?: Record<string, string>;

  /**
   * Whether a run that does not pass (`failed`, `error-provisioning`, `error-executing`,
   * `invalid state`, cancelled, or `warning` when warnings fail) fails the stack operation. When
   * false it succeeds and the attributes (`status`, the counts, `note`) carry the outcome.
   *
   * @default true
   */
  readonly failDeploymentOnFailure?: boolean;

  /**
   * Whether a run that ends with `warning` counts as not passing.
   *
   * @default false - a warning succeeds, with the findings in `note`
   */
  readonly failOnWarning?: boolean;
}

/**
 * Runs an AWS DMS premigration assessment as a deployment gate: starts an assessment run of a
 * replication task and waits for its result. `passed` succeeds; `warning` succeeds with a note
 * (unless warnings fail); any other end fails the stack operation with the failed individual
 * assessments and the S3 location of the reports (unless told not to fail the deployment).
 *
 * Runs on Create and Update by default. An Update that changes the run's properties starts a new run
 * (a new physical id: its ARN); an Update that changes nothing about the run starts nothing. With
 * DELETE among the events it runs on, deleting the resource cancels a run still in progress.
 */
export class DmsAssessmentRun extends CutoverOperation {
  /** The run's ARN. */
  readonly assessmentRunArn: string;
  /** The run's name (the given run name, a hyphen and a 12-character suffix). */
  readonly assessmentRunName: string;
  /** `s3://<bucket>/<folder>/`, where DMS wrote the reports. */
  readonly resultsS3Uri: string;
  /** How many individual assessments passed. */
  readonly passedCount: string;
  /** How many individual assessments failed. */
  readonly failedCount: string;
  /** How many individual assessments ended in error. */
  readonly errorCount: string;
  /** How many individual assessments ended with a warning. */
  readonly warningCount: string;
  /** How many individual assessments were cancelled. */
  readonly cancelledCount: string;
  /** How many individual assessments were skipped. */
  readonly skippedCount: string;

  constructor(scope: Construct, id: string, props: DmsAssessmentRunProps) {
    super(scope, id, props);
    const taskArn = props.replicationTaskArn;
    const role = props.serviceAccessRole;
    const bucket = props.resultLocationBucket;
    const properties = encodeDmsAssessmentRun(
      {
        taskArn,
        roleArn: role.roleArn,
        bucket: bucket.bucketName,
        folder: props.resultLocationFolder ?? '',
        encryptionMode: props.resultEncryptionMode ?? '',
        kmsKeyArn: props.resultKmsKey?.keyArn ?? '',
        runName: props.assessmentRunName ?? defaultRunName(this),
        includeOnly: props.includeOnly,
        exclude: props.exclude,
        tags: Object.entries(props.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        failDeploymentOnFailure: props.failDeploymentOnFailure ?? true,
        failOnWarning: props.failOnWarning ?? false,
      },
      isUnresolved,
    );
    const folder = (props.resultLocationFolder ?? '').replace(/^\/+|\/+$/g, '');

    const throughRole = props.assumedRoleArn !== undefined;
    if (throughRole) checkServiceRoleAccount(role, props.assumedRoleArn!);
    if (trustsService(role, 'dms.amazonaws.com') === false) {
      throw new Error(
        `"serviceAccessRole" ${role.node.path} does not trust dms.amazonaws.com (it trusts ${trustedServices(role)}), so DMS could not ` +
          "assume it and every run would fail; create it with assumedBy: new iam.ServicePrincipal('dms.amazonaws.com')",
      );
    }

    // Runs get IDs only when DMS starts them; this pattern is the ReplicationTaskAssessmentRun
    // resource type of the Service Authorization Reference, limited to the task's account and region.
    const runsArn = Arn.format({ ...arnTarget(taskArn), service: 'dms', resource: 'assessment-run', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    const resource = this._createResource({
      resourceType: ResourceTypes.DMS_ASSESSMENT_RUN,
      identity: { prop: 'replicationTaskArn', value: taskArn },
      properties,
      statements: [
        // The request names the task; DescribeApplicableIndividualAssessments is asked only about it.
        new iam.PolicyStatement({
          actions: ['dms:StartReplicationTaskAssessmentRun', 'dms:DescribeApplicableIndividualAssessments'],
          resources: [taskArn],
        }),
        new iam.PolicyStatement({ actions: ['dms:CancelReplicationTaskAssessmentRun'], resources: [runsArn] }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [role.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'dms.amazonaws.com' } },
        }),
      ],
      // None of them names a resource IAM can match: see unscoped-actions.ts.
      unscopedActions: ['dms:DescribeReplicationTasks', 'dms:DescribeReplicationTaskIndividualAssessments', 'dms:DescribeReplicationTaskAssessmentRuns'],
      target: { arn: { prop: 'replicationTaskArn', value: taskArn }, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
    });
    this.assessmentRunArn = this.attribute(Attr.RUN_ARN);
    this.assessmentRunName = this.attribute(Attr.RUN_NAME);
    this.resultsS3Uri = this.attribute(Attr.RESULTS_S3_URI);
    this.passedCount = this.attribute(Attr.PASSED_COUNT);
    this.failedCount = this.attribute(Attr.FAILED_COUNT);
    this.errorCount = this.attribute(Attr.ERROR_COUNT);
    this.warningCount = this.attribute(Attr.WARNING_COUNT);
    this.cancelledCount = this.attribute(Attr.CANCELLED_COUNT);
    this.skippedCount = this.attribute(Attr.SKIPPED_COUNT);
    // Through an assumed role, the service role, its bucket access and the PassRole are the other account's.
    if (throughRole) return;
    acknowledgeRunPattern(resource, runsArn);

    // What DMS itself needs, as the service role: write the reports (and encrypt them).
    const objects = bucket.arnForObjects(folder ? `${folder}/*` : '*');
    const grants = [
      // The actions DMS documents for the assessment role, limited to the results folder.
      iam.Grant.addToPrincipal({ grantee: role, actions: ['s3:PutObject', 's3:PutObjectTagging', 's3:GetObject', 's3:DeleteObject'], resourceArns: [objects] }),
      iam.Grant.addToPrincipal({ grantee: role, actions: ['s3:ListBucket', 's3:GetBucketLocation'], resourceArns: [bucket.bucketArn] }),
    ];
    if (props.resultKmsKey) grants.push(props.resultKmsKey.grant(role, 'kms:GenerateDataKey', 'kms:Encrypt'));
    if (bucket.encryptionKey && bucket.encryptionKey !== props.resultKmsKey) grants.push(bucket.encryptionKey.grant(role, 'kms:GenerateDataKey', 'kms:Encrypt'));
    // The run must not start before DMS's role may write its reports.
    for (const grant of grants) grant.applyBefore(resource);
    acknowledgeReportObjects(role, objects);
  }
}

/**
 * DMS runs the assessment with a service role of the task's account; one of another account
 * (e.g. a role this stack creates) would make every run fail at provisioning.
 */
function checkServiceRoleAccount(role: iam.IRole, assumedRoleArn: string): void {
  const taskAccount = Token.isUnresolved(assumedRoleArn) ? undefined : roleAccount(assumedRoleArn);
  const account = role.env.account;
  if (!taskAccount || Token.isUnresolved(account) || account === taskAccount) return;
  throw new Error(
    `"serviceAccessRole" is in account ${account}, but the task is reached through "assumedRoleArn" in account ${taskAccount}; ` +
      `DMS uses a service access role of the task's account: pass one with iam.Role.fromRoleArn(this, 'DmsRole', 'arn:aws:iam::${taskAccount}:role/...')`,
  );
}

/** A valid run name from the construct's path: letters and digits of its last parts. */
function defaultRunName(scope: IConstruct): string {
  const words = scope.node.path
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9]/g, ''))
    .filter(Boolean);
  const name = words.join('-').slice(-(MAX_RUN_NAME - 8)).replace(/^[^A-Za-z]+/, '');
  return `cutover-${name || 'assessment'}`.slice(0, MAX_RUN_NAME);
}
