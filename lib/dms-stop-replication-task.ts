import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DmsStopAttributes, CommonAttributes, DmsStopProps, ResourceTypes } from '../contract';
import { CutoverOperationProps, createCutoverResource, validateCutoverProps, validateReplicationTaskArn } from './cutover-operation';

/** Properties of {@link DmsStopReplicationTask}. */
export interface DmsStopReplicationTaskProps extends CutoverOperationProps {
  /**
   * ARN of the DMS replication task to stop, e.g. `task.ref` of a `CfnReplicationTask` in the same
   * stack (which also makes CloudFormation stop the task before it deletes it).
   */
  readonly replicationTaskArn: string;
}

/**
 * Stops an AWS DMS replication task and waits until it is `stopped`.
 *
 * By default it runs on Delete: a running task cannot be deleted, so tearing down a migration
 * stack first stops the task. With `runOn: [LifecycleEvent.CREATE]` it is a cutover step.
 * A task that is already at rest (stopped, ready, failed) or gone on Delete is success.
 */
export class DmsStopReplicationTask extends Construct {
  /** The task's status when the operation finished (e.g. `stopped`), or `NOT_FOUND`. */
  readonly status: string;
  /** The task's stop reason when the operation finished, e.g. `Stop Reason NORMAL`. */
  readonly stopReason: string;
  /** What the handler did: DONE, ISSUED, NOTHING_TO_DO, NOT_FOUND or SKIPPED. */
  readonly outcome: string;

  constructor(scope: Construct, id: string, props: DmsStopReplicationTaskProps) {
    super(scope, id);
    validateCutoverProps(props);
    const arn = props.replicationTaskArn;
    validateReplicationTaskArn(arn);
    const resource = createCutoverResource(this, props, {
      resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
      properties: { [DmsStopProps.REPLICATION_TASK_ARN]: arn },
      statements: [new iam.PolicyStatement({ actions: ['dms:StopReplicationTask'], resources: [arn] })],
      // DescribeReplicationTasks supports no resource-level permissions.
      unscopedActions: ['dms:DescribeReplicationTasks'],
    });
    this.status = resource.getAttString(CommonAttributes.STATUS);
    this.stopReason = resource.getAttString(DmsStopAttributes.STOP_REASON);
    this.outcome = resource.getAttString(CommonAttributes.OUTCOME);
  }
}
