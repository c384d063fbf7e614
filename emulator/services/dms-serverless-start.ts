import { REPLICATION_START_ACCEPTING_STATES } from '../../contract/dms-start';
import { START_UP_STATES, StopReasons } from '../../contract/dms-serverless';
import type { Clock } from '../core/clock';
import type { Caller } from '../core/identity';
import { awsJson } from '../core/protocols';
import type { EmulatorResponse } from '../core/types';
import { startRequestRefusal } from './dms-start-request';
import type { DmsReplicationState, DmsServerlessReplications } from './dms-serverless';
import type { DmsService } from './dms';


export interface DmsServerlessStartOptions {
  /** Emulated ms each start-up state lasts (initializing … replication_starting, then running). @default 500 */
  readonly startUpStepMs?: number;
  /** Emulated ms a started `full-load` replication runs before it stops by itself. @default 4000 */
  readonly fullLoadDurationMs?: number;
}

/**
 * DMS Serverless StartReplication on the DMS endpoint (awsJson1_1), on the replications of
 * {@link DmsServerlessReplications}.
 *
 * As the DMS API Reference documents it: StartReplicationType is required, a first run accepts only
 * `start-replication`, CdcStartTime with CdcStartPosition is an error; the replication walks through
 * every start-up state (contract/dms-serverless.ts START_UP_STATES) to `running`. POLICY where DMS
 * documents nothing: accepted from `created`, `ready`, `stopped` and `failed`, refused with
 * InvalidResourceStateFault from every other state (named in upper case, as DMS's messages do) and
 * for a read-only (zero-ETL) replication; a `full-load` replication stops by itself afterwards.
 */
export class DmsServerlessStarts {
  private readonly startUpStepMs: number;
  private readonly fullLoadDurationMs: number;
  /** Every StartReplication accepted, in order. */
  readonly accepted: Array<{ readonly arn: string; readonly type: string; readonly cdcStartPosition?: string; readonly cdcStartTime?: number; readonly cdcStopPosition?: string }> = [];

  constructor(
    private readonly clock: Clock,
    dms: DmsService,
    private readonly replications: DmsServerlessReplications,
    options: DmsServerlessStartOptions = {},
  ) {
    this.startUpStepMs = options.startUpStepMs ?? 500;
    this.fullLoadDurationMs = options.fullLoadDurationMs ?? 4000;
    dms.operations.set('StartReplication', (input, caller) => this.start(input, caller));
  }

  private start(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const refused = startRequestRefusal(input, 'ReplicationConfigArn', 'StartReplicationType');
    if (refused) return refused;
    const arn = input.ReplicationConfigArn as string;
    const type = input.StartReplicationType as string;
    const { CdcStartTime: cdcStartTime, CdcStartPosition: cdcStartPosition, CdcStopPosition: cdcStopPosition } = input;
    const timeline = this.replications.timelineFor(arn, caller);
    const r = timeline?.read(this.clock.now());
    if (!timeline || !r) return awsJson.error('ResourceNotFoundFault', `Replication config ${arn} not found`);
    if (r.isReadOnly) {
      return awsJson.error('InvalidResourceStateFault', `Replication for Replication Config: ${r.configIdentifier} is read-only (zero-ETL) and cannot be started directly`);
    }
    if (!REPLICATION_START_ACCEPTING_STATES.has(r.status)) {
      return awsJson.error('InvalidResourceStateFault', `Replication for Replication Config: ${r.configIdentifier} is in ${r.status.toUpperCase()} state and cannot start`);
    }
    if (r.startedAt === undefined && type !== 'start-replication') {
      return awsJson.error(
        'InvalidResourceStateFault',
        `Replication for Replication Config: ${r.configIdentifier} has never run: start-replication is the only valid StartReplicationType for its first run`,
      );
    }
    const hasCdc = cdcStartTime !== undefined || cdcStartPosition !== undefined || cdcStopPosition !== undefined;
    if (hasCdc && r.replicationType === 'full-load') {
      return awsJson.error('InvalidParameterCombinationException', 'CDC start and stop positions apply only to replications with CDC (cdc or full-load-and-cdc)');
    }
    this.accepted.push({
      arn,
      type,
      ...(typeof cdcStartPosition === 'string' ? { cdcStartPosition } : {}),
      ...(typeof cdcStartTime === 'number' ? { cdcStartTime } : {}),
      ...(typeof cdcStopPosition === 'string' ? { cdcStopPosition } : {}),
    });
    const now = this.clock.now();
    const step = r.startStepMs ?? this.startUpStepMs;
    const initializing: DmsReplicationState = {
      ...r,
      status: START_UP_STATES[0],
      stopReason: undefined,
      startedAt: now,
      startReplicationType: type,
      cdcStartPosition: typeof cdcStartPosition === 'string' ? cdcStartPosition : typeof cdcStartTime === 'number' ? new Date(cdcStartTime * 1000).toISOString().slice(0, 19) : undefined,
      cdcStopPosition: typeof cdcStopPosition === 'string' ? cdcStopPosition : undefined,
    };
    timeline.set(initializing);
    const later = [...START_UP_STATES.slice(1), 'running'];
    later.forEach((status, i) => timeline.at(now + (i + 1) * step, (current) => ({ ...current, status })));
    if (r.replicationType === 'full-load') {
      const finishedAt = now + later.length * step + this.fullLoadDurationMs;
      timeline.at(finishedAt, (current) => ({
        ...current,
        status: 'stopped',
        stopReason: StopReasons.FULL_LOAD_ONLY_FINISHED,
        fullLoadFinishedAt: finishedAt,
        lastStopTime: finishedAt,
      }));
    }
    return awsJson.ok({ Replication: this.replications.wireReplication(initializing) });
  }
}
