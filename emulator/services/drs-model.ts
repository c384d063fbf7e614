/**
 * The emulated DRS source server: its state, the changes a test schedules for it and how it is
 * seeded. Kept apart from the service (emulator/services/drs.ts), which speaks the wire protocol.
 */
export type DrsLaunchStatus = 'PENDING' | 'IN_PROGRESS' | 'LAUNCHED' | 'FAILED' | 'TERMINATED';

export interface DrsSourceServerState {
  readonly id: string;
  readonly arn: string;
  readonly hostname: string;
  /** The `dataReplicationInfo.dataReplicationState` (CONTINUOUS, INITIAL_SYNC, STOPPED, …). */
  readonly dataReplicationState: string;
  /** The last recovery or drill launch, if any. */
  readonly launch?: { readonly status: DrsLaunchStatus; readonly type: 'RECOVERY' | 'DRILL'; readonly jobId: string; readonly initiatedAt: number };
  /** Emulated time a StopReplication was accepted; set until replication reads STOPPED. */
  readonly stopRequestedAt?: number;
  readonly addedAt: number;
  readonly stopDurationMs: number;
  /** When the current replication initiation began (dataReplicationInitiation.startDateTime). */
  readonly initiatedAt?: number;
  /** dataReplicationError.error while replication is STALLED (e.g. FAILED_TO_ESTABLISH_AGENT_REPLICATOR_SOFTWARE_COMMUNICATION). */
  readonly replicationError?: string;
  /** Emulated ms from StartReplication to CONTINUOUS (undefined: the start module's timing). */
  readonly syncDurationMs?: number;
}

/** A change that happens to a seeded server by itself, relative to the moment it is seeded. */
export interface DrsSourceServerChange {
  readonly afterMs: number;
  readonly dataReplicationState?: string;
  /** The launch job moves on (e.g. a drill that finishes: LAUNCHED). */
  readonly launchStatus?: DrsLaunchStatus;
  /** dataReplicationError.error from then on ('' clears it). */
  readonly replicationError?: string;
  /** The server disappears (deleted outside the stack). */
  readonly deleted?: boolean;
}

export interface DrsSourceServerSeed {
  /** @default a random `s-` id */
  readonly id?: string;
  /** @default 'app-server' */
  readonly hostname?: string;
  /** @default 'CONTINUOUS' */
  readonly dataReplicationState?: string;
  /** A launch job in this state; PENDING or IN_PROGRESS make StopReplication answer ConflictException. @default - never launched */
  readonly launchStatus?: DrsLaunchStatus;
  /** @default 'DRILL' */
  readonly launchType?: 'RECOVERY' | 'DRILL';
  /** Emulated milliseconds from StopReplication to STOPPED. @default the service's stopDurationMs */
  readonly stopDurationMs?: number;
  /** Emulated ms from StartReplication to CONTINUOUS (a third INITIATING, the rest INITIAL_SYNC). @default the start module's timing */
  readonly syncDurationMs?: number;
  readonly then?: readonly DrsSourceServerChange[];
  /** The DRS (recovery) region the server is registered in. @default the service's region */
  readonly region?: string;
  /** @default the service's account */
  readonly account?: string;
}

export interface DrsOptions {
  /** Emulated milliseconds from StopReplication to STOPPED. @default 2000 */
  readonly stopDurationMs?: number;
  readonly region?: string;
  readonly account?: string;
}
