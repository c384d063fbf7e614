import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import { marked } from '../core/protocols';
import { Timeline } from '../core/timeline';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';
import { safeDecode, verifyAkSk } from './huawei-aksk';

/** Huawei's API gateway rejects a signature whose X-Sdk-Date is more than 15 minutes off its clock. */
const DEFAULT_MAX_SKEW_MS = 15 * 60_000;
const TASK_PATH = /^\/v2\/([^/]+)\/migration-task\/([^/]+)(\/stop)?$/;
// Stop moves these to TERMINATING (an emulator rule: Huawei DCS API docs list both spellings of the incremental state).
const STOPPABLE = new Set(['MIGRATING', 'FULLMIGRATING', 'INCRMIGEATING', 'INCRMIGRATING', 'RUNNING']);

export type DcsAction = 'dcs:migrationTask:get' | 'dcs:migrationTask:modify';

export interface DcsRedisInstance {
  readonly addr: string;
  readonly password: string;
  readonly instanceId?: string;
}

export interface DcsTaskState {
  readonly projectId: string;
  readonly taskId: string;
  readonly taskName: string;
  readonly status: string;
  readonly migrationType: string;
  readonly migrationMethod: string;
  readonly sourceInstance: DcsRedisInstance;
  readonly targetInstance: DcsRedisInstance;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly stopDurationMs: number;
}

/** A change a seeded task undergoes by itself, relative to the moment it is seeded. */
export interface DcsTaskChange {
  readonly afterMs: number;
  readonly status?: string;
  /** The task disappears (released and purged outside the stack). */
  readonly deleted?: boolean;
}

export interface DcsTaskSeed {
  /** @default the service's default project */
  readonly projectId?: string;
  /** @default a random UUID */
  readonly taskId?: string;
  /** @default 'redis-sync' */
  readonly taskName?: string;
  /** @default 'INCRMIGEATING' */
  readonly status?: string;
  /** @default 'online_migration' */
  readonly migrationType?: string;
  /** @default 'incremental_migration' */
  readonly migrationMethod?: string;
  /** The Redis passwords the real API returns in clear text in every task body. @default random */
  readonly sourcePassword?: string;
  readonly targetPassword?: string;
  /** Emulated ms from stop to TERMINATED. @default the service's stopDurationMs */
  readonly stopDurationMs?: number;
  readonly then?: readonly DcsTaskChange[];
}

export interface DcsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The IAM actions this key's user is allowed. @default both DCS migration-task actions */
  readonly allow?: readonly DcsAction[];
}

export interface DcsOptions {
  /** Emulated ms from StopMigrationTask to TERMINATED. @default 2000 */
  readonly stopDurationMs?: number;
  /** The project tasks are seeded into by default. @default '0123456789abcdef0123456789abcdef' */
  readonly projectId?: string;
  /** How far X-Sdk-Date may be from the gateway's clock. @default 15 minutes */
  readonly maxSkewMs?: number;
  /** The gateway's wall clock minus this machine's: simulates a client with a skewed clock. @default 0 */
  readonly serverTimeOffsetMs?: number;
}

/**
 * Huawei Cloud DCS v2 migration tasks behind Huawei's API gateway: every request must carry a
 * valid SDK-HMAC-SHA256 signature by a known AK (verified from the request as received, the way
 * the gateway does, with a 15-minute X-Sdk-Date window) or it gets 401 APIGW.0301. Then
 * ShowMigrationTask and StopMigrationTask run per-task state machines: stop moves a migrating task
 * to TERMINATING and, after stopDurationMs, TERMINATED; an unknown task answers 400 DCS.4133.
 * Task bodies carry the Redis passwords, as the real API's do.
 *
 * Emulator policy where the Huawei DCS API reference documents nothing: the error code for a stop in a
 * state that cannot be stopped (DCS.4135), the 403 code (DCS.4900) and the 5xx codes.
 */
export class DcsService implements ServiceModule {
  readonly name = 'dcs';
  readonly defaultProjectId: string;
  private readonly tasks = new Map<string, Timeline<DcsTaskState>>();
  private readonly credentials = new Map<string, DcsCredentials>();
  private readonly stopDurationMs: number;
  private readonly maxSkewMs: number;
  /** Adjustable at run time so one test can skew the clock and the next restore it. */
  serverTimeOffsetMs: number;

  constructor(
    private readonly clock: Clock,
    options: DcsOptions = {},
  ) {
    this.stopDurationMs = options.stopDurationMs ?? 2000;
    this.defaultProjectId = options.projectId ?? '0123456789abcdef0123456789abcdef';
    this.maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
    this.serverTimeOffsetMs = options.serverTimeOffsetMs ?? 0;
  }

  /** Registers an AK/SK pair (an IAM user's access key). */
  addCredentials(credentials: DcsCredentials): void {
    this.credentials.set(credentials.accessKeyId, credentials);
  }

  /** Adds a task; returns its id. */
  seedTask(seed: DcsTaskSeed = {}): string {
    const projectId = seed.projectId ?? this.defaultProjectId;
    const taskId = seed.taskId ?? randomUUID();
    const now = this.clock.now();
    const timeline = new Timeline<DcsTaskState>({
      projectId,
      taskId,
      taskName: seed.taskName ?? 'redis-sync',
      status: seed.status ?? 'INCRMIGEATING',
      migrationType: seed.migrationType ?? 'online_migration',
      migrationMethod: seed.migrationMethod ?? 'incremental_migration',
      sourceInstance: { addr: '192.168.0.10:6379', password: seed.sourcePassword ?? randomBytes(12).toString('base64url') },
      targetInstance: { addr: '192.168.1.20:6379', instanceId: randomUUID(), password: seed.targetPassword ?? randomBytes(12).toString('base64url') },
      createdAt: now,
      updatedAt: now,
      stopDurationMs: seed.stopDurationMs ?? this.stopDurationMs,
    });
    for (const change of seed.then ?? []) {
      timeline.at(now + change.afterMs, (task) => (change.deleted ? null : { ...task, status: change.status ?? task.status, updatedAt: now + change.afterMs }));
    }
    this.tasks.set(key(projectId, taskId), timeline);
    return taskId;
  }

  /** The task as the service would show it now, or undefined if it does not exist. */
  task(taskId: string, projectId = this.defaultProjectId): DcsTaskState | undefined {
    return this.tasks.get(key(projectId, taskId))?.read(this.clock.now());
  }

  /** Changes a task's status out of band (a console user). */
  setStatus(taskId: string, status: string, projectId = this.defaultProjectId): void {
    const timeline = this.require(taskId, projectId);
    timeline.set({ ...timeline.read(this.clock.now())!, status, updatedAt: this.clock.now() });
  }

  /** Deletes a task out of band. */
  deleteTask(taskId: string, projectId = this.defaultProjectId): void {
    this.require(taskId, projectId).remove();
  }

  matches(request: EmulatorRequest): boolean {
    return request.path.startsWith('/v2/') && request.headers['x-amz-target'] === undefined;
  }

  operationOf(request: EmulatorRequest): string {
    const match = TASK_PATH.exec(request.path);
    if (match && !match[3] && request.method === 'GET') return 'ShowMigrationTask';
    if (match && match[3] && request.method === 'POST') return 'StopMigrationTask';
    return 'Unknown';
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    const operation = this.operationOf(request);
    if (operation === 'Unknown') {
      return huaweiError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment');
    }
    const auth = this.authenticate(request);
    if ('rejected' in auth) return auth.rejected;
    const [, projectId, taskId] = TASK_PATH.exec(request.path)!.map(safeDecode);
    const action: DcsAction = operation === 'StopMigrationTask' ? 'dcs:migrationTask:modify' : 'dcs:migrationTask:get';
    if (!(auth.credentials.allow ?? ['dcs:migrationTask:get', 'dcs:migrationTask:modify']).includes(action)) {
      return denied(action);
    }
    const timeline = this.tasks.get(key(projectId, taskId));
    const task = timeline?.read(this.clock.now());
    if (!timeline || !task) return huaweiError(400, 'DCS.4133', 'The migration task does not exist or has been deleted.');
    if (operation === 'ShowMigrationTask') return ok(this.wireTask(task));

    if (!STOPPABLE.has(task.status)) return refusedStop(task.status);
    const now = this.clock.now();
    const stopping: DcsTaskState = { ...task, status: 'TERMINATING', updatedAt: now };
    timeline.set(stopping);
    timeline.at(now + task.stopDurationMs, (t) => ({ ...t, status: 'TERMINATED', updatedAt: now + task.stopDurationMs }));
    return ok(this.wireTask(stopping));
  }

  renderFault(kind: RenderedFaultKind, request: EmulatorRequest): EmulatorResponse {
    switch (kind) {
      case 'throttle':
        return marked(huaweiError(429, 'APIGW.0308', 'The throttling threshold has been reached: policy user over ratelimit'));
      case 'server-error':
        return marked(huaweiError(500, 'DCS.5000', 'Internal service error.'));
      case 'unavailable':
        return marked(huaweiError(503, 'DCS.5003', 'The service is temporarily unavailable.'));
      case 'access-denied':
        return marked(denied(this.operationOf(request) === 'StopMigrationTask' ? 'dcs:migrationTask:modify' : 'dcs:migrationTask:get'));
      case 'malformed': {
        // A body cut short in the middle of a task, after the source password: a client that
        // quotes unparseable bodies in its errors leaks it, which the lifecycle tests look for.
        const match = TASK_PATH.exec(request.path);
        const task = match ? this.task(safeDecode(match[2]), safeDecode(match[1])) : undefined;
        const full = task ? JSON.stringify(this.wireTask(task)) : '{"task_id":"unknown","status":"MIGR';
        const cut = task ? full.indexOf(task.sourceInstance.password) + task.sourceInstance.password.length + 1 : full.length;
        return { status: 200, headers: jsonHeaders(), body: full.slice(0, cut) };
      }
      case 'empty':
        return { status: 200, headers: jsonHeaders(), body: '' };
    }
  }

  /** The stop refusal a task gets in a state that cannot be stopped (a race with another actor). */
  renderInvalidState(request: EmulatorRequest): EmulatorResponse {
    const match = TASK_PATH.exec(request.path);
    const task = match ? this.task(safeDecode(match[2]), safeDecode(match[1])) : undefined;
    return refusedStop(task?.status ?? 'TERMINATING');
  }

  /** The task as the API returns it: Redis passwords included. */
  wireTask(task: DcsTaskState): Record<string, unknown> {
    return {
      task_id: task.taskId,
      task_name: task.taskName,
      description: '',
      status: task.status,
      migration_type: task.migrationType,
      migration_method: task.migrationMethod,
      ecs_tenant_private_ip: '192.168.0.5',
      network_type: 'vpc',
      source_instance: { addr: task.sourceInstance.addr, password: task.sourceInstance.password },
      target_instance: { id: task.targetInstance.instanceId, addr: task.targetInstance.addr, password: task.targetInstance.password },
      created_at: new Date(task.createdAt).toISOString(),
      updated_at: new Date(task.updatedAt).toISOString(),
    };
  }

  /** Verifies SDK-HMAC-SHA256 from the request as received, as Huawei's API gateway does. */
  private authenticate(request: EmulatorRequest): { credentials: DcsCredentials } | { rejected: EmulatorResponse } {
    const verdict = verifyAkSk(request, (ak) => this.credentials.get(ak)?.secretAccessKey, Date.now() + this.serverTimeOffsetMs, this.maxSkewMs);
    if ('problem' in verdict) {
      return { rejected: huaweiError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${verdict.problem}`) };
    }
    return { credentials: this.credentials.get(verdict.accessKeyId)! };
  }

  private require(taskId: string, projectId: string): Timeline<DcsTaskState> {
    const timeline = this.tasks.get(key(projectId, taskId));
    if (!timeline) throw new Error(`The emulator has no DCS migration task ${taskId} in project ${projectId}`);
    return timeline;
  }
}

function key(projectId: string, taskId: string): string {
  return `${projectId}/${taskId}`;
}

function jsonHeaders(): Record<string, string> {
  // Huawei request ids are 32 hex characters.
  return { 'content-type': 'application/json', 'X-Request-Id': randomBytes(16).toString('hex') };
}

function ok(body: unknown): EmulatorResponse {
  return { status: 200, headers: jsonHeaders(), body: JSON.stringify(body) };
}

function huaweiError(status: number, code: string, message: string): EmulatorResponse {
  const headers = jsonHeaders();
  return { status, headers, body: JSON.stringify({ error_code: code, error_msg: message, request_id: headers['X-Request-Id'] }) };
}

function refusedStop(status: string): EmulatorResponse {
  return huaweiError(400, 'DCS.4135', `The migration task cannot be stopped in status ${status}.`);
}

function denied(action: DcsAction): EmulatorResponse {
  return huaweiError(403, 'DCS.4900', `Policy doesn't allow ${action} to be performed.`);
}
