/**
 * The contract between the constructs (lib/) and the handler (lambda/): resource type names,
 * property keys and attribute names. Both sides import this module, so a key can never drift.
 *
 * CloudFormation delivers every property as a string, so numbers and booleans cross this boundary
 * as strings and are parsed explicitly on the handler side.
 */

/** The stack events a cutover operation can run on. */
export enum LifecycleEvent {
  /** When the custom resource is created (the stack is deployed with it for the first time). */
  CREATE = 'Create',
  /** When the custom resource's properties change. */
  UPDATE = 'Update',
  /** When the custom resource is deleted (stack teardown, or the construct is removed). */
  DELETE = 'Delete',
}

/**
 * CloudFormation resource types, one per operation.
 *
 * @internal
 */
export const ResourceTypes = {
  DMS_STOP_REPLICATION_TASK: 'Custom::CutoverDmsStopReplicationTask',
  DMS_ASSESSMENT_RUN: 'Custom::CutoverDmsAssessmentRun',
  DRS_STOP_REPLICATION: 'Custom::CutoverDrsStopReplication',
  RDS_CANCEL_EXPORT_TASK: 'Custom::CutoverRdsCancelExportTask',
  HUAWEI_DCS_STOP_MIGRATION_TASK: 'Custom::CutoverHuaweiDcsStopMigrationTask',
} as const;
/** @internal */
export type ResourceType = (typeof ResourceTypes)[keyof typeof ResourceTypes];

/**
 * Defaults of the common properties. A property left at its default is not written into the
 * template (every operation would otherwise repeat it); the handler applies the same defaults.
 *
 * @internal
 */
export const DEFAULT_RUN_ON: Readonly<Record<ResourceType, readonly LifecycleEvent[]>> = {
  [ResourceTypes.DMS_STOP_REPLICATION_TASK]: [LifecycleEvent.DELETE],
  [ResourceTypes.DMS_ASSESSMENT_RUN]: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE],
  [ResourceTypes.DRS_STOP_REPLICATION]: [LifecycleEvent.DELETE],
  [ResourceTypes.RDS_CANCEL_EXPORT_TASK]: [LifecycleEvent.DELETE],
  [ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK]: [LifecycleEvent.DELETE],
};
/** @internal */
export const DEFAULT_TIMEOUT_SECONDS = 1800;
/** @internal */
export const DEFAULT_WAIT_FOR_COMPLETION = true;

/**
 * Properties every cutover resource carries.
 *
 * @internal
 */
export const CommonProps = {
  /** JSON array of LifecycleEvent values; absent means DEFAULT_RUN_ON of the resource type. */
  RUN_ON: 'RunOn',
  /** 'true' | 'false'; absent means DEFAULT_WAIT_FOR_COMPLETION. */
  WAIT_FOR_COMPLETION: 'WaitForCompletion',
  /** Seconds the operation may take, from the first handler call to completion; absent means DEFAULT_TIMEOUT_SECONDS. */
  TIMEOUT_SECONDS: 'TimeoutSeconds',
} as const;

/** @internal */
export const DmsStopProps = {
  REPLICATION_TASK_ARN: 'ReplicationTaskArn',
} as const;

/**
 * Attributes every cutover resource returns.
 *
 * @internal
 */
export const CommonAttributes = {
  /** What the handler did: see {@link Outcomes}. */
  OUTCOME: 'Outcome',
  /** The target's status when the operation finished. */
  STATUS: 'Status',
  /** Epoch milliseconds at which this operation started (used to enforce the timeout). */
  STARTED_AT: 'StartedAt',
} as const;

/** @internal */
export const DmsStopAttributes = {
  STOP_REASON: 'StopReason',
} as const;

/** @internal */
export const DmsAssessmentProps = {
  REPLICATION_TASK_ARN: 'ReplicationTaskArn',
  SERVICE_ACCESS_ROLE_ARN: 'ServiceAccessRoleArn',
  RESULT_LOCATION_BUCKET: 'ResultLocationBucket',
  /** '' when the results go to the bucket root. */
  RESULT_LOCATION_FOLDER: 'ResultLocationFolder',
  /** 'SSE_S3' | 'SSE_KMS' | '' (DMS's default). */
  RESULT_ENCRYPTION_MODE: 'ResultEncryptionMode',
  RESULT_KMS_KEY_ARN: 'ResultKmsKeyArn',
  /** The name the user chose; each run gets a suffix unique to its stack event (names are unique per task). */
  ASSESSMENT_RUN_NAME: 'AssessmentRunName',
  /** Array of individual assessment names, or absent. */
  INCLUDE_ONLY: 'IncludeOnly',
  /** Array of individual assessment names, or absent. */
  EXCLUDE: 'Exclude',
  /** Array of { Key, Value }. */
  TAGS: 'Tags',
  /** 'true' | 'false'. */
  FAIL_DEPLOYMENT_ON_FAILURE: 'FailDeploymentOnFailure',
  /** 'true' | 'false'. */
  FAIL_ON_WARNING: 'FailOnWarning',
} as const;

/** @internal */
export const DmsAssessmentAttributes = {
  RUN_ARN: 'AssessmentRunArn',
  RUN_NAME: 'AssessmentRunName',
  /** s3://bucket/folder/ where DMS wrote the reports. */
  RESULTS_S3_URI: 'ResultsS3Uri',
  PASSED_COUNT: 'PassedCount',
  FAILED_COUNT: 'FailedCount',
  ERROR_COUNT: 'ErrorCount',
  WARNING_COUNT: 'WarningCount',
  CANCELLED_COUNT: 'CancelledCount',
  SKIPPED_COUNT: 'SkippedCount',
  /** Why a run that did not pass was let through (warnings, or failDeploymentOnFailure false); '' otherwise. */
  NOTE: 'Note',
} as const;

/** @internal */
export const HuaweiDcsStopProps = {
  /** The Huawei Cloud project id (32 hex characters) that owns the migration task. */
  PROJECT_ID: 'ProjectId',
  /** The DCS migration task id (a UUID). */
  TASK_ID: 'TaskId',
  /** The DCS endpoint origin, e.g. https://dcs.cn-north-4.myhuaweicloud.com. */
  ENDPOINT: 'Endpoint',
  /** ARN of the Secrets Manager secret holding {"accessKeyId","secretAccessKey"}; never the values. */
  CREDENTIALS_SECRET_ARN: 'CredentialsSecretArn',
} as const;

/** @internal */
export const HuaweiDcsStopAttributes = {
  TASK_NAME: 'TaskName',
  /** `online_migration` or `backupfile_import`. */
  MIGRATION_TYPE: 'MigrationType',
  /** `full_amount_migration` or `incremental_migration`. */
  MIGRATION_METHOD: 'MigrationMethod',
} as const;

/** @internal */
export const DrsStopProps = {
  /** The DRS source server id, `s-` followed by 17 alphanumerics. */
  SOURCE_SERVER_ID: 'SourceServerId',
} as const;

/** @internal */
export const DrsStopAttributes = {
  /** Epoch milliseconds at which DRS accepted the first call's StopReplication ('' when it was not accepted then). */
  STOP_REQUESTED_AT: 'StopRequestedAt',
} as const;

/** @internal */
export const RdsCancelExportProps = {
  EXPORT_TASK_IDENTIFIER: 'ExportTaskIdentifier',
} as const;

/** @internal */
export const RdsCancelExportAttributes = {
  /** The bucket the export wrote to: cancelling does not remove data already written there. */
  S3_BUCKET: 'S3Bucket',
  /** The key prefix of the export's objects in that bucket ('' when it wrote to the bucket root). */
  S3_PREFIX: 'S3Prefix',
} as const;

/**
 * Values of the Outcome attribute.
 *
 * @internal
 */
export const Outcomes = {
  /** The handler performed the operation and it reached its end state. */
  DONE: 'DONE',
  /** The operation was issued; waitForCompletion was false so nobody waited for its end state. */
  ISSUED: 'ISSUED',
  /** The target was already in the end state (or another terminal state); nothing was called. */
  NOTHING_TO_DO: 'NOTHING_TO_DO',
  /** The target does not exist (only ever a success on Delete). */
  NOT_FOUND: 'NOT_FOUND',
  /** The event is not listed in runOn. */
  SKIPPED: 'SKIPPED',
} as const;

/**
 * Status reported when the target does not exist.
 *
 * @internal
 */
export const NOT_FOUND_STATUS = 'NOT_FOUND';

/**
 * Environment variable telling the isComplete handler how often the Provider polls it.
 *
 * @internal
 */
export const POLL_INTERVAL_ENV = 'CUTOVER_POLL_INTERVAL_SECONDS';

/**
 * How often the Provider calls isComplete, in seconds (see the waiting targets in the README).
 *
 * @internal
 */
export const DEFAULT_POLL_INTERVAL_SECONDS = 10;

/**
 * Upper bound on any operation's timeout: CloudFormation stops waiting on a custom resource after one hour.
 *
 * @internal
 */
export const MAX_TIMEOUT_SECONDS = 3600;
