import type { Clock } from '../core/clock';
import type { Caller } from '../core/identity';
import { restJson } from '../core/rest-json';
import type { EmulatorResponse } from '../core/types';
import { conflict, type DrsService, validationError } from './drs';

const SOURCE_SERVER_ID = /^s-[0-9a-zA-Z]{17}$/;

export interface DrsStartOptions {
  /** Emulated ms in INITIATING before the initial sync. @default 1000 */
  readonly initiatingMs?: number;
  /** Emulated ms of the initial sync (a re-sync of every disk) before CONTINUOUS. @default 2000 */
  readonly initialSyncMs?: number;
}

/**
 * DRS StartReplication over restJson1 (POST /StartReplication {"sourceServerID"} →
 * {"sourceServer"}), on the servers of {@link DrsService}.
 *
 * "Starts replication for a stopped Source Server" (AWS DRS API Reference): accepted only while
 * `dataReplicationState` is STOPPED; then INITIATING (in the answer) → INITIAL_SYNC → CONTINUOUS.
 * The snapshots the stop deleted do not come back: the server starts over with a full sync.
 * POLICY where DRS documents nothing: every other state answers ConflictException 409 (with
 * `x-amzn-ErrorType`, as the DRS stop does); an unknown or invisible server ResourceNotFoundException 404.
 */
export class DrsStarts {
  private readonly initiatingMs: number;
  private readonly initialSyncMs: number;
  private readonly starts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly drs: DrsService,
    options: DrsStartOptions = {},
  ) {
    this.initiatingMs = options.initiatingMs ?? 1000;
    this.initialSyncMs = options.initialSyncMs ?? 2000;
    drs.operations.set('StartReplication', (input, caller) => this.start(input, caller));
  }

  /** How many StartReplication calls DRS accepted for this server. */
  startInitiations(id: string): number {
    return this.starts.get(id) ?? 0;
  }

  private start(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const id = input.sourceServerID;
    if (typeof id !== 'string' || !SOURCE_SERVER_ID.test(id)) {
      return validationError('fieldValidationFailed', 'Invalid sourceServerID', [{ name: 'sourceServerID', message: 'Member must match ^s-[0-9a-zA-Z]{17}$' }]);
    }
    const timeline = this.drs.timelineFor(id, caller);
    const now = this.clock.now();
    const server = timeline?.read(now);
    if (!timeline || !server) {
      return restJson.error('ResourceNotFoundException', `Source Server ${id} not found`, 404, { code: 'RESOURCE_NOT_FOUND', resourceId: id, resourceType: 'SOURCE_SERVER' });
    }
    if (server.dataReplicationState !== 'STOPPED' || server.stopRequestedAt !== undefined) {
      return conflict(id, `Cannot start replication for Source Server ${id}: replication is ${server.dataReplicationState}, not STOPPED`);
    }
    this.starts.set(id, (this.starts.get(id) ?? 0) + 1);
    const initiating = { ...server, dataReplicationState: 'INITIATING' };
    timeline.set(initiating);
    timeline.at(now + this.initiatingMs, (s) => ({ ...s, dataReplicationState: 'INITIAL_SYNC' }));
    timeline.at(now + this.initiatingMs + this.initialSyncMs, (s) => ({ ...s, dataReplicationState: 'CONTINUOUS' }));
    return restJson.ok({ sourceServer: this.drs.wireSourceServer(initiating) });
  }
}
