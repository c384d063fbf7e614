import { Construct } from 'constructs';
import { CommonAttributes, RdsCancelExportAttributes, RdsCancelExportProps, ResourceTypes } from '../contract';
import { CutoverOperationProps, createCutoverResource, isToken, validateCutoverProps } from './cutover-operation';

/** Properties of {@link RdsCancelExportTask}. */
export interface RdsCancelExportTaskProps extends CutoverOperationProps {
  /** Identifier of the RDS snapshot (or cluster) export task, as given to StartExportTask. */
  readonly exportTaskIdentifier: string;
}

/**
 * Cancels an Amazon RDS export to S3 and waits until it is `CANCELED`.
 *
 * By default it runs on Delete. An export that already ended (`COMPLETE`, `FAILED`, `CANCELED`),
 * or that completes while being cancelled, is success and the `status` attribute says which; a
 * missing export on Delete is success. Data the export already wrote to S3 is NOT removed: the
 * `s3Bucket` and `s3Prefix` attributes say where it is.
 */
export class RdsCancelExportTask extends Construct {
  /** The export's status when the operation finished (`CANCELED`, `COMPLETE`, `FAILED`), or `NOT_FOUND`. */
  readonly status: string;
  /** The bucket the export wrote to; cancelling leaves the objects already written there. */
  readonly s3Bucket: string;
  /** The key prefix of the export's objects in that bucket (empty for the bucket root). */
  readonly s3Prefix: string;
  /** What the handler did: DONE, ISSUED, NOTHING_TO_DO, NOT_FOUND or SKIPPED. */
  readonly outcome: string;

  constructor(scope: Construct, id: string, props: RdsCancelExportTaskProps) {
    super(scope, id);
    validateCutoverProps(props);
    const identifier = props.exportTaskIdentifier;
    if (!isToken(identifier) && (typeof identifier !== 'string' || identifier.trim() === '' || /\s|:/.test(identifier))) {
      throw new Error(
        `"exportTaskIdentifier" must be the identifier of an RDS export task, e.g. nightly-2026-11-22 (not an ARN, no spaces); got ${JSON.stringify(identifier)}. ` +
          'Use the ExportTaskIdentifier shown by "aws rds describe-export-tasks".',
      );
    }
    const resource = createCutoverResource(this, props, {
      resourceType: ResourceTypes.RDS_CANCEL_EXPORT_TASK,
      properties: { [RdsCancelExportProps.EXPORT_TASK_IDENTIFIER]: identifier },
      statements: [],
      // Neither action has resource-level permissions, so neither can be scoped to this export: the
      // reasons (also cdk-nag's acknowledgement) are in private/unscoped-actions.ts.
      unscopedActions: ['rds:CancelExportTask', 'rds:DescribeExportTasks'],
    });
    this.status = resource.getAttString(CommonAttributes.STATUS);
    this.s3Bucket = resource.getAttString(RdsCancelExportAttributes.S3_BUCKET);
    this.s3Prefix = resource.getAttString(RdsCancelExportAttributes.S3_PREFIX);
    this.outcome = resource.getAttString(CommonAttributes.OUTCOME);
  }
}
