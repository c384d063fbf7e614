/**
 * DMS Serverless replication states and what StopReplication does in each: the ONE place both the
 * emulator and the DmsStopReplication handler read them from. No SDK or aws-cdk-lib imports.
 *
 * Sources (public AWS DMS documentation):
 * - State names and order after a start: DMS User Guide, "Serverless components"
 *   (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Serverless.Components.html): Initializing,
 *   Preparing Metadata Resources, Testing Connection, Fetching Metadata, Calculating Capacity,
 *   Provisioning Capacity, Replication Starting, Running.
 * - Wire spelling (lower case, underscores): the API's `Replication.Status` is a free string; the
 *   spelling below is the one the AWS provider for Terraform matches on (not in the docs).
 * - StopReplication "stops any and all ongoing DMS Serverless replications" and "doesn't deprovision
 *   the stopped replications" (DMS API Reference, StopReplication).
 * - Delete is allowed only in STOPPED or FAILED ("Serverless limitations" page), and the API refuses
 *   work on a "non-RUNNING and non-STARTING" replication (DeleteReplicationConfig).
 * - IsReadOnly: "managed by DMS as part of a zero-ETL integration and cannot be modified or deleted
 *   directly" (DMS API Reference, Replication).
 * - StopReason values carry the literal "Stop Reason " prefix (DMS API Reference, Replication).
 *
 * POLICY (undocumented, chosen here and enforced by the emulator): StopReplication is accepted only
 * while `running`; in every start-up state it is refused with InvalidResourceStateFault (no compute
 * runs yet: wait for `running`, then stop), and at rest or while stopping it is refused too. A
 * read-only (zero-ETL) replication is never stopped directly.
 */

/**
 * Start-up states, in the order DMS passes through them after StartReplication.
 *
 * @internal
 */
export const START_UP_STATES: readonly string[] = [
  'initializing',
  'preparing_metadata_resources',
  'testing_connection',
  'fetching_metadata',
  'calculating_capacity',
  'provisioning_capacity',
  'replication_starting',
];

/**
 * "the replication of data is ongoing".
 *
 * @internal
 */
export const RUNNING_STATE = 'running';
/**
 * After StopReplication, until the replication reads `stopped`.
 *
 * @internal
 */
export const STOPPING_STATE = 'stopping';

/**
 * States in which the DmsStopReplication handler asks for a stop: running, and every start-up state
 * (a real DMS may accept a stop during start-up; where it refuses, the handler looks again).
 *
 * @internal
 */
export const STOP_REQUESTED_STATES: ReadonlySet<string> = new Set([...START_UP_STATES, RUNNING_STATE]);

/**
 * States StopReplication accepts (POLICY: only a running replication has anything to stop).
 *
 * @internal
 */
export const STOPPABLE_STATES: ReadonlySet<string> = new Set([RUNNING_STATE]);

/**
 * States in which nothing runs: a stop has nothing to do (created/ready: never started; failed; stopped).
 *
 * @internal
 */
export const AT_REST_STATES: ReadonlySet<string> = new Set(['created', 'ready', 'stopped', 'failed']);

/**
 * States that pass by themselves: wait, then decide (start-up, stopping, a modification or deletion).
 *
 * @internal
 */
export const TRANSITIONAL_STATES: ReadonlySet<string> = new Set([...START_UP_STATES, STOPPING_STATE, 'modifying', 'deleting']);

/**
 * States in which StopReplication answers InvalidResourceStateFault (POLICY: every state but running).
 *
 * @internal
 */
export function refusesStop(status: string): boolean {
  return !STOPPABLE_STATES.has(status);
}

/**
 * POLICY: a read-only (zero-ETL) replication refuses StopReplication whatever its state.
 *
 * @internal
 */
export const READ_ONLY_REFUSES_STOP = true;

/**
 * Documented StopReason values (each with the literal "Stop Reason " prefix).
 *
 * @internal
 */
export const StopReasons = {
  /** Stopped by StopReplication. */
  NORMAL: 'Stop Reason NORMAL',
  /** A full-load-only replication finished by itself. */
  FULL_LOAD_ONLY_FINISHED: 'Stop Reason FULL_LOAD_ONLY_FINISHED',
  STOPPED_AFTER_FULL_LOAD: 'Stop Reason STOPPED_AFTER_FULL_LOAD',
  RECOVERABLE_ERROR: 'Stop Reason RECOVERABLE_ERROR',
  FATAL_ERROR: 'Stop Reason FATAL_ERROR',
  STOPPED_AT_SERVER_TIME: 'Stop Reason STOPPED_AT_SERVER_TIME',
  STOPPED_AT_COMMIT_TIME: 'Stop Reason STOPPED_AT_COMMIT_TIME',
} as const;

/**
 * The DescribeReplications filter names (DMS API Reference).
 *
 * @internal
 */
export const REPLICATION_FILTERS: ReadonlySet<string> = new Set(['replication-config-arn', 'replication-config-id']);

/**
 * `arn:PARTITION:dms:REGION:ACCOUNT:replication-config:RESOURCE_ID` (the id is not the config's identifier).
 *
 * @internal
 */
export const REPLICATION_CONFIG_ARN = /^arn:(aws[\w-]*):dms:([a-z0-9-]+):(\d{12}):replication-config:([A-Za-z0-9-]+)$/;

/**
 * CloudWatch (namespace AWS/DMS) dimension of a serverless replication's CDCLatencySource/Target.
 * UNVERIFIED: the docs only say the metrics are "grouped by each serverless replication", and
 * third-party dashboards disagree (ReplicationConfigId vs ReplicationConfigIdentifier). The emulator
 * publishes this name with the config ARN's resource id as value (as classic tasks' metrics carry
 * the task ARN's resource id, not its name); a handler should find the real dimension with
 * ListMetrics and match the value against both the resource id and the config identifier.
 *
 * @internal
 */
export const SERVERLESS_LATENCY_DIMENSION = 'ReplicationConfigIdentifier';
