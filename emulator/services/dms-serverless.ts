import {
  READ_ONLY_REFUSES_STOP,
  refusesStop,
  REPLICATION_CONFIG_ARN,
  REPLICATION_FILTERS,
  START_UP_STATES,
  StopReasons,
} from '../../contract/dms-serverless';
import type { Clock } from '../core/clock';
import { Caller, scopeOf } from '../core/identity';
import { awsJson, epochSeconds } from '../core/protocols';
import { Timeline } from '../core/timeline';
import type { EmulatorResponse } from '../core/types';
import { type DmsService, isVisible } from './dms';
import { pageRecords, parseFilters, randomResourceId } from './dms-describe';
import { serveReplicationConfigs } from './dms-replication-configs';
import type { DmsReplicationState } from './dms-replication-state';

export type { DmsReplicationState } from './dms-replication-state';

/** A change that happens to a seeded replication by itself, relative to the moment it is seeded. */
export interface DmsReplicationChange {
  readonly afterMs: number;
  readonly status?: string;
  readonly stopReason?: string;
  readonly failureMessage?: string;
  /** The replication config disappears (deleted outside the stack). */
  readonly deleted?: boolean;
}

export interface DmsReplicationSeed {
  /** The ReplicationConfigIdentifier (a name). */
  readonly identifier: string;
  /** The ARN's resource id. @default a random 26-character id */
  readonly resourceId?: string;
  /** The whole config ARN (e.g. the one a rehearsed stack's config got); overrides region, account and resourceId. */
  readonly arn?: string;
  /** @default 'running' */
  readonly status?: string;
  readonly stopReason?: string;
  /** @default 'full-load-and-cdc' */
  readonly replicationType?: 'full-load' | 'cdc' | 'full-load-and-cdc';
  /** Managed by a zero-ETL integration. @default false */
  readonly isReadOnly?: boolean;
  /** Emulated ms from StopReplication (stopping) to stopped. @default the module's stopDurationMs */
  readonly stopDurationMs?: number;
  /**
   * Seeded in `initializing`, it walks through every start-up state to `running`, one state every
   * `startUpStepMs` emulated ms. @default - no start-up: the seeded status stays until something changes it
   */
  readonly startUpStepMs?: number;
  /** A `full-load` replication stops by itself this long after seeding (StopReason FULL_LOAD_ONLY_FINISHED). @default - never */
  readonly fullLoadFinishesAfterMs?: number;
  /** Emulated ms each start-up state lasts after a StartReplication. @default the start module's startUpStepMs */
  readonly startStepMs?: number;
  readonly then?: readonly DmsReplicationChange[];
  /** @default the DMS service's region */
  readonly region?: string;
  /** @default the DMS service's account */
  readonly account?: string;
}

export interface DmsServerlessOptions {
  /** Emulated ms from StopReplication to stopped. @default 2000 */
  readonly stopDurationMs?: number;
  /**
   * How DescribeReplications answers a filter that matches nothing. Undocumented: ResourceNotFoundFault
   * is the only modeled error (and what sibling Describe operations answer), but an empty list is
   * also possible, and a handler must read both as "no replication". @default 'fault'
   */
  readonly noMatch?: DmsNoMatchAnswer;
}

/** ResourceNotFoundFault, or a 200 with `Replications: []`. */
export type DmsNoMatchAnswer = 'fault' | 'empty-list';

/**
 * DMS Serverless replications (DescribeReplications, StopReplication) on the DMS endpoint. States and
 * the stop policy come from contract/dms-serverless.ts, which the handler reads as well: running →
 * stopping (the answer shows it) → stopped with StopReason NORMAL, a RecoveryCheckpoint and
 * ReplicationLastStopTime; every other state, and a read-only replication, answers
 * InvalidResourceStateFault; an unknown or invisible config answers ResourceNotFoundFault.
 */
export class DmsServerlessReplications {
  private readonly replications = new Map<string, Timeline<DmsReplicationState>>();
  private readonly stopDurationMs: number;
  /** How a filter that matches nothing is answered (settable per test). */
  noMatch: DmsNoMatchAnswer;

  constructor(
    private readonly clock: Clock,
    private readonly dms: DmsService,
    options: DmsServerlessOptions = {},
  ) {
    this.stopDurationMs = options.stopDurationMs ?? 2000;
    this.noMatch = options.noMatch ?? 'fault';
    dms.operations.set('DescribeReplications', (input, caller) => this.describe(input, caller));
    dms.operations.set('StopReplication', (input, caller) => this.stop(input, caller));
    serveReplicationConfigs(dms, this);
  }

  /** Adds a replication (its config and its current run); returns the config ARN. */
  seedReplication(seed: DmsReplicationSeed): string {
    const { region, account } = scopeOf(seed, this.dms);
    const configArn = seed.arn ?? `arn:aws:dms:${region}:${account}:replication-config:${seed.resourceId ?? randomResourceId()}`;
    if (!REPLICATION_CONFIG_ARN.test(configArn)) throw new Error(`Cannot seed a replication with ARN ${configArn}`);
    const now = this.clock.now();
    const status = seed.startUpStepMs !== undefined ? START_UP_STATES[0] : (seed.status ?? 'running');
    const timeline = new Timeline<DmsReplicationState>({
      configArn,
      configIdentifier: seed.identifier,
      status,
      stopReason: seed.stopReason,
      replicationType: seed.replicationType ?? 'full-load-and-cdc',
      isReadOnly: seed.isReadOnly ?? false,
      failureMessages: [],
      createdAt: now,
      startedAt: status === 'created' ? undefined : now,
      startReplicationType: status === 'created' ? undefined : 'start-replication',
      stopDurationMs: seed.stopDurationMs ?? this.stopDurationMs,
      startStepMs: seed.startStepMs,
    });
    if (seed.startUpStepMs !== undefined) {
      [...START_UP_STATES.slice(1), 'running'].forEach((next, i) =>
        timeline.at(now + (i + 1) * seed.startUpStepMs!, (r) => ({ ...r, status: next })),
      );
    }
    if (seed.fullLoadFinishesAfterMs !== undefined) {
      const at = now + seed.fullLoadFinishesAfterMs;
      timeline.at(at, (r) => ({ ...r, status: 'stopped', stopReason: StopReasons.FULL_LOAD_ONLY_FINISHED, fullLoadFinishedAt: at, lastStopTime: at }));
    }
    for (const change of seed.then ?? []) {
      timeline.at(now + change.afterMs, (r) =>
        change.deleted
          ? null
          : {
              ...r,
              status: change.status ?? r.status,
              stopReason: change.stopReason ?? r.stopReason,
              failureMessages: change.failureMessage ? [...r.failureMessages, change.failureMessage] : r.failureMessages,
              lastStopTime: change.status === 'stopped' || change.status === 'failed' ? now + change.afterMs : r.lastStopTime,
            },
      );
    }
    this.replications.set(configArn, timeline);
    return configArn;
  }

  /** The replication as DMS would describe it now, or undefined. */
  replication(configArn: string): DmsReplicationState | undefined {
    return this.replications.get(configArn)?.read(this.clock.now());
  }

  /** Every replication `caller` can see now (its region and account). */
  visibleReplications(caller: Caller): DmsReplicationState[] {
    const now = this.clock.now();
    return [...this.replications].flatMap(([arn, timeline]) => {
      const r = isVisible(arn, caller) ? timeline.read(now) : undefined;
      return r ? [r] : [];
    });
  }

  /** Sets a replication's status out of band (a console user, DMS itself). */
  setStatus(configArn: string, status: string, stopReason?: string): void {
    const timeline = this.replications.get(configArn);
    const current = timeline?.read(this.clock.now());
    if (!timeline || !current) throw new Error(`The emulator has no DMS replication ${configArn}`);
    const ended = status === 'stopped' || status === 'failed';
    const now = this.clock.now();
    // A config that had never run gets its start time when something starts it.
    const startedAt = current.startedAt ?? (status === 'created' ? undefined : now);
    timeline.set({ ...current, status, startedAt, stopReason: stopReason ?? current.stopReason, lastStopTime: ended ? now : current.lastStopTime });
  }

  /** The replication's timeline if `caller` can see it (the start module changes replications through it). */
  timelineFor(configArn: string, caller: Caller): Timeline<DmsReplicationState> | undefined {
    return isVisible(configArn, caller) ? this.replications.get(configArn) : undefined;
  }

  /** Deletes a replication config out of band. */
  deleteReplication(configArn: string): void {
    this.replications.get(configArn)?.remove();
  }

  /** The wire shape of a Replication (awsJson epoch-second timestamps). */
  wireReplication(r: DmsReplicationState): Record<string, unknown> {
    const now = this.clock.now();
    const optional = (value: number | undefined) => (value === undefined ? undefined : epochSeconds(value));
    return {
      ReplicationConfigIdentifier: r.configIdentifier,
      ReplicationConfigArn: r.configArn,
      ReplicationType: r.replicationType,
      Status: r.status,
      IsReadOnly: r.isReadOnly,
      ...(r.stopReason ? { StopReason: r.stopReason } : {}),
      ...(r.failureMessages.length ? { FailureMessages: r.failureMessages } : {}),
      ...(r.startedAt !== undefined ? { ProvisionData: { ProvisionState: 'provisioned', ProvisionedCapacityUnits: 2, DateProvisioned: epochSeconds(r.startedAt) } } : {}),
      ReplicationStats: {
        FullLoadProgressPercent: r.fullLoadFinishedAt !== undefined ? 100 : r.status === 'running' ? 42 : 0,
        ElapsedTimeMillis: r.startedAt === undefined ? 0 : now - r.startedAt,
        StartDate: optional(r.startedAt),
        StopDate: optional(r.lastStopTime),
        FullLoadFinishDate: optional(r.fullLoadFinishedAt),
      },
      ...(r.startReplicationType ? { StartReplicationType: r.startReplicationType } : {}),
      ...(r.cdcStartPosition ? { CdcStartPosition: r.cdcStartPosition } : {}),
      ...(r.cdcStopPosition ? { CdcStopPosition: r.cdcStopPosition } : {}),
      ...(r.recoveryCheckpoint ? { RecoveryCheckpoint: r.recoveryCheckpoint } : {}),
      ReplicationCreateTime: epochSeconds(r.createdAt),
      ReplicationUpdateTime: epochSeconds(r.lastStopTime ?? r.startedAt ?? r.createdAt),
      ReplicationLastStopTime: optional(r.lastStopTime),
    };
  }

  private describe(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const filters = parseFilters(input.Filters, REPLICATION_FILTERS);
    if (typeof filters === 'string') return awsJson.error('InvalidParameterValueException', filters);
    const now = this.clock.now();
    const matching: DmsReplicationState[] = [];
    for (const [arn, timeline] of this.replications) {
      const r = isVisible(arn, caller) ? timeline.read(now) : undefined;
      if (r && filters.every((f) => f.values.includes(f.name === 'replication-config-arn' ? r.configArn : r.configIdentifier))) matching.push(r);
    }
    // Like its sibling Describe operations, no match is an error rather than an empty list (by default).
    if (matching.length === 0 && this.noMatch === 'fault') return awsJson.error('ResourceNotFoundFault', 'No replications found matching provided filters');
    return pageRecords(input, matching, (page, marker) => ({ Replications: page.map((r) => this.wireReplication(r)), ...marker }));
  }

  private stop(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const arn = input.ReplicationConfigArn;
    if (typeof arn !== 'string' || arn === '') return awsJson.error('InvalidParameterValueException', 'ReplicationConfigArn is required');
    const timeline = isVisible(arn, caller) ? this.replications.get(arn) : undefined;
    const r = timeline?.read(this.clock.now());
    if (!timeline || !r) return awsJson.error('ResourceNotFoundFault', `Replication config ${arn} not found`);
    if (r.isReadOnly && READ_ONLY_REFUSES_STOP) {
      return awsJson.error('InvalidResourceStateFault', `Replication for Replication Config: ${r.configIdentifier} is read-only (zero-ETL) and cannot be stopped directly`);
    }
    if (refusesStop(r.status)) return this.invalidState(r);
    const now = this.clock.now();
    const stopping: DmsReplicationState = { ...r, status: 'stopping' };
    timeline.set(stopping);
    timeline.at(now + r.stopDurationMs, (current) => ({
      ...current,
      status: 'stopped',
      stopReason: StopReasons.NORMAL,
      lastStopTime: now + r.stopDurationMs,
      recoveryCheckpoint: `checkpoint:V1#${Math.floor((now + r.stopDurationMs) / 1000)}#emulated#0#0#*#0#0`,
    }));
    return awsJson.ok({ Replication: this.wireReplication(stopping) });
  }

  /** The refusal, naming the state in upper case as DMS's own messages do. */
  invalidState(r: Pick<DmsReplicationState, 'configIdentifier' | 'status'>): EmulatorResponse {
    return awsJson.error(
      'InvalidResourceStateFault',
      `Replication for Replication Config: ${r.configIdentifier} is in ${r.status.toUpperCase()} state and cannot be stopped`,
    );
  }
}
