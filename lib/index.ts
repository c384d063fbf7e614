export { LifecycleEvent } from './contract';
export type { CutoverOperationProps } from './cutover-operation';
export { DmsStopReplicationTask } from './dms-stop-replication-task';
export type { DmsStopReplicationTaskProps } from './dms-stop-replication-task';
export { AssessmentResultEncryption, DmsAssessmentRun } from './dms-assessment-run';
export type { DmsAssessmentRunProps } from './dms-assessment-run';
