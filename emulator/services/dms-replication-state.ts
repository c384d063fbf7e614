import type { Caller } from '../core/identity';

/**
 * One DMS Serverless replication as the emulator holds it. Kept below dms-serverless.ts (the
 * replications) and dms-replication-configs.ts (their configurations) so that both can use it
 * without importing each other.
 */
export interface DmsReplicationState {
  readonly configArn: string;
  readonly configIdentifier: string;
  readonly status: string;
  readonly stopReason?: string;
  readonly replicationType: 'full-load' | 'cdc' | 'full-load-and-cdc';
  readonly isReadOnly: boolean;
  readonly failureMessages: readonly string[];
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly lastStopTime?: number;
  readonly fullLoadFinishedAt?: number;
  readonly recoveryCheckpoint?: string;
  readonly stopDurationMs: number;
  /** The type and CDC positions of the last StartReplication. */
  readonly startReplicationType?: string;
  readonly cdcStartPosition?: string;
  readonly cdcStopPosition?: string;
  /** Emulated ms each start-up state lasts after a StartReplication (undefined: the start module's default). */
  readonly startStepMs?: number;
}

/** The replications a caller's account and region can see: what DescribeReplicationConfigs reads. */
export interface VisibleReplications {
  visibleReplications(caller: Caller): DmsReplicationState[];
}
