/**
 * DmsAssessmentRun's wire contract. Field names and constraints are those of the AWS DMS API
 * Reference for StartReplicationTaskAssessmentRun (ResultLocationBucket, ResultLocationFolder,
 * ResultEncryptionMode `SSE_S3`/`SSE_KMS`, ResultKmsKeyArn, AssessmentRunName, IncludeOnly, Exclude,
 * Tags) and its identifier rules (letters, digits and hyphens, starting with a letter, no two
 * consecutive hyphens, no trailing hyphen).
 */
import { CommonAttributes } from './common';
import { checkLiteral, checkResolved, InvalidPropertyError, IsUnresolved, requiredString, Rule, stringProperty } from './rules';
import { replicationTaskArnProblem } from './dms-stop-replication-task';

/** @internal */
export const DmsAssessmentProps = {
  REPLICATION_TASK_ARN: 'ReplicationTaskArn',
  SERVICE_ACCESS_ROLE_ARN: 'ServiceAccessRoleArn',
  RESULT_LOCATION_BUCKET: 'ResultLocationBucket',
  /** '' when the results go to the bucket root. */
  RESULT_LOCATION_FOLDER: 'ResultLocationFolder',
  /** 'SSE_S3' | 'SSE_KMS' | '' (DMS's default). */
  RESULT_ENCRYPTION_MODE: 'ResultEncryptionMode',
  RESULT_KMS_KEY_ARN: 'ResultKmsKeyArn',
  /** The name the user chose; each run gets a suffix unique to its stack event (names are unique per task). */
  ASSESSMENT_RUN_NAME: 'AssessmentRunName',
  /** Array of individual assessment names, or absent. */
  INCLUDE_ONLY: 'IncludeOnly',
  /** Array of individual assessment names, or absent. */
  EXCLUDE: 'Exclude',
  /** Array of { Key, Value }. */
  TAGS: 'Tags',
  /** 'true' | 'false'. */
  FAIL_DEPLOYMENT_ON_FAILURE: 'FailDeploymentOnFailure',
  /** 'true' | 'false'. */
  FAIL_ON_WARNING: 'FailOnWarning',
} as const;

/** @internal */
export const DmsAssessmentAttributes = {
  RUN_ARN: 'AssessmentRunArn',
  RUN_NAME: 'AssessmentRunName',
  /** s3://bucket/folder/ where DMS wrote the reports. */
  RESULTS_S3_URI: 'ResultsS3Uri',
  PASSED_COUNT: 'PassedCount',
  FAILED_COUNT: 'FailedCount',
  ERROR_COUNT: 'ErrorCount',
  WARNING_COUNT: 'WarningCount',
  CANCELLED_COUNT: 'CancelledCount',
  SKIPPED_COUNT: 'SkippedCount',
  /** Why a run that did not pass was let through (warnings, or failDeploymentOnFailure false); '' otherwise. */
  NOTE: CommonAttributes.NOTE,
} as const;

/**
 * The encryption modes DMS accepts for the reports.
 *
 * @internal
 */
export const ResultEncryptionModes = { SSE_S3: 'SSE_S3', SSE_KMS: 'SSE_KMS' } as const;

/**
 * The assessment's properties, typed: what the construct encodes and the handler decodes.
 *
 * @internal
 */
export interface DmsAssessmentRunParams {
  readonly taskArn: string;
  readonly roleArn: string;
  readonly bucket: string;
  /** The key prefix without leading or trailing slash; '' for the bucket root. */
  readonly folder: string;
  /** 'SSE_S3', 'SSE_KMS', or '' (DMS's default). */
  readonly encryptionMode: string;
  /** '' when no key is given. */
  readonly kmsKeyArn: string;
  /** The name the user chose; each run appends a suffix unique to its stack event. */
  readonly runName: string;
  readonly includeOnly?: readonly string[];
  readonly exclude?: readonly string[];
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
  readonly failDeploymentOnFailure: boolean;
  readonly failOnWarning: boolean;
}

/** DMS identifier rules; 200 characters leaves room for the 13-character suffix of each run. */
const RUN_NAME = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,199}$/;
/** @internal */
export const RUN_NAME_SUFFIX = 13;
/** @internal */
export const MAX_RUN_NAME = 200;

/**
 * The "assessmentRunName" rule.
 *
 * @internal
 */
export function runNameProblem(name: string): string | undefined {
  if (RUN_NAME.test(name) && !name.endsWith('-')) return undefined;
  return (
    `"assessmentRunName" is ${JSON.stringify(name)}; use 1 to ${MAX_RUN_NAME} letters, digits and hyphens, starting with a letter, ` +
    `without two consecutive hyphens or a trailing hyphen (each run's name adds a ${RUN_NAME_SUFFIX}-character suffix)`
  );
}

/**
 * The "resultLocationFolder" rule: a key prefix, not only slashes.
 *
 * @internal
 */
export function folderProblem(folder: string): string | undefined {
  if (folder === '' || trimSlashes(folder) === folder) return undefined;
  if (trimSlashes(folder) === '') {
    return `"resultLocationFolder" is ${JSON.stringify(folder)}; give a key prefix like "assessments/orders", or leave it out for the bucket root`;
  }
  // Refused rather than trimmed: the reports' S3 keys and the role's grant must be the ones written.
  return `"resultLocationFolder" is ${JSON.stringify(folder)}; write the key prefix without leading or trailing slash: ${JSON.stringify(trimSlashes(folder))}`;
}

/**
 * The "includeOnly"/"exclude" rules on the lists as a whole.
 *
 * @internal
 */
export function selectionProblem(includeOnly: readonly unknown[] | undefined, exclude: readonly unknown[] | undefined): string | undefined {
  if (includeOnly && exclude) {
    return '"includeOnly" and "exclude" cannot both be set; choose one (list the assessments to run, or the ones to leave out)';
  }
  if (includeOnly && includeOnly.length === 0) {
    return '"includeOnly" is empty, which would run no assessment; list at least one individual assessment, or remove "includeOnly" to run them all';
  }
  return undefined;
}

/** The rule on each name of "includeOnly" or "exclude". */
const assessmentNameRule =
  (prop: string): Rule<unknown> =>
  (name) =>
    typeof name === 'string' && name.trim() !== ''
      ? undefined
      : `"${prop}" contains an empty name; use the names DescribeApplicableIndividualAssessments lists for the task`;

/**
 * The encryption rules: a known mode, and a KMS key exactly with SSE_KMS.
 *
 * @internal
 */
export function encryptionProblem(mode: string, hasKmsKey: boolean): string | undefined {
  if (mode !== '' && !Object.values<string>(ResultEncryptionModes).includes(mode)) {
    return `"resultEncryptionMode" is ${JSON.stringify(mode)}; use AssessmentResultEncryption.SSE_S3 or SSE_KMS`;
  }
  if (mode === ResultEncryptionModes.SSE_KMS && !hasKmsKey) {
    return '"resultEncryptionMode" is SSE_KMS but "resultKmsKey" is not set; pass the kms.IKey DMS should encrypt the reports with, or use AssessmentResultEncryption.SSE_S3';
  }
  if (hasKmsKey && mode !== ResultEncryptionModes.SSE_KMS) {
    return `"resultKmsKey" is set but "resultEncryptionMode" is ${mode || 'not set'}; set "resultEncryptionMode" to AssessmentResultEncryption.SSE_KMS, or remove "resultKmsKey"`;
  }
  return undefined;
}

function trimSlashes(folder: string): string {
  return folder.replace(/^\/+|\/+$/g, '');
}

/**
 * The construct's side: validates literal values and returns the wire properties.
 *
 * @internal
 */
export function encodeDmsAssessmentRun(params: DmsAssessmentRunParams, isUnresolved: IsUnresolved): Record<string, unknown> {
  checkLiteral(replicationTaskArnProblem, params.taskArn, isUnresolved);
  const selection = selectionProblem(params.includeOnly, params.exclude);
  if (selection) throw new Error(selection);
  for (const name of params.includeOnly ?? []) checkLiteral(assessmentNameRule('includeOnly'), name, isUnresolved);
  for (const name of params.exclude ?? []) checkLiteral(assessmentNameRule('exclude'), name, isUnresolved);
  const encryption = encryptionProblem(params.encryptionMode, params.kmsKeyArn !== '');
  if (encryption) throw new Error(encryption);
  checkLiteral(runNameProblem, params.runName, isUnresolved);
  checkLiteral(folderProblem, params.folder, isUnresolved);
  // Defaults stay out of the template (the decoder applies them): empty folder, encryption and key,
  // no tags, failDeploymentOnFailure true, failOnWarning false.
  const unlessEmpty = (key: string, value: string) => (value === '' ? {} : { [key]: value });
  return {
    [DmsAssessmentProps.REPLICATION_TASK_ARN]: params.taskArn,
    [DmsAssessmentProps.SERVICE_ACCESS_ROLE_ARN]: params.roleArn,
    [DmsAssessmentProps.RESULT_LOCATION_BUCKET]: params.bucket,
    ...unlessEmpty(DmsAssessmentProps.RESULT_LOCATION_FOLDER, params.folder),
    ...unlessEmpty(DmsAssessmentProps.RESULT_ENCRYPTION_MODE, params.encryptionMode),
    ...unlessEmpty(DmsAssessmentProps.RESULT_KMS_KEY_ARN, params.kmsKeyArn),
    [DmsAssessmentProps.ASSESSMENT_RUN_NAME]: params.runName,
    ...(params.includeOnly ? { [DmsAssessmentProps.INCLUDE_ONLY]: params.includeOnly } : {}),
    ...(params.exclude ? { [DmsAssessmentProps.EXCLUDE]: params.exclude } : {}),
    ...(params.tags.length > 0 ? { [DmsAssessmentProps.TAGS]: params.tags } : {}),
    ...(params.failDeploymentOnFailure ? {} : { [DmsAssessmentProps.FAIL_DEPLOYMENT_ON_FAILURE]: 'false' }),
    ...(params.failOnWarning ? { [DmsAssessmentProps.FAIL_ON_WARNING]: 'true' } : {}),
  };
}

function optionalString(properties: Record<string, unknown>, key: string): string {
  const value = properties[key];
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') throw new InvalidPropertyError(`Property "${key}" must be a string; got ${JSON.stringify(value)}.`);
  return value;
}

function nameList(properties: Record<string, unknown>, key: string, prop: string): string[] | undefined {
  const value = properties[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (!Array.isArray(value)) {
    throw new InvalidPropertyError(`Property "${key}" must be a non-empty list of individual assessment names; got ${JSON.stringify(value)}.`);
  }
  return value.map((name) => checkResolved(assessmentNameRule(prop), name) as string);
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason.
 *
 * @internal
 */
export function decodeDmsAssessmentRun(properties: Record<string, unknown>): DmsAssessmentRunParams {
  const tagsRaw = properties[DmsAssessmentProps.TAGS] ?? [];
  if (!Array.isArray(tagsRaw) || tagsRaw.some((t) => typeof t?.Key !== 'string' || typeof t?.Value !== 'string')) {
    throw new InvalidPropertyError(`Property "${DmsAssessmentProps.TAGS}" must be a list of { Key, Value } strings; got ${JSON.stringify(tagsRaw)}.`);
  }
  const includeOnly = nameList(properties, DmsAssessmentProps.INCLUDE_ONLY, 'includeOnly');
  const exclude = nameList(properties, DmsAssessmentProps.EXCLUDE, 'exclude');
  checkResolved(() => selectionProblem(includeOnly, exclude), undefined);
  const encryptionMode = optionalString(properties, DmsAssessmentProps.RESULT_ENCRYPTION_MODE);
  const kmsKeyArn = optionalString(properties, DmsAssessmentProps.RESULT_KMS_KEY_ARN);
  checkResolved(() => encryptionProblem(encryptionMode, kmsKeyArn !== ''), undefined);
  return {
    taskArn: stringProperty(DmsAssessmentProps.REPLICATION_TASK_ARN, replicationTaskArnProblem).decode(properties),
    roleArn: requiredString(properties, DmsAssessmentProps.SERVICE_ACCESS_ROLE_ARN),
    bucket: requiredString(properties, DmsAssessmentProps.RESULT_LOCATION_BUCKET),
    folder: trimSlashes(checkResolved(folderProblem, optionalString(properties, DmsAssessmentProps.RESULT_LOCATION_FOLDER))),
    encryptionMode,
    kmsKeyArn,
    runName: stringProperty(DmsAssessmentProps.ASSESSMENT_RUN_NAME, runNameProblem).decode(properties),
    includeOnly,
    // Leaving out nothing is the same as no "exclude" (the construct accepts an empty list).
    exclude: exclude?.length ? exclude : undefined,
    tags: (tagsRaw as Array<{ Key: string; Value: string }>).map(({ Key, Value }) => ({ Key, Value })),
    failDeploymentOnFailure: String(properties[DmsAssessmentProps.FAIL_DEPLOYMENT_ON_FAILURE] ?? 'true') !== 'false',
    failOnWarning: String(properties[DmsAssessmentProps.FAIL_ON_WARNING] ?? 'false') === 'true',
  };
}
