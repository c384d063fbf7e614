/** Run states that end by themselves; every other status is final (DMS documents no "cancelled", yet reports it). */
export const IN_PROGRESS: ReadonlySet<string> = new Set(['starting', 'provisioning', 'running', 'cancelling', 'deleting']);
/** Run states in which DMS accepts a cancel. */
export const CANCELLABLE: ReadonlySet<string> = new Set(['starting', 'provisioning', 'running']);
/**
 * Task states in which DMS accepts a new assessment run. DMS documents none; these are the states
 * of a task that is not moving (created, stopped, or failed), as the console offers assessments for.
 */
export const ASSESSABLE_TASK_STATES: ReadonlySet<string> = new Set(['ready', 'stopped', 'failed']);
export const RUN_ARN = /^arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:assessment-run:[A-Za-z0-9-]+$/;
/** Physical id of a run whose start had to wait for the task: the run is found again by its name. */
export const PENDING_ID = /^(arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:task:[A-Za-z0-9-]+)\/assessment-run-name\/([A-Za-z0-9-]+)$/;
/** Status reported while the task must settle before the run can start (never a run status). */
export const TASK_STATUS_PREFIX = 'task:';
/** How many names a failure reason lists before it summarises the rest. */
export const MAX_LISTED = 20;
/**
 * Migration types whose task, once `running`, replicates changes until someone stops it: such a task
 * never becomes assessable by itself. A full-load task finishes and stops on its own.
 */
export const ONGOING_MIGRATION_TYPES: ReadonlySet<string> = new Set(['cdc', 'full-load-and-cdc']);
