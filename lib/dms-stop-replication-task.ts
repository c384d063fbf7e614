import { Reference, Token, Tokenization } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CatchUpAttributes, DmsStopAttributes, encodeDmsStopReplicationTask, ResourceTypes } from '../contract';
import { CATCH_UP_ACTIONS, CatchUpOptions, catchUpParams } from './catch-up-options';
import { CutoverOperation, isUnresolved } from './cutover-operation';
import type { AwsCutoverOperationProps, TeardownOperationProps } from './cutover-operation-props';
import { UndoOnRollbackProps } from './undo-on-rollback';

/** Properties of {@link DmsStopReplicationTask}. */
export interface DmsStopReplicationTaskProps extends AwsCutoverOperationProps, TeardownOperationProps, UndoOnRollbackProps {
  /**
   * ARN of the DMS replication task to stop, e.g. `task.ref` of a `CfnReplicationTask` in the same
   * stack (which also makes CloudFormation stop the task before it deletes it). The task is
   * stopped in the ARN's region; a task of another account needs an assumed role.
   */
  readonly replicationTaskArn: string;

  /**
   * Stop a running task only once it has caught up: both CDC latencies at or below the maximum
   * latency for the stable period, read from CloudWatch (`AWS/DMS`, dimensions ReplicationInstanceIdentifier +
   * ReplicationTaskIdentifier, the latter the task ARN's resource id; the instance identifier is
   * read from the metric with ListMetrics). Until then the operation reports
   * `waiting-for-catch-up`; at `timeout` it fails without stopping, with the latest latencies in
   * the reason. Grants `cloudwatch:GetMetricData` and `cloudwatch:ListMetrics` on "*" (they have
   * no resource-level permissions); with an assumed role the metrics are read in the task's
   * account as that role, which then needs both actions too. The metrics are read in the task
   * ARN's region. A task that is not running needs no gate.
   *
   * @default - the task is stopped as soon as it is running, whatever its latency
   */
  readonly stopWhenCaughtUp?: CatchUpOptions;
}

/**
 * Stops an AWS DMS replication task and waits until it is `stopped`.
 *
 * By default it runs on Delete: a running task cannot be deleted, so tearing down a migration
 * stack first stops the task. Run on `LifecycleEvent.CREATE` only, it is a cutover step; with
 * the catch-up gate it stops only once the last changes have reached the target, and with undo on
 * rollback a failed deployment's rollback resumes the task it stopped.
 * A task that is already at rest (stopped, ready, failed) or gone on Delete is success.
 */
export class DmsStopReplicationTask extends CutoverOperation {
  /** The task's stop reason when the operation finished, e.g. `Stop Reason NORMAL`. */
  readonly stopReason: string;
  /** With the catch-up gate: CDCLatencySource (seconds) of the last minute read before the stop (empty otherwise). */
  readonly sourceLatencyAtStop: string;
  /** With the catch-up gate: CDCLatencyTarget (seconds) of the last minute read before the stop (empty otherwise). */
  readonly targetLatencyAtStop: string;
  /** With the catch-up gate: seconds from the start of the operation until the task stopped (the gate's wait and the stop). */
  readonly catchUpWaitSeconds: string;

  constructor(scope: Construct, id: string, props: DmsStopReplicationTaskProps) {
    super(scope, id, props);
    const arn = props.replicationTaskArn;
    const gated = props.stopWhenCaughtUp !== undefined;
    if (gated) checkTaskHasCdc(arn);
    this._createResource({
      teardown: true,
      identity: { prop: 'replicationTaskArn', value: arn },
      resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
      properties: encodeDmsStopReplicationTask({ replicationTaskArn: arn, catchUp: catchUpParams(props.stopWhenCaughtUp) }, isUnresolved, this._timing()),
      statements: [new iam.PolicyStatement({ actions: ['dms:StopReplicationTask'], resources: [arn] })],
      // DescribeReplicationTasks supports no resource-level permissions; nor do the metric reads.
      unscopedActions: ['dms:DescribeReplicationTasks', ...(gated ? CATCH_UP_ACTIONS : [])],
      target: { arn: { prop: 'replicationTaskArn', value: arn }, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
      // undoOnRollback's rollback resumes the task (resume-processing).
      undo: { statements: [new iam.PolicyStatement({ actions: ['dms:StartReplicationTask'], resources: [arn] })] },
    });
    this.stopReason = this.attribute(DmsStopAttributes.STOP_REASON);
    this.sourceLatencyAtStop = this.attribute(CatchUpAttributes.SOURCE_LATENCY_AT_STOP);
    this.targetLatencyAtStop = this.attribute(CatchUpAttributes.TARGET_LATENCY_AT_STOP);
    this.catchUpWaitSeconds = this.attribute(CatchUpAttributes.CATCH_UP_WAIT_SECONDS);
  }
}

/**
 * A full-load task replicates no changes, so it publishes no CDC latency and the catch-up gate could
 * never pass. Only known for a CfnReplicationTask of this app whose migrationType is literal.
 */
function checkTaskHasCdc(arn: string): void {
  if (!Token.isUnresolved(arn)) return;
  const reference = Tokenization.reverseString(arn).firstToken;
  const task = reference instanceof Reference ? reference.target : undefined;
  if (!(task instanceof dms.CfnReplicationTask) || Token.isUnresolved(task.migrationType) || task.migrationType !== 'full-load') return;
  throw new Error(
    `"stopWhenCaughtUp" is set, but "replicationTaskArn" is task ${task.node.path}, whose migrationType is "full-load": a full load ` +
      'replicates no changes, so there is no CDC latency to catch up and the stop could never happen; remove "stopWhenCaughtUp" ' +
      '(a full-load task stops by itself when the load finishes), or use a "full-load-and-cdc" or "cdc" task',
  );
}
