import { Arn, ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DrsStartAttributes, encodeDrsStartReplication, ResourceTypes } from '../contract';
import { CutoverOperation, isUnresolved } from './cutover-operation';
import type { AwsCutoverOperationProps } from './cutover-operation-props';
import { regionalTarget } from './private/target-location';
import { UndoOnRollbackProps } from './undo-on-rollback';

/** Properties of {@link DrsStartReplication}. */
export interface DrsStartReplicationProps extends AwsCutoverOperationProps, UndoOnRollbackProps {
  /** ID of the AWS Elastic Disaster Recovery source server, e.g. `s-1234567890abcdef0`. */
  readonly sourceServerId: string;

  /**
   * The region the source server (the DRS recovery region, not the machine's origin region) lives
   * in: the handler calls DRS there, and the IAM grants name it (with its partition).
   *
   * @default - the stack's region
   */
  readonly region?: string;

  /**
   * Confirms that the undo of this start may delete the server's snapshots: with undo on rollback,
   * a rollback stops replication again, and DRS StopReplication deletes the snapshots (its recovery
   * points) taken since the start. Required (`true`) with undo on rollback; not used otherwise.
   *
   * @default false
   */
  readonly acknowledgeSnapshotDeletion?: boolean;
}

/**
 * Starts AWS Elastic Disaster Recovery replication of a stopped source server and waits until its
 * `dataReplicationState` is `CONTINUOUS`, through INITIATING, INITIAL_SYNC, BACKLOG,
 * CREATING_SNAPSHOT and RESCAN.
 *
 * What a restart costs: the stop deleted the server's snapshots, and they do not come back. The
 * server re-syncs every disk from the start (an initial sync of large disks can take hours, so
 * raise `timeout` or do not wait for completion), and recovery points exist again only from
 * then on. DRS bills the server again once replication runs.
 *
 * A start is a deploy-time step: by default it runs on Create and Update (the default
 * events are CREATE and UPDATE). A server already CONTINUOUS, or already syncing, gets no call (outcome
 * `NOTHING_TO_DO`). STALLED or DISCONNECTED replication fails the step with DRS's error and what
 * to check. A region where DRS was never initialized fails with a reason naming it.
 */
export class DrsStartReplication extends CutoverOperation {
  /** Epoch milliseconds at which DRS accepted StartReplication on the operation's first call; empty otherwise. */
  readonly startRequestedAt: string;

  constructor(scope: Construct, id: string, props: DrsStartReplicationProps) {
    super(scope, id, props);
    if (props.undoOnRollback === true && props.acknowledgeSnapshotDeletion !== true) {
      throw new Error(
        '"undoOnRollback" on DrsStartReplication needs "acknowledgeSnapshotDeletion: true": its undo is a DRS StopReplication, which ' +
          'makes the source server unprotected and deletes its snapshots (its recovery points). Set "acknowledgeSnapshotDeletion: true" ' +
          'to accept that, or remove "undoOnRollback".',
      );
    }
    const serverId = props.sourceServerId;
    const serverArn = Arn.format({
      ...regionalTarget(this, props.region),
      service: 'drs',
      resource: 'source-server',
      resourceName: serverId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this._createResource({
      identity: { prop: 'sourceServerId', value: props.region ? `${props.region}/${serverId}` : serverId },
      resourceType: ResourceTypes.DRS_START_REPLICATION,
      properties: encodeDrsStartReplication({ sourceServerId: serverId }, isUnresolved),
      statements: [new iam.PolicyStatement({ actions: ['drs:StartReplication'], resources: [serverArn] })],
      unscopedActions: ['drs:DescribeSourceServers'],
      target: { region: props.region, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
      // undoOnRollback's rollback stops replication again (which deletes the snapshots: acknowledged above).
      undo: { statements: [new iam.PolicyStatement({ actions: ['drs:StopReplication'], resources: [serverArn] })] },
    });
    this.startRequestedAt = this.attribute(DrsStartAttributes.START_REQUESTED_AT);
  }
}
