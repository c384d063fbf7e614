import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { CommonAttributes, DmsAssessmentAttributes as Attr, DmsAssessmentProps as Props, ResourceTypes } from '../contract';
import { CutoverOperationProps, createCutoverResource, isToken, validateCutoverProps, validateReplicationTaskArn } from './cutover-operation';
import { acknowledgeReportObjects, acknowledgeRunPattern } from './private/nag-acknowledgements';

/** How DMS encrypts the assessment reports it writes to S3. */
export enum AssessmentResultEncryption {
  /** Amazon S3 managed keys. */
  SSE_S3 = 'SSE_S3',
  /** A customer managed AWS KMS key, given as `resultKmsKey`. */
  SSE_KMS = 'SSE_KMS',
}

/** Properties of {@link DmsAssessmentRun}. */
export interface DmsAssessmentRunProps extends CutoverOperationProps {
  /** ARN of the DMS replication task to assess, e.g. `task.ref` of a `CfnReplicationTask`. */
  readonly replicationTaskArn: string;

  /**
   * The role DMS assumes to run the assessments and write their reports. It must trust
   * `dms.amazonaws.com`; this construct grants it write access to the results folder (and use of
   * `resultKmsKey`), and lets the handler pass exactly this role to DMS.
   */
  readonly serviceAccessRole: iam.IRole;

  /** The bucket DMS writes the assessment reports to. The reports are kept when the stack is deleted. */
  readonly resultLocationBucket: s3.IBucket;

  /**
   * The folder (key prefix) in `resultLocationBucket` for the reports, without leading or trailing slash.
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
   * run is named `<assessmentRunName>-<12 hex characters>` (6 identify its properties, 6 its stack
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
   * Leave out these individual assessments. Checked like `includeOnly`. Exclusive with `includeOnly`.
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
   * `invalid state`, cancelled, or `warning` with `failOnWarning`) fails the stack operation. When
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

/** DMS identifier rules; 200 characters leaves room for the 13-character suffix of each run. */
const RUN_NAME = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,199}$/;
const RUN_NAME_SUFFIX = 13;
const MAX_RUN_NAME = 200;

/**
 * Runs an AWS DMS premigration assessment as a deployment gate: starts an assessment run of a
 * replication task and waits for its result. `passed` succeeds; `warning` succeeds with a note
 * (unless `failOnWarning`); any other end fails the stack operation with the failed individual
 * assessments and the S3 location of the reports (unless `failDeploymentOnFailure` is false).
 *
 * Runs on Create and Update by default. An Update that changes the run's properties starts a new run
 * (a new physical id: its ARN); an Update that changes nothing about the run starts nothing. With
 * `runOn` including DELETE, deleting the resource cancels a run still in progress.
 */
export class DmsAssessmentRun extends Construct {
  /** The run's ARN. */
  readonly assessmentRunArn: string;
  /** The run's name (`<assessmentRunName>-<suffix>`). */
  readonly assessmentRunName: string;
  /** The run's final status (`passed`, `warning`, `failed`, …), or the status when it was issued. */
  readonly status: string;
  /** What the handler did: DONE, ISSUED, NOTHING_TO_DO, NOT_FOUND or SKIPPED. */
  readonly outcome: string;
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
  /** Why a run that did not pass was let through (warnings, or `failDeploymentOnFailure` false); empty otherwise. */
  readonly note: string;

  constructor(scope: Construct, id: string, props: DmsAssessmentRunProps) {
    super(scope, id);
    validateCutoverProps(props);
    validate(props);
    const stack = Stack.of(this);
    const taskArn = props.replicationTaskArn;
    const role = props.serviceAccessRole;
    const bucket = props.resultLocationBucket;
    const folder = (props.resultLocationFolder ?? '').replace(/^\/+|\/+$/g, '');
    const runName = props.assessmentRunName ?? defaultRunName(this);

    // Runs get IDs only when DMS starts them; this pattern is the ReplicationTaskAssessmentRun
    // resource type of the Service Authorization Reference, limited to this account and region.
    const runsArn = stack.formatArn({ service: 'dms', resource: 'assessment-run', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    const resource = createCutoverResource(this, props, {
      resourceType: ResourceTypes.DMS_ASSESSMENT_RUN,
      properties: {
        [Props.REPLICATION_TASK_ARN]: taskArn,
        [Props.SERVICE_ACCESS_ROLE_ARN]: role.roleArn,
        [Props.RESULT_LOCATION_BUCKET]: bucket.bucketName,
        [Props.RESULT_LOCATION_FOLDER]: folder,
        [Props.RESULT_ENCRYPTION_MODE]: props.resultEncryptionMode ?? '',
        [Props.RESULT_KMS_KEY_ARN]: props.resultKmsKey?.keyArn ?? '',
        [Props.ASSESSMENT_RUN_NAME]: runName,
        ...(props.includeOnly ? { [Props.INCLUDE_ONLY]: props.includeOnly } : {}),
        ...(props.exclude ? { [Props.EXCLUDE]: props.exclude } : {}),
        [Props.TAGS]: Object.entries(props.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        [Props.FAIL_DEPLOYMENT_ON_FAILURE]: String(props.failDeploymentOnFailure ?? true),
        [Props.FAIL_ON_WARNING]: String(props.failOnWarning ?? false),
      },
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
    });
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

    this.assessmentRunArn = resource.getAttString(Attr.RUN_ARN);
    this.assessmentRunName = resource.getAttString(Attr.RUN_NAME);
    this.status = resource.getAttString(CommonAttributes.STATUS);
    this.outcome = resource.getAttString(CommonAttributes.OUTCOME);
    this.resultsS3Uri = resource.getAttString(Attr.RESULTS_S3_URI);
    this.passedCount = resource.getAttString(Attr.PASSED_COUNT);
    this.failedCount = resource.getAttString(Attr.FAILED_COUNT);
    this.errorCount = resource.getAttString(Attr.ERROR_COUNT);
    this.warningCount = resource.getAttString(Attr.WARNING_COUNT);
    this.cancelledCount = resource.getAttString(Attr.CANCELLED_COUNT);
    this.skippedCount = resource.getAttString(Attr.SKIPPED_COUNT);
    this.note = resource.getAttString(Attr.NOTE);
  }
}

function validate(props: DmsAssessmentRunProps): void {
  const arn = props.replicationTaskArn;
  validateReplicationTaskArn(arn);
  if (props.includeOnly && props.exclude) {
    throw new Error('"includeOnly" and "exclude" cannot both be set; choose one (list the assessments to run, or the ones to leave out)');
  }
  if (props.includeOnly && props.includeOnly.length === 0) {
    throw new Error('"includeOnly" is empty, which would run no assessment; list at least one individual assessment, or remove "includeOnly" to run them all');
  }
  for (const [prop, names] of [['includeOnly', props.includeOnly], ['exclude', props.exclude]] as const) {
    const blank = (names ?? []).find((n) => !Token.isUnresolved(n) && n.trim() === '');
    if (blank !== undefined) throw new Error(`"${prop}" contains an empty name; use the names DescribeApplicableIndividualAssessments lists for the task`);
  }
  const mode = props.resultEncryptionMode;
  if (mode !== undefined && !Object.values(AssessmentResultEncryption).includes(mode)) {
    throw new Error(`"resultEncryptionMode" is ${JSON.stringify(mode)}; use AssessmentResultEncryption.SSE_S3 or SSE_KMS`);
  }
  if (mode === AssessmentResultEncryption.SSE_KMS && !props.resultKmsKey) {
    throw new Error('"resultEncryptionMode" is SSE_KMS but "resultKmsKey" is not set; pass the kms.IKey DMS should encrypt the reports with, or use AssessmentResultEncryption.SSE_S3');
  }
  if (props.resultKmsKey && mode !== AssessmentResultEncryption.SSE_KMS) {
    throw new Error(
      `"resultKmsKey" is set but "resultEncryptionMode" is ${mode ?? 'not set'}; set "resultEncryptionMode" to AssessmentResultEncryption.SSE_KMS, or remove "resultKmsKey"`,
    );
  }
  const name = props.assessmentRunName;
  if (name !== undefined && !isToken(name) && (!RUN_NAME.test(name) || name.endsWith('-'))) {
    throw new Error(
      `"assessmentRunName" is ${JSON.stringify(name)}; use 1 to ${MAX_RUN_NAME} letters, digits and hyphens, starting with a letter, ` +
        `without two consecutive hyphens or a trailing hyphen (each run's name adds a ${RUN_NAME_SUFFIX}-character suffix)`,
    );
  }
  const folder = props.resultLocationFolder;
  if (folder !== undefined && !isToken(folder) && folder.replace(/^\/+|\/+$/g, '') === '' && folder !== '') {
    throw new Error(`"resultLocationFolder" is ${JSON.stringify(folder)}; give a key prefix like "assessments/orders", or leave it out for the bucket root`);
  }
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
