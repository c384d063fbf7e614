export { LifecycleEvent } from './contract';
export type { CutoverOperationProps } from './cutover-operation';
export { DmsStopReplicationTask } from './dms-stop-replication-task';
export type { DmsStopReplicationTaskProps } from './dms-stop-replication-task';
