import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DmsStopAttributes, encodeDmsStopReplicationTask, ResourceTypes } from '../contract';
import { AwsCutoverOperationProps, CutoverOperation, isUnresolved } from './cutover-operation';

/** Properties of {@link DmsStopReplicationTask}. */
export interface DmsStopReplicationTaskProps extends AwsCutoverOperationProps {
  /**
   * ARN of the DMS replication task to stop, e.g. `task.ref` of a `CfnReplicationTask` in the same
   * stack (which also makes CloudFormation stop the task before it deletes it). The task is
   * stopped in the ARN's region; a task of another account needs `assumedRoleArn`.
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
export class DmsStopReplicationTask extends CutoverOperation {
  /** The task's stop reason when the operation finished, e.g. `Stop Reason NORMAL`. */
  readonly stopReason: string;

  constructor(scope: Construct, id: string, props: DmsStopReplicationTaskProps) {
    super(scope, id, props);
    const arn = props.replicationTaskArn;
    this._createResource({
      resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
      properties: encodeDmsStopReplicationTask({ replicationTaskArn: arn }, isUnresolved),
      statements: [new iam.PolicyStatement({ actions: ['dms:StopReplicationTask'], resources: [arn] })],
      // DescribeReplicationTasks supports no resource-level permissions.
      unscopedActions: ['dms:DescribeReplicationTasks'],
      target: { arn: { prop: 'replicationTaskArn', value: arn }, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
    });
    this.stopReason = this.attribute(DmsStopAttributes.STOP_REASON);
  }
}
