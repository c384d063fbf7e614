import { awsJson } from '../core/protocols';
import type { EmulatorResponse } from '../core/types';
import type { StartRefusal } from './dms-assessment-model';

const ENCRYPTION_MODES = new Set(['SSE_S3', 'SSE_KMS']);
const ROLE_ARN = /^arn:[a-z-]+:iam::\d{12}:role\/.+$/;

/** The StartReplicationTaskAssessmentRun members that decide what a run does, once validated. */
export interface StartInput {
  readonly includeOnly?: string[];
  readonly exclude?: string[];
  readonly mode?: string;
  readonly keyArn?: string;
  readonly roleArn: string;
  readonly bucket: string;
}

/**
 * Validates a start request's own members (list shapes, IncludeOnly/Exclude exclusivity, the
 * SSE_KMS/ResultKmsKeyArn pairing, the role ARN) before any state is looked at, as DMS does.
 */
export function parseStartInput(input: Record<string, unknown>): StartInput | { rejected: EmulatorResponse } {
  const reject = (rejected: EmulatorResponse) => ({ rejected });
  const includeOnly = stringList(input.IncludeOnly);
  const exclude = stringList(input.Exclude);
  if (includeOnly === null || exclude === null) return reject(awsJson.error('InvalidParameterValueException', 'IncludeOnly and Exclude must be lists of strings'));
  if (includeOnly?.length === 0) return reject(awsJson.error('InvalidParameterValueException', 'IncludeOnly must name at least one individual assessment'));
  if (includeOnly && exclude) {
    return reject(awsJson.error('InvalidParameterCombinationException', 'IncludeOnly and Exclude cannot be specified together'));
  }
  const mode = input.ResultEncryptionMode as string | undefined;
  const keyArn = input.ResultKmsKeyArn as string | undefined;
  if (mode !== undefined && !ENCRYPTION_MODES.has(mode)) {
    return reject(awsJson.error('InvalidParameterValueException', `Invalid ResultEncryptionMode ${mode}; valid values are SSE_S3 and SSE_KMS`));
  }
  if (mode === 'SSE_KMS' && !keyArn) return reject(awsJson.error('InvalidParameterValueException', 'ResultKmsKeyArn is required when ResultEncryptionMode is SSE_KMS'));
  if (keyArn && mode !== 'SSE_KMS') return reject(awsJson.error('InvalidParameterValueException', 'ResultKmsKeyArn can only be specified when ResultEncryptionMode is SSE_KMS'));
  const roleArn = input.ServiceAccessRoleArn as string;
  if (!ROLE_ARN.test(roleArn)) return reject(awsJson.error('InvalidParameterValueException', `Invalid ServiceAccessRoleArn ${roleArn}`));
  const bucket = input.ResultLocationBucket as string;
  return { includeOnly, exclude, mode, keyArn, roleArn, bucket };
}

/** A list of strings, undefined when absent, null when malformed. */
function stringList(raw: unknown): string[] | undefined | null {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) return null;
  return raw as string[];
}

/**
 * The refusal a test configured for this start (a role DMS cannot assume, a missing or unwritable
 * bucket, an unusable KMS key), as the DMS error it would answer; undefined when none applies.
 */
export function refusalFor(refusals: readonly StartRefusal[], roleArn: string, bucket: string, keyArn: string | undefined): EmulatorResponse | undefined {
  for (const r of refusals) {
    if (r.kind === 'role-denied' && r.roleArn === roleArn) {
      return awsJson.error('AccessDeniedFault', `The service access role ${roleArn} cannot be assumed by DMS: check its trust policy`);
    }
    if (r.kind === 'bucket-missing' && r.bucket === bucket) {
      return awsJson.error('S3ResourceNotFoundFault', `The specified bucket does not exist: ${bucket}`);
    }
    if (r.kind === 'bucket-denied' && r.bucket === bucket) {
      return awsJson.error('S3AccessDeniedFault', `The service access role ${roleArn} does not have permission to write to bucket ${bucket}`);
    }
    if (r.kind === 'kms' && r.keyArn === keyArn) {
      return awsJson.error(r.fault, `KMS key ${keyArn} cannot be used for encryption (${r.fault})`);
    }
  }
  return undefined;
}
