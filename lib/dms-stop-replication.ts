import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CatchUpAttributes, DmsReplicationStopAttributes, encodeDmsStopReplication, ResourceTypes } from '../contract';
import { CATCH_UP_ACTIONS, CatchUpOptions, catchUpParams } from './catch-up-options';
import { CutoverOperation, isUnresolved } from './cutover-operation';
import type { AwsCutoverOperationProps, TeardownOperationProps } from './cutover-operation-props';
import { UndoOnRollbackProps } from './undo-on-rollback';

/** Properties of {@link DmsStopReplication}. */
export interface DmsStopReplicationProps extends AwsCutoverOperationProps, TeardownOperationProps, UndoOnRollbackProps {
  /**
   * ARN of the DMS Serverless replication config whose replication to stop, e.g. `config.ref` or
   * `config.attrReplicationConfigArn` of a `CfnReplicationConfig` in the same stack (which also makes
   * CloudFormation stop the replication before it deletes the config: DMS only deletes a config
   * whose replication is stopped or failed). The replication is stopped in the ARN's region; a
   * config of another account needs an assumed role.
   */
  readonly replicationConfigArn: string;

  /**
   * Stop a running replication only once it has caught up: both CDC latencies at or below
   * the maximum latency for the stable period, read from CloudWatch (`AWS/DMS`). The serverless metrics'
   * dimension is not documented, so the handler finds them with ListMetrics: any CDCLatencySource /
   * CDCLatencyTarget metric with a dimension whose value is the config ARN's resource id or the
   * config's identifier. Until then the operation reports `waiting-for-catch-up`; at `timeout` it
   * fails without stopping, with the latest latencies in the reason. Grants
   * `cloudwatch:GetMetricData` and `cloudwatch:ListMetrics` on "*" (they have no resource-level
   * permissions). A replication that is not running needs no gate.
   *
   * @default - the replication is stopped as soon as it runs, whatever its latency
   */
  readonly stopWhenCaughtUp?: CatchUpOptions;
}

/**
 * Stops a DMS Serverless replication (`StopReplication` on its replication config) and waits until
 * it is `stopped`.
 *
 * By default it runs on Delete: a running or starting serverless replication blocks the deletion
 * of its config, so tearing down a migration stack first stops it. When
 * run on `LifecycleEvent.CREATE` only, it is a cutover step (with undo on rollback, one that a failed
 * deployment's rollback resumes). A replication that is already at rest
 * (stopped, created, failed), that ends by itself while the operation waits (a finished full
 * load), or that is gone on Delete is success. A replication managed by a zero-ETL integration is
 * never stopped directly: the operation fails and says to stop it through the integration.
 */
export class DmsStopReplication extends CutoverOperation {
  /** The replication's stop reason when the operation finished, e.g. `Stop Reason NORMAL`. */
  readonly stopReason: string;

  /** The replication's recovery checkpoint when the operation finished: what a later `resume-processing` start continues from. */
  readonly recoveryCheckpoint: string;

  /** With the catch-up gate: CDCLatencySource (seconds) of the last minute read before the stop (empty otherwise). */
  readonly sourceLatencyAtStop: string;
  /** With the catch-up gate: CDCLatencyTarget (seconds) of the last minute read before the stop (empty otherwise). */
  readonly targetLatencyAtStop: string;
  /** With the catch-up gate: seconds from the start of the operation until the replication stopped (the gate's wait and the stop). */
  readonly catchUpWaitSeconds: string;

  constructor(scope: Construct, id: string, props: DmsStopReplicationProps) {
    super(scope, id, props);
    const arn = props.replicationConfigArn;
    this._createResource({
      resourceType: ResourceTypes.DMS_STOP_REPLICATION,
      identity: { prop: 'replicationConfigArn', value: arn },
      teardown: true,
      properties: encodeDmsStopReplication({ replicationConfigArn: arn, catchUp: catchUpParams(props.stopWhenCaughtUp) }, isUnresolved, this._timing()),
      statements: [new iam.PolicyStatement({ actions: ['dms:StopReplication'], resources: [arn] })],
      // No resource-level permissions exist for it: the reason (also cdk-nag's acknowledgement) is in private/unscoped-actions.ts.
      unscopedActions: ['dms:DescribeReplications', ...(props.stopWhenCaughtUp ? CATCH_UP_ACTIONS : [])],
      target: { arn: { prop: 'replicationConfigArn', value: arn }, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
      // undoOnRollback's rollback resumes the replication (resume-processing).
      undo: { statements: [new iam.PolicyStatement({ actions: ['dms:StartReplication'], resources: [arn] })] },
    });
    this.stopReason = this.attribute(DmsReplicationStopAttributes.STOP_REASON);
    this.recoveryCheckpoint = this.attribute(DmsReplicationStopAttributes.RECOVERY_CHECKPOINT);
    this.sourceLatencyAtStop = this.attribute(CatchUpAttributes.SOURCE_LATENCY_AT_STOP);
    this.targetLatencyAtStop = this.attribute(CatchUpAttributes.TARGET_LATENCY_AT_STOP);
    this.catchUpWaitSeconds = this.attribute(CatchUpAttributes.CATCH_UP_WAIT_SECONDS);
  }
}
