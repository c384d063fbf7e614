import { DmsAssessmentProps as Props } from '../../../contract';
import { OperationFailedError } from '../../engine/errors';
import { requiredString } from '../../engine/properties';

/** The assessment's own properties, decoded from the strings CloudFormation sends. */
export interface Params {
  readonly taskArn: string;
  readonly roleArn: string;
  readonly bucket: string;
  readonly folder: string;
  readonly encryptionMode: string;
  readonly kmsKeyArn: string;
  /** The name the user chose; each run appends a suffix unique to its stack event. */
  readonly runName: string;
  readonly includeOnly?: readonly string[];
  readonly exclude?: readonly string[];
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
  readonly failDeploymentOnFailure: boolean;
  readonly failOnWarning: boolean;
}

function optionalString(properties: Record<string, unknown>, key: string): string {
  const value = properties[key];
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') throw new OperationFailedError(`Property "${key}" must be a string; got ${JSON.stringify(value)}.`);
  return value;
}

function nameList(properties: Record<string, unknown>, key: string): string[] | undefined {
  const value = properties[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new OperationFailedError(`Property "${key}" must be a non-empty list of individual assessment names; got ${JSON.stringify(value)}.`);
  }
  return value as string[];
}

/** Decodes the resource properties; throws OperationFailedError naming the property at fault. */
export function parse(properties: Record<string, unknown>): Params {
  const tagsRaw = properties[Props.TAGS] ?? [];
  if (!Array.isArray(tagsRaw) || tagsRaw.some((t) => typeof t?.Key !== 'string' || typeof t?.Value !== 'string')) {
    throw new OperationFailedError(`Property "${Props.TAGS}" must be a list of { Key, Value } strings; got ${JSON.stringify(tagsRaw)}.`);
  }
  const params: Params = {
    taskArn: requiredString(properties, Props.REPLICATION_TASK_ARN),
    roleArn: requiredString(properties, Props.SERVICE_ACCESS_ROLE_ARN),
    bucket: requiredString(properties, Props.RESULT_LOCATION_BUCKET),
    folder: optionalString(properties, Props.RESULT_LOCATION_FOLDER),
    encryptionMode: optionalString(properties, Props.RESULT_ENCRYPTION_MODE),
    kmsKeyArn: optionalString(properties, Props.RESULT_KMS_KEY_ARN),
    runName: requiredString(properties, Props.ASSESSMENT_RUN_NAME),
    includeOnly: nameList(properties, Props.INCLUDE_ONLY),
    exclude: nameList(properties, Props.EXCLUDE),
    tags: (tagsRaw as Array<{ Key: string; Value: string }>).map(({ Key, Value }) => ({ Key, Value })),
    failDeploymentOnFailure: String(properties[Props.FAIL_DEPLOYMENT_ON_FAILURE] ?? 'true') !== 'false',
    failOnWarning: String(properties[Props.FAIL_ON_WARNING] ?? 'false') === 'true',
  };
  if (params.includeOnly && params.exclude) {
    throw new OperationFailedError(`Properties "${Props.INCLUDE_ONLY}" and "${Props.EXCLUDE}" cannot both be set.`);
  }
  return params;
}
