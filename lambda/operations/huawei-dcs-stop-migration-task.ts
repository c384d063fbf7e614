import { decodeHuaweiDcsStopMigrationTask, HuaweiDcsStopAttributes, HuaweiDcsStopMigrationTaskParams as Params } from '../../contract';
import { MalformedResponseError, OperationFailedError, TargetNotFoundError, TransientServiceError } from '../engine/errors';
import type { Operation, StepContext, StepResult } from '../engine/operation';
import { akSkFor, secretLabel } from '../huawei/credentials';
import { callHuawei, HuaweiApiError, HuaweiResponse } from '../huawei/http-client';
import type { AkSk } from '../huawei/signer';

/** The only task fields this module reads; everything else (Redis passwords included) is dropped at parse time. */
interface TaskView {
  readonly status: string;
  readonly taskName: string;
  readonly migrationType: string;
  readonly migrationMethod: string;
}

// Nothing to stop: the task is over one way or another. The first five are Huawei's current
// statuses; MIGRATION_SUCCESS, ERROR and DELETED appear in Huawei-based clouds' docs, and
// Huawei's Terraform provider treats DELETED as settled too.
const SETTLED = new Set(['TERMINATED', 'SUCCESS', 'FAILED', 'MIGRATION_FAILED', 'RELEASED', 'MIGRATION_SUCCESS', 'ERROR', 'DELETED']);
// Moving data (or, for RUNNING, "to be configured"): stop it. Huawei's enum spells the incremental
// state INCRMIGEATING while its prose says INCRMIGRATING; accept both.
const STOPPABLE = new Set(['MIGRATING', 'FULLMIGRATING', 'INCRMIGEATING', 'INCRMIGRATING', 'RUNNING']);
const STOPPING = 'TERMINATING';
const NOT_FOUND_CODE = 'DCS.4133';
const PERMISSIONS = 'dcs:migrationTask:modify, dcs:migrationTask:get';

const taskPath = (p: Params) => `/v2/${p.projectId}/migration-task/${p.taskId}`;

/** Drops every `password` member while parsing, so the Redis passwords never exist as values here. */
function parseTask(response: HuaweiResponse, operation: string): TaskView {
  let body: unknown;
  try {
    body = JSON.parse(response.body, (key, value) => (key.toLowerCase() === 'password' ? undefined : value));
  } catch {
    // The raw body is never quoted: a truncated task body can still contain a password.
    throw new MalformedResponseError(`${operation} returned a body that is not JSON (HTTP ${response.status}, ${response.body.length} bytes${requestIdNote(response.requestId)})`);
  }
  const task = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (typeof task.status !== 'string' || task.status === '') {
    throw new MalformedResponseError(`${operation} returned a task without "status"${requestIdNote(response.requestId)}`);
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    status: task.status,
    taskName: text(task.task_name),
    migrationType: text(task.migration_type),
    migrationMethod: text(task.migration_method),
  };
}

function requestIdNote(requestId: string | undefined): string {
  return requestId ? `, X-Request-Id ${requestId}` : '';
}

function isNotFound(error: unknown): boolean {
  // Only DCS.4133: a bare 404 (e.g. APIGW.0101 from a wrong endpoint) must never pass for "gone".
  return error instanceof HuaweiApiError && error.errorCode === NOT_FOUND_CODE;
}

/** 401/403: the AK/SK is wrong, expired, or lacks the DCS permissions. No retry can fix that. */
function credentialFailure(error: HuaweiApiError, params: Params): OperationFailedError {
  return new OperationFailedError(
    `${error.message} for Huawei DCS migration task ${params.taskId} in project ${params.projectId}${requestIdNote(error.requestId)}: ` +
      `check the AK/SK secret ${secretLabel(params.credentialsSecretArn)} and its permissions (${PERMISSIONS}), then retry the stack operation.`,
  );
}

async function showTask(params: Params, credentials: AkSk): Promise<TaskView> {
  const response = await callHuawei({
    method: 'GET',
    endpoint: params.endpoint,
    path: taskPath(params),
    projectId: params.projectId,
    credentials,
    operation: 'ShowMigrationTask',
    iamAction: 'dcs:migrationTask:get',
  });
  return parseTask(response, 'ShowMigrationTask');
}

/** Stops the task; the task as the stop reports it (TERMINATING), or the refusal. */
async function stopTask(params: Params, credentials: AkSk, before: TaskView): Promise<{ task: TaskView } | { refused: HuaweiApiError }> {
  try {
    const response = await callHuawei({
      method: 'POST',
      endpoint: params.endpoint,
      path: `${taskPath(params)}/stop`,
      projectId: params.projectId,
      credentials,
      operation: 'StopMigrationTask',
      iamAction: 'dcs:migrationTask:modify',
    });
    // The stop was accepted; a body without a readable status still means it is stopping.
    try {
      return { task: parseTask(response, 'StopMigrationTask') };
    } catch {
      return { task: { ...before, status: STOPPING } };
    }
  } catch (error) {
    if (error instanceof HuaweiApiError && error.status === 400 && !isNotFound(error)) return { refused: error };
    throw error;
  }
}

async function observeAndAct(params: Params, context: StepContext, credentials: AkSk): Promise<StepResult> {
  const task = await showTask(params, credentials);
  context.observed(task.status);
  if (SETTLED.has(task.status)) return complete(task);
  if (task.status === STOPPING) return waiting(task, true);
  // Unknown or transitional (e.g. CREATING): wait for a state that calls for a stop or is over.
  if (!STOPPABLE.has(task.status)) return waiting(task, false);
  const stopped = await stopTask(params, credentials, task);
  if ('task' in stopped) return waiting(stopped.task, true);

  // Refused: the task most likely finished or changed state between show and stop; look again.
  const now = await showTask(params, credentials);
  context.observed(now.status);
  if (SETTLED.has(now.status)) return complete(now);
  if (now.status === STOPPING) return waiting(now, true);
  // Still stoppable: a race with another actor, or a refusal that persists. Try again at the next
  // poll; if it persists, the timeout reason quotes this refusal as the last error.
  throw new TransientServiceError(
    `StopMigrationTask was refused while the task is "${now.status}": ${stopped.refused.message}`,
    stopped.refused.requestId,
  );
}

function attributes(task: TaskView): Record<string, string> {
  return {
    [HuaweiDcsStopAttributes.TASK_NAME]: task.taskName,
    [HuaweiDcsStopAttributes.MIGRATION_TYPE]: task.migrationType,
    [HuaweiDcsStopAttributes.MIGRATION_METHOD]: task.migrationMethod,
  };
}

function complete(task: TaskView): StepResult {
  return { kind: 'complete', status: task.status, data: attributes(task) };
}

function waiting(task: TaskView, issued: boolean): StepResult {
  return { kind: 'waiting', status: task.status, issued, data: attributes(task) };
}

export const huaweiDcsStopMigrationTask: Operation<Params> = {
  targetKind: 'Huawei DCS migration task',
  goal: 'TERMINATED',
  attributes: [HuaweiDcsStopAttributes.TASK_NAME, HuaweiDcsStopAttributes.MIGRATION_TYPE, HuaweiDcsStopAttributes.MIGRATION_METHOD],

  // Decoded before the secret is read: a refused endpoint never receives a signed request.
  parse: decodeHuaweiDcsStopMigrationTask,
  // The endpoint is not part of the id: switching to a private endpoint for the same task must be
  // an Update, never a replacement whose Delete would stop the task.
  targetId: (params) => `${params.projectId}/migration-task/${params.taskId}`,

  async step(params, context): Promise<StepResult> {
    try {
      const { keys, cached } = await akSkFor(context.secrets, params.credentialsSecretArn);
      try {
        return await observeAndAct(params, context, keys);
      } catch (error) {
        // A cached key Huawei rejects may have been rotated away: read the secret again, once.
        if (!cached || !(error instanceof HuaweiApiError) || (error.status !== 401 && error.status !== 403)) throw error;
        return await observeAndAct(params, context, (await akSkFor(context.secrets, params.credentialsSecretArn, { fresh: true })).keys);
      }
    } catch (error) {
      if (isNotFound(error)) {
        const { errorCode, requestId } = error as HuaweiApiError;
        throw new TargetNotFoundError(`DCS answered ${errorCode}${requestId ? `, X-Request-Id ${requestId}` : ''}`);
      }
      if (error instanceof HuaweiApiError && (error.status === 401 || error.status === 403)) throw credentialFailure(error, params);
      throw error;
    }
  },

  timeoutAdvice: (_params, status, raise) =>
    status === STOPPING
      ? `The stop request stays in effect and DCS will finish it; check the task in the DCS console, then retry the stack operation. ${raise}`
      : `The task was never stopped (see the last error, if any); check it in the DCS console, then retry the stack operation. ${raise}`,
  notFoundAdvice: () =>
    'Check "projectId", "taskId" and "region"/"endpoint": the task must exist in that project and region when this resource is created or updated.',
  teardown: {
    whenUnsure: 'fail',
    why: 'A stopped DCS migration task ends as TERMINATED and cannot be restarted (a new task must migrate again), so it is never stopped when unsure.',
  },
};
