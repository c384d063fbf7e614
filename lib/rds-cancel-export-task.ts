import { Construct } from 'constructs';
import { encodeRdsCancelExportTask, RdsCancelExportAttributes, ResourceTypes } from '../contract';
import { CutoverOperation, isUnresolved } from './cutover-operation';
import type { AwsCutoverOperationProps, TeardownOperationProps } from './cutover-operation-props';

/** Properties of {@link RdsCancelExportTask}. */
export interface RdsCancelExportTaskProps extends AwsCutoverOperationProps, TeardownOperationProps {
  /** Identifier of the RDS snapshot (or cluster) export task, as given to StartExportTask. */
  readonly exportTaskIdentifier: string;

  /**
   * The region the export task (the region of its snapshot or cluster) lives in: the handler calls RDS there, and the IAM grants name it
   * (with its partition, e.g. aws-cn for cn-north-1).
   *
   * @default - the stack's region
   */
  readonly region?: string;
}

/**
 * Cancels an Amazon RDS export to S3 and waits until it is `CANCELED`.
 *
 * By default it runs on Delete. An export that already ended (`COMPLETE`, `FAILED`, `CANCELED`),
 * or that completes while being cancelled, is success and the `status` attribute says which; a
 * missing export on Delete is success. Data the export already wrote to S3 is NOT removed: the
 * `s3Bucket` and `s3Prefix` attributes say where it is.
 */
export class RdsCancelExportTask extends CutoverOperation {
  /** The bucket the export wrote to; cancelling leaves the objects already written there. */
  readonly s3Bucket: string;
  /** The key prefix of the export's objects in that bucket (empty for the bucket root). */
  readonly s3Prefix: string;

  constructor(scope: Construct, id: string, props: RdsCancelExportTaskProps) {
    super(scope, id, props);
    this._createResource({
      teardown: true,
      // The same identifier in another region is another export.
      identity: { prop: 'exportTaskIdentifier', value: props.region ? `${props.region}/${props.exportTaskIdentifier}` : props.exportTaskIdentifier },
      resourceType: ResourceTypes.RDS_CANCEL_EXPORT_TASK,
      properties: encodeRdsCancelExportTask({ exportTaskIdentifier: props.exportTaskIdentifier }, isUnresolved),
      statements: [],
      // Neither action has resource-level permissions, so neither can be scoped to this export: the
      // reasons (also cdk-nag's acknowledgement) are in private/unscoped-actions.ts.
      unscopedActions: ['rds:CancelExportTask', 'rds:DescribeExportTasks'],
      target: { region: props.region, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
    });
    this.s3Bucket = this.attribute(RdsCancelExportAttributes.S3_BUCKET);
    this.s3Prefix = this.attribute(RdsCancelExportAttributes.S3_PREFIX);
  }
}
