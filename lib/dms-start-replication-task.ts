import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DmsStartAttributes, encodeDmsStartReplicationTask, ResourceTypes } from '../contract';
import { isUnresolved, CutoverOperation } from './cutover-operation';
import { DmsStartOperationProps, dmsStartOptions } from './dms-start-options';
import { UndoOnRollbackProps } from './undo-on-rollback';

/** Properties of {@link DmsStartReplicationTask}. */
export interface DmsStartReplicationTaskProps extends DmsStartOperationProps, UndoOnRollbackProps {
  /**
   * ARN of the DMS replication task to start, e.g. `task.ref` of a `CfnReplicationTask`. The task
   * is started in the ARN's region; a task of another account needs an assumed role.
   */
  readonly replicationTaskArn: string;
}

/**
 * Starts (or resumes) an AWS DMS replication task and waits until it is `running`.
 *
 * A start is a deploy-time step: by default it runs on Create and Update (the default
 * events are CREATE and UPDATE), never on Delete. A task that is already running is success with no call
 * (outcome `NOTHING_TO_DO`). A task that refuses a start for now (starting, stopping, modifying,
 * testing, …) is waited out, then started. A `full-load` task that finishes by itself while the
 * step waits (`stopped`, `FULL_LOAD_ONLY_FINISHED`), or one that stops at its CDC stop position, is
 * success. A task that fails after the start fails the step with DMS's reason.
 */
export class DmsStartReplicationTask extends CutoverOperation {
  /** The StartReplicationTaskType sent (`start-replication`, `resume-processing`, `reload-target`); empty when nothing was sent. */
  readonly startTypeSent: string;
  /** The CDC start sent: the CDC start position, or the CDC start time as ISO-8601; empty when none. */
  readonly cdcStartSent: string;
  /** The CDC stop position sent; empty when none. */
  readonly cdcStopSent: string;
  /** Epoch milliseconds at which DMS accepted the start on the operation's first call; empty otherwise. */
  readonly startRequestedAt: string;

  constructor(scope: Construct, id: string, props: DmsStartReplicationTaskProps) {
    super(scope, id, props);
    const arn = props.replicationTaskArn;
    this._createResource({
      identity: { prop: 'replicationTaskArn', value: arn },
      resourceType: ResourceTypes.DMS_START_REPLICATION_TASK,
      properties: encodeDmsStartReplicationTask({ replicationTaskArn: arn, ...dmsStartOptions(props) }, isUnresolved),
      statements: [new iam.PolicyStatement({ actions: ['dms:StartReplicationTask'], resources: [arn] })],
      // DescribeReplicationTasks supports no resource-level permissions.
      unscopedActions: ['dms:DescribeReplicationTasks'],
      target: { arn: { prop: 'replicationTaskArn', value: arn }, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
      // undoOnRollback's rollback stops the task this step started.
      undo: { statements: [new iam.PolicyStatement({ actions: ['dms:StopReplicationTask'], resources: [arn] })] },
    });
    this.startTypeSent = this.attribute(DmsStartAttributes.START_TYPE_SENT);
    this.cdcStartSent = this.attribute(DmsStartAttributes.CDC_START_SENT);
    this.cdcStopSent = this.attribute(DmsStartAttributes.CDC_STOP_SENT);
    this.startRequestedAt = this.attribute(DmsStartAttributes.START_REQUESTED_AT);
  }
}
