/**
 * RdsCancelExportTask's wire contract. RDS names an export by the ExportTaskIdentifier given to
 * StartExportTask (Amazon RDS API Reference: StartExportTask, CancelExportTask).
 */
import { IsUnresolved, stringProperty } from './rules';

/** @internal */
export const RdsCancelExportProps = {
  EXPORT_TASK_IDENTIFIER: 'ExportTaskIdentifier',
} as const;

/** @internal */
export const RdsCancelExportAttributes = {
  /** The bucket the export wrote to: cancelling does not remove data already written there. */
  S3_BUCKET: 'S3Bucket',
  /** The key prefix of the export's objects in that bucket ('' when it wrote to the bucket root). */
  S3_PREFIX: 'S3Prefix',
} as const;

/**
 * The operation's properties, typed.
 *
 * @internal
 */
export interface RdsCancelExportTaskParams {
  /** Identifier of the export task to cancel. */
  readonly exportTaskIdentifier: string;
}

/**
 * The "exportTaskIdentifier" rule: an identifier, not an ARN, without spaces.
 *
 * @internal
 */
export function exportTaskIdentifierProblem(identifier: unknown): string | undefined {
  if (typeof identifier === 'string' && identifier.trim() !== '' && !/\s|:/.test(identifier)) return undefined;
  return (
    `"exportTaskIdentifier" must be the identifier of an RDS export task, e.g. nightly-2026-11-22 (not an ARN, no spaces); got ${JSON.stringify(identifier)}. ` +
    'Use the ExportTaskIdentifier shown by "aws rds describe-export-tasks".'
  );
}

const identifier = stringProperty(RdsCancelExportProps.EXPORT_TASK_IDENTIFIER, exportTaskIdentifierProblem);

/**
 * The construct's side: validates literal values and returns the wire properties.
 *
 * @internal
 */
export function encodeRdsCancelExportTask(params: RdsCancelExportTaskParams, isUnresolved: IsUnresolved): Record<string, unknown> {
  return identifier.encode(params.exportTaskIdentifier, isUnresolved);
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason.
 *
 * @internal
 */
export function decodeRdsCancelExportTask(properties: Record<string, unknown>): RdsCancelExportTaskParams {
  return { exportTaskIdentifier: identifier.decode(properties) };
}
