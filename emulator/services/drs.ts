import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import { pageToken, readPageToken } from '../core/page-tokens';
import { Caller, scopeOf, scopeOfArn, visibleTo } from '../core/identity';
import { parseJsonBody } from '../core/protocols';
import { restJson } from '../core/rest-json';
import { Timeline } from '../core/timeline';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';

const OPERATIONS = new Set(['StopReplication', 'DescribeSourceServers', 'StartReplication']);
const SOURCE_SERVER_ID = /^s-[0-9a-zA-Z]{17}$/;
// Launch job states in which DRS is busy with the server (a recovery or drill is being launched).
const LAUNCH_BUSY = new Set(['PENDING', 'IN_PROGRESS']);

import type { DrsLaunchStatus, DrsOptions, DrsSourceServerSeed, DrsSourceServerState } from './drs-model';

export type { DrsLaunchStatus, DrsOptions, DrsSourceServerChange, DrsSourceServerSeed, DrsSourceServerState } from './drs-model';

/**
 * AWS Elastic Disaster Recovery over restJson1: POST /DescribeSourceServers and POST
 * /StopReplication with per-server state machines.
 *
 * Emulator policy where the AWS DRS API Reference (StopReplication) documents nothing: StopReplication answers
 * ConflictException 409 when replication is already STOPPED or a launch job is PENDING/IN_PROGRESS;
 * otherwise it is accepted, the answer shows the state as it was, and replication reads STOPPED
 * `stopDurationMs` later (DRS has no "stopping" state). A repeated StopReplication while a stop is
 * in progress is accepted again and does not restart it.
 */
export class DrsService implements ServiceModule {
  readonly name = 'drs';
  private readonly initiations = new Map<string, number>();
  private readonly servers = new Map<string, Timeline<DrsSourceServerState>>();
  private readonly stopDurationMs: number;
  readonly region: string;
  readonly account: string;
  private readonly beforeHooks: Array<{ operation: string; run: () => void }> = [];
  /** Operations other modules serve on this endpoint (drs-start.ts registers StartReplication). */
  readonly operations = new Map<string, (input: Record<string, unknown>, caller: Caller) => EmulatorResponse>();
  /** Regions where DRS was never initialized for the account: every call answers UninitializedAccountException. */
  readonly uninitializedRegions = new Set<string>();

  /** Marks a region as never initialized for DRS (every request there answers UninitializedAccountException), or initializes it. */
  setInitialized(region: string, initialized: boolean): void {
    if (initialized) this.uninitializedRegions.delete(region);
    else this.uninitializedRegions.add(region);
  }

  constructor(
    private readonly clock: Clock,
    options: DrsOptions = {},
  ) {
    this.stopDurationMs = options.stopDurationMs ?? 2000;
    for (const region of options.uninitializedRegions ?? []) this.uninitializedRegions.add(region);
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
  }

  /** Adds a source server and returns its id. */
  seedSourceServer(seed: DrsSourceServerSeed = {}): string {
    const id = seed.id ?? `s-${randomBytes(9).toString('hex').slice(0, 17)}`;
    if (!SOURCE_SERVER_ID.test(id)) throw new Error(`The emulator cannot seed source server ${id}: ids look like s-1234567890abcdef0`);
    const now = this.clock.now();
    const timeline = new Timeline<DrsSourceServerState>({
      id,
      arn: `arn:aws:drs:${scopeOf(seed, this).region}:${scopeOf(seed, this).account}:source-server/${id}`,
      hostname: seed.hostname ?? 'app-server',
      dataReplicationState: seed.dataReplicationState ?? 'CONTINUOUS',
      launch: seed.launchStatus
        ? { status: seed.launchStatus, type: seed.launchType ?? 'DRILL', jobId: `drsjob-${randomBytes(9).toString('hex').slice(0, 17)}`, initiatedAt: now }
        : undefined,
      addedAt: now,
      stopDurationMs: seed.stopDurationMs ?? this.stopDurationMs,
      syncDurationMs: seed.syncDurationMs,
    });
    for (const change of seed.then ?? []) {
      timeline.at(now + change.afterMs, (server) =>
        change.deleted
          ? null
          : {
              ...server,
              dataReplicationState: change.dataReplicationState ?? server.dataReplicationState,
              launch: change.launchStatus && server.launch ? { ...server.launch, status: change.launchStatus } : server.launch,
              replicationError: change.replicationError ?? server.replicationError,
            },
      );
    }
    this.servers.set(id, timeline);
    return id;
  }

  /** The server as DRS would describe it now, or undefined if it does not exist. */
  /** How many StopReplication calls started a stop for this server (repeats while stopping do not). */
  stopInitiations(id: string): number {
    return this.initiations.get(id) ?? 0;
  }

  sourceServer(id: string): DrsSourceServerState | undefined {
    return this.servers.get(id)?.read(this.clock.now());
  }

  /** The server's timeline if `caller` can see it (another module changes servers through it). */
  timelineFor(id: string, caller: Caller): Timeline<DrsSourceServerState> | undefined {
    const timeline = this.servers.get(id);
    const server = timeline?.read(this.clock.now());
    return server && visibleTo(scopeOfArn(server.arn)!, caller) ? timeline : undefined;
  }

  /** Deletes a server out of band (disconnected and removed in the console). */
  deleteSourceServer(id: string): void {
    const timeline = this.servers.get(id);
    if (!timeline) throw new Error(`The emulator has no DRS source server ${id}`);
    timeline.remove();
  }

  /**
   * Runs `run` just before the next request for `operation` is answered: makes races exact, e.g. a
   * server removed between the handler's describe and its stop.
   */
  beforeNext(operation: string, run: () => void): void {
    this.beforeHooks.push({ operation, run });
  }

  matches(request: EmulatorRequest): boolean {
    if (request.method !== 'POST') return false;
    // The signing scope names the service; the path alone identifies requests sent without one.
    return /\/drs\/aws4_request/.test(request.headers.authorization ?? '') || OPERATIONS.has(this.operationOf(request));
  }

  operationOf(request: EmulatorRequest): string {
    return request.path.replace(/^\/+/, '');
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    const operation = this.operationOf(request);
    const hook = this.beforeHooks.findIndex((h) => h.operation === operation);
    if (hook >= 0) this.beforeHooks.splice(hook, 1)[0].run();
    if (!OPERATIONS.has(operation)) {
      return restJson.error('UnknownOperationException', `The emulator does not implement POST ${request.path}`, 404);
    }
    if (this.uninitializedRegions.has(request.caller.region)) {
      return restJson.error('UninitializedAccountException', 'Account is not initialized. Please initialize the service first.', 400, { code: 'UNINITIALIZED_ACCOUNT' });
    }
    let input: Record<string, unknown>;
    try {
      input = parseJsonBody(request.body);
    } catch {
      return validationError('cannotParse', 'Request body is not valid JSON');
    }
    const extra = this.operations.get(operation);
    if (extra) return extra(input, request.caller);
    return operation === 'StopReplication' ? this.stopReplication(input, request.caller) : this.describeSourceServers(input, request.caller);
  }

  renderFault(kind: RenderedFaultKind): EmulatorResponse {
    return restJson.fault(kind);
  }

  /** DRS's wrong-state answer is ConflictException, as when another actor is launching the server. */
  renderInvalidState(request: EmulatorRequest): EmulatorResponse {
    let id = 'unknown';
    try {
      id = String(parseJsonBody(request.body).sourceServerID ?? id);
    } catch {
      // An unparseable body still gets the conflict it was armed with.
    }
    return conflict(id, `Source Server ${id} is busy; ${this.operationOf(request)} cannot run now`);
  }

  /** The wire shape of a SourceServer: camelCase members, ISO-8601 timestamps. */
  wireSourceServer(server: DrsSourceServerState): Record<string, unknown> {
    const now = this.clock.now();
    const stopped = server.dataReplicationState === 'STOPPED';
    return {
      sourceServerID: server.id,
      arn: server.arn,
      tags: {},
      lastLaunchResult: lastLaunchResult(server.launch?.status),
      replicationDirection: 'FAILOVER',
      stagingArea: { status: 'NOT_EXTENDED' },
      sourceProperties: {
        identificationHints: { hostname: server.hostname },
        lastUpdatedDateTime: iso(server.addedAt),
        os: { fullString: 'Amazon Linux 2' },
      },
      dataReplicationInfo: {
        dataReplicationState: server.dataReplicationState,
        // Stopping replication deletes the server's snapshots and replicated volumes.
        replicatedDisks: stopped
          ? []
          : [{ deviceName: '/dev/xvda', totalStorageBytes: 8589934592, replicatedStorageBytes: 8589934592, rescannedStorageBytes: 0, backloggedStorageBytes: 0 }],
        ...(stopped ? {} : { lagDuration: 'PT0S', stagingAvailabilityZone: `${scopeOfArn(server.arn)!.region}a` }),
        ...(server.initiatedAt !== undefined ? { dataReplicationInitiation: { startDateTime: iso(server.initiatedAt) } } : {}),
        ...(server.replicationError ? { dataReplicationError: { error: server.replicationError, rawError: 'emulated replication error' } } : {}),
      },
      lifeCycle: {
        addedToServiceDateTime: iso(server.addedAt),
        lastSeenByServiceDateTime: iso(now),
        ...(server.launch
          ? {
              lastLaunch: {
                initiated: { apiCallDateTime: iso(server.launch.initiatedAt), jobID: server.launch.jobId, type: server.launch.type },
                status: server.launch.status,
              },
            }
          : {}),
      },
    };
  }

  private describeSourceServers(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const filters = (input.filters ?? {}) as { sourceServerIDs?: unknown };
    const ids = filters.sourceServerIDs;
    if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || !SOURCE_SERVER_ID.test(id)))) {
      return validationError('fieldValidationFailed', 'Invalid source server id', [
        { name: 'filters.sourceServerIDs', message: 'Each member must match ^s-[0-9a-zA-Z]{17}$' },
      ]);
    }
    const maxResults = input.maxResults === undefined ? 1000 : Number(input.maxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
      return validationError('fieldValidationFailed', 'maxResults must be between 1 and 1000', [{ name: 'maxResults', message: 'Out of range' }]);
    }
    const now = this.clock.now();
    const matching: DrsSourceServerState[] = [];
    for (const timeline of this.servers.values()) {
      const server = timeline.read(now);
      if (server && visibleTo(scopeOfArn(server.arn)!, caller) && (ids === undefined || (ids as string[]).includes(server.id))) matching.push(server);
    }
    // An id filter that matches nothing is an empty list, not an error.
    const start = input.nextToken === undefined ? 0 : readPageToken(input.nextToken, 'drs:source-servers');
    if (start === undefined) return validationError('other', 'Invalid nextToken', [{ name: 'nextToken', message: 'The token was not issued by DescribeSourceServers' }]);
    const page = matching.slice(start, start + maxResults);
    const next = start + maxResults < matching.length ? pageToken(start + maxResults, 'drs:source-servers') : undefined;
    return restJson.ok({ items: page.map((s) => this.wireSourceServer(s)), ...(next ? { nextToken: next } : {}) });
  }

  private stopReplication(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const id = input.sourceServerID;
    if (typeof id !== 'string' || !SOURCE_SERVER_ID.test(id)) {
      return validationError('fieldValidationFailed', 'Invalid sourceServerID', [
        { name: 'sourceServerID', message: 'Member must match ^s-[0-9a-zA-Z]{17}$' },
      ]);
    }
    const now = this.clock.now();
    const timeline = this.servers.get(id);
    const found = timeline?.read(now);
    // A server registered in another region or account does not exist for this caller.
    const server = found && visibleTo(scopeOfArn(found.arn)!, caller) ? found : undefined;
    if (!timeline || !server) {
      return restJson.error('ResourceNotFoundException', `Source Server ${id} not found`, 404, {
        code: 'RESOURCE_NOT_FOUND',
        resourceId: id,
        resourceType: 'SOURCE_SERVER',
      });
    }
    if (server.launch && LAUNCH_BUSY.has(server.launch.status)) {
      return conflict(id, `Cannot stop replication for Source Server ${id} while job ${server.launch.jobId} is launching it`);
    }
    if (server.stopRequestedAt !== undefined) return restJson.ok({ sourceServer: this.wireSourceServer(server) });
    if (server.dataReplicationState === 'STOPPED') {
      return conflict(id, `Replication for Source Server ${id} is already stopped`);
    }
    this.initiations.set(id, (this.initiations.get(id) ?? 0) + 1);
    const stopping: DrsSourceServerState = { ...server, stopRequestedAt: now };
    timeline.set(stopping);
    timeline.at(now + server.stopDurationMs, (s) => ({ ...s, dataReplicationState: 'STOPPED', stopRequestedAt: undefined }));
    return restJson.ok({ sourceServer: this.wireSourceServer(stopping) });
  }
}

export function conflict(id: string, message: string): EmulatorResponse {
  return restJson.error('ConflictException', message, 409, { code: 'CONFLICT', resourceId: id, resourceType: 'SOURCE_SERVER' });
}

export function validationError(reason: string, message: string, fieldList: Array<{ name: string; message: string }> = []): EmulatorResponse {
  return restJson.error('ValidationException', message, 400, { code: 'VALIDATION_ERROR', reason, fieldList });
}

function lastLaunchResult(status: DrsLaunchStatus | undefined): string {
  switch (status) {
    case undefined:
      return 'NOT_STARTED';
    case 'PENDING':
    case 'IN_PROGRESS':
      return 'PENDING';
    case 'FAILED':
      return 'FAILED';
    default:
      return 'SUCCEEDED';
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
