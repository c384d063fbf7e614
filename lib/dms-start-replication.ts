import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DmsStartAttributes, encodeDmsStartReplication, ResourceTypes } from '../contract';
import { isUnresolved, CutoverOperation } from './cutover-operation';
import { DmsStartOperationProps, dmsStartOptions } from './dms-start-options';
import { UndoOnRollbackProps } from './undo-on-rollback';

/** Properties of {@link DmsStartReplication}. */
export interface DmsStartReplicationProps extends DmsStartOperationProps, UndoOnRollbackProps {
  /**
   * ARN of the DMS Serverless replication config whose replication to start, e.g. `config.ref` of
   * a `CfnReplicationConfig`. Started in the ARN's region; a config of another account needs
   * an assumed role.
   */
  readonly replicationConfigArn: string;
}

/**
 * Starts (or resumes) a DMS Serverless replication (`StartReplication` on its replication config)
 * and waits until it is `running`, through every start-up state (initializing,
 * preparing_metadata_resources, testing_connection, fetching_metadata, calculating_capacity,
 * provisioning_capacity, replication_starting). Provisioning capacity can take long: raise
 * `timeout` (up to 12 hours on Create or Update) or do not wait for completion for large replications.
 *
 * A start is a deploy-time step: by default it runs on Create and Update (the default
 * events are CREATE and UPDATE). A running replication, or one already starting up, gets no call (outcome
 * `NOTHING_TO_DO`). A replication managed by a zero-ETL integration (`IsReadOnly`) is never started
 * directly: the step fails and says to start it through the integration.
 */
export class DmsStartReplication extends CutoverOperation {
  /** The StartReplicationType sent; empty when nothing was sent. */
  readonly startTypeSent: string;
  /** The CDC start sent: the CDC start position, or the CDC start time as ISO-8601; empty when none. */
  readonly cdcStartSent: string;
  /** The CDC stop position sent; empty when none. */
  readonly cdcStopSent: string;
  /** Epoch milliseconds at which DMS accepted the start on the operation's first call; empty otherwise. */
  readonly startRequestedAt: string;

  constructor(scope: Construct, id: string, props: DmsStartReplicationProps) {
    super(scope, id, props);
    const arn = props.replicationConfigArn;
    this._createResource({
      identity: { prop: 'replicationConfigArn', value: arn },
      resourceType: ResourceTypes.DMS_START_REPLICATION,
      properties: encodeDmsStartReplication({ replicationConfigArn: arn, ...dmsStartOptions(props) }, isUnresolved),
      statements: [new iam.PolicyStatement({ actions: ['dms:StartReplication'], resources: [arn] })],
      unscopedActions: ['dms:DescribeReplications'],
      target: { arn: { prop: 'replicationConfigArn', value: arn }, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
      // undoOnRollback's rollback stops the replication this step started.
      undo: { statements: [new iam.PolicyStatement({ actions: ['dms:StopReplication'], resources: [arn] })] },
    });
    this.startTypeSent = this.attribute(DmsStartAttributes.START_TYPE_SENT);
    this.cdcStartSent = this.attribute(DmsStartAttributes.CDC_START_SENT);
    this.cdcStopSent = this.attribute(DmsStartAttributes.CDC_STOP_SENT);
    this.startRequestedAt = this.attribute(DmsStartAttributes.START_REQUESTED_AT);
  }
}
