import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CommonAttributes, DrsStopProps, ResourceTypes } from '../contract';
import { CutoverOperationProps, createCutoverResource, isToken, validateCutoverProps } from './cutover-operation';

/** Properties of {@link DrsStopReplication}. */
export interface DrsStopReplicationProps extends CutoverOperationProps {
  /** ID of the AWS Elastic Disaster Recovery source server, e.g. `s-1234567890abcdef0`. */
  readonly sourceServerId: string;

  /**
   * Confirms that stopping replication deletes the server's snapshots (its recovery points). DRS StopReplication
   * "would make the Source Server unprotected, delete its existing snapshots and stop billing for
   * it", so the construct only synthesizes when this is `true`.
   */
  readonly acknowledgeSnapshotDeletion: boolean;
}

const SOURCE_SERVER_ID = /^s-[0-9a-zA-Z]{17}$/;

/**
 * Stops AWS Elastic Disaster Recovery replication for one source server and waits until its
 * `dataReplicationState` is `STOPPED`.
 *
 * By default it runs on Delete: decommissioning a protected server with the stack that protected
 * it. Stopping replication deletes the server's snapshots, so `acknowledgeSnapshotDeletion: true`
 * is required. A server that is already stopped, or gone on Delete, is success; while DRS refuses
 * the stop because the server is busy (a recovery or drill launch), the operation waits and retries
 * within its timeout.
 */
export class DrsStopReplication extends Construct {
  /** The server's `dataReplicationState` when the operation finished (`STOPPED`), or `NOT_FOUND`. */
  readonly replicationState: string;
  /** What the handler did: DONE, ISSUED, NOTHING_TO_DO, NOT_FOUND or SKIPPED. */
  readonly outcome: string;

  constructor(scope: Construct, id: string, props: DrsStopReplicationProps) {
    super(scope, id);
    validateCutoverProps(props);
    if (props.acknowledgeSnapshotDeletion !== true) {
      throw new Error(
        '"acknowledgeSnapshotDeletion" must be true: DRS StopReplication makes the source server unprotected, deletes its ' +
          'existing snapshots (its recovery points) and stops billing for it. Set "acknowledgeSnapshotDeletion: true" ' +
          'once you no longer need to recover this server, or remove the construct.',
      );
    }
    const serverId = props.sourceServerId;
    if (!isToken(serverId) && !SOURCE_SERVER_ID.test(serverId ?? '')) {
      throw new Error(
        `"sourceServerId" must be a DRS source server ID like s-1234567890abcdef0 ("s-" and 17 letters or digits); got ${JSON.stringify(serverId)}. ` +
          'Copy it from the DRS console (Source servers) or "aws drs describe-source-servers".',
      );
    }
    const serverArn = Stack.of(this).formatArn({
      service: 'drs',
      resource: 'source-server',
      resourceName: serverId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const resource = createCutoverResource(this, props, {
      resourceType: ResourceTypes.DRS_STOP_REPLICATION,
      properties: { [DrsStopProps.SOURCE_SERVER_ID]: serverId },
      statements: [new iam.PolicyStatement({ actions: ['drs:StopReplication'], resources: [serverArn] })],
      // No resource-level permissions exist for it: the reason (also cdk-nag's acknowledgement) is in private/unscoped-actions.ts.
      unscopedActions: ['drs:DescribeSourceServers'],
    });
    this.replicationState = resource.getAttString(CommonAttributes.STATUS);
    this.outcome = resource.getAttString(CommonAttributes.OUTCOME);
  }
}
