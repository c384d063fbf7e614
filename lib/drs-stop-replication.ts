import { Arn, ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DrsStopAttributes, encodeDrsStopReplication, ResourceTypes } from '../contract';
import { CutoverOperation, isUnresolved } from './cutover-operation';
import type { AwsCutoverOperationProps, TeardownOperationProps } from './cutover-operation-props';
import { regionalTarget } from './private/target-location';
import { UndoOnRollbackProps } from './undo-on-rollback';

/** Properties of {@link DrsStopReplication}. */
export interface DrsStopReplicationProps extends AwsCutoverOperationProps, TeardownOperationProps, UndoOnRollbackProps {
  /** ID of the AWS Elastic Disaster Recovery source server, e.g. `s-1234567890abcdef0`. */
  readonly sourceServerId: string;

  /**
   * The region the source server (the DRS recovery region, not the machine's origin region) lives in: the handler calls DRS there, and the IAM grants name it
   * (with its partition, e.g. aws-cn for cn-north-1).
   *
   * @default - the stack's region
   */
  readonly region?: string;

  /**
   * Confirms that stopping replication deletes the server's snapshots (its recovery points). DRS StopReplication
   * "would make the Source Server unprotected, delete its existing snapshots and stop billing for
   * it", so the construct only synthesizes when this is `true`.
   */
  readonly acknowledgeSnapshotDeletion: boolean;
}

/**
 * Stops AWS Elastic Disaster Recovery replication for one source server and waits until its
 * `dataReplicationState` is `STOPPED`.
 *
 * By default it runs on Delete: decommissioning a protected server with the stack that protected
 * it. Stopping replication deletes the server's snapshots, so the snapshot-deletion acknowledgement
 * must be true. A server that is already stopped, or gone on Delete, is success; while DRS refuses
 * the stop because the server is busy (a recovery or drill launch), the operation waits and retries
 * within its timeout.
 */
export class DrsStopReplication extends CutoverOperation {
  /**
   * Epoch milliseconds at which DRS accepted the stop on the operation's first call (empty when it
   * was accepted only on a later poll, or not needed).
   */
  readonly stopRequestedAt: string;

  constructor(scope: Construct, id: string, props: DrsStopReplicationProps) {
    super(scope, id, props);
    if (props.acknowledgeSnapshotDeletion !== true) {
      throw new Error(
        '"acknowledgeSnapshotDeletion" must be true: DRS StopReplication makes the source server unprotected, deletes its ' +
          'existing snapshots (its recovery points) and stops billing for it. Set "acknowledgeSnapshotDeletion: true" ' +
          'once you no longer need to recover this server, or remove the construct.',
      );
    }
    const serverId = props.sourceServerId;
    const properties = encodeDrsStopReplication({ sourceServerId: serverId }, isUnresolved);
    // The source-server ARN of the Service Authorization Reference, where the server lives.
    const serverArn = Arn.format({
      ...regionalTarget(this, props.region),
      service: 'drs',
      resource: 'source-server',
      resourceName: serverId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this._createResource({
      teardown: true,
      // The same id in another region is another server.
      identity: { prop: 'sourceServerId', value: props.region ? `${props.region}/${serverId}` : serverId },
      resourceType: ResourceTypes.DRS_STOP_REPLICATION,
      properties,
      statements: [new iam.PolicyStatement({ actions: ['drs:StopReplication'], resources: [serverArn] })],
      // No resource-level permissions exist for it: the reason (also cdk-nag's acknowledgement) is in private/unscoped-actions.ts.
      unscopedActions: ['drs:DescribeSourceServers'],
      target: { region: props.region, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
      // undoOnRollback's rollback starts replication again (a re-sync; the deleted snapshots do not come back).
      undo: { statements: [new iam.PolicyStatement({ actions: ['drs:StartReplication'], resources: [serverArn] })] },
    });
    this.stopRequestedAt = this.attribute(DrsStopAttributes.STOP_REQUESTED_AT);
  }

  /**
   * The server's `dataReplicationState` when the operation finished (`STOPPED`), or `NOT_FOUND`.
   *
   * @deprecated use `status`, the name every cdk-cutover construct uses for it
   */
  get replicationState(): string {
    return this.status;
  }
}
