import { CancelExportTaskCommand, DescribeExportTasksCommand, ExportTask, paginateDescribeExportTasks, type RDSClient } from '@aws-sdk/client-rds';
import { decodeRdsCancelExportTask, RdsCancelExportAttributes, RdsCancelExportTaskParams as Params } from '../../contract';
import { MalformedResponseError, ServiceCallError, TargetNotFoundError, isServiceError } from '../engine/errors';
import type { Operation, StepContext, StepResult } from '../engine/operation';

type Task = ExportTask & { readonly Status: string };

// Only an export in progress can be cancelled; these are the end states.
const ENDED = new Set(['COMPLETE', 'FAILED', 'CANCELED']);
const CANCELLABLE = new Set(['STARTING', 'IN_PROGRESS']);
const CANCELING = 'CANCELING';
// The SDK maps the wire code ExportTaskNotFound to this name; older clients kept the wire code.
const NOT_FOUND_NAMES = new Set(['ExportTaskNotFoundFault', 'ExportTaskNotFound']);

/**
 * Makes one call. ExportTaskNotFound becomes TargetNotFoundError. A 200 whose XML cannot be parsed
 * becomes MalformedResponseError: the awsQuery parser reports it as a plain Error (not the
 * SyntaxError of the JSON protocols), which would otherwise fail the stack operation instead of
 * being looked at again at the next poll.
 */
async function call<T>(name: string, identifier: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof ServiceCallError && error.httpStatus === 200) {
      throw new MalformedResponseError(`${name} answered 200 with a body that could not be parsed: ${String(error.message).split('\n')[0]}`);
    }
    if (isServiceError(error, ...NOT_FOUND_NAMES)) throw new TargetNotFoundError(`No export task ${identifier}`);
    throw error;
  }
}

async function describeExport(rds: RDSClient, identifier: string): Promise<Task> {
  const out = await call('DescribeExportTasks', identifier, () =>
    rds.send(new DescribeExportTasksCommand({ ExportTaskIdentifier: identifier })),
  );
  // Without its <DescribeExportTasksResult> element the SDK returns an empty output: a broken
  // response, never "gone" (RDS reports an unknown identifier as ExportTaskNotFound).
  if (!Array.isArray(out.ExportTasks)) throw new MalformedResponseError('DescribeExportTasks returned no ExportTasks list');
  const task = out.ExportTasks.find((t) => t.ExportTaskIdentifier === identifier);
  if (!task) throw new TargetNotFoundError(`No export task ${identifier}`);
  if (typeof task.Status !== 'string' || task.Status === '') {
    throw new MalformedResponseError('DescribeExportTasks returned the export task without Status');
  }
  return task as Task;
}

// Exports still going (RDS filter values are lower case): finished ones accumulate in an account,
// so only these are listed; an export missing from the listing (it ended) is read directly, once.
const GOING = ['starting', 'in_progress', 'canceling'];

/** Every export of the client's account and region that is still going, by identifier. */
function listGoingExports(rds: RDSClient): Promise<ReadonlyMap<string, Task>> {
  return call('DescribeExportTasks', '(listing of exports in progress)', async () => {
    const tasks = new Map<string, Task>();
    for await (const page of paginateDescribeExportTasks({ client: rds, pageSize: 100 }, { Filters: [{ Name: 'status', Values: GOING }] })) {
      if (!Array.isArray(page.ExportTasks)) throw new MalformedResponseError('DescribeExportTasks returned no ExportTasks list');
      for (const task of page.ExportTasks) {
        if (typeof task.ExportTaskIdentifier === 'string' && typeof task.Status === 'string' && task.Status !== '') tasks.set(task.ExportTaskIdentifier, task as Task);
      }
    }
    return tasks;
  });
}

/** On a poll, the export as the environment's shared listing shows it (see SharedReads.onPoll). */
const listedExport = (rds: RDSClient, identifier: string, context: StepContext): Promise<Task | undefined> =>
  context.sharedReads.onPoll(context, rds, 'rds:DescribeExportTasks:going', identifier, () => listGoingExports(rds));

/** Cancels the export; undefined when RDS says it is no longer cancellable (it ended meanwhile). */
async function cancelExport(rds: RDSClient, identifier: string): Promise<Task | undefined> {
  try {
    const out = await call('CancelExportTask', identifier, () => rds.send(new CancelExportTaskCommand({ ExportTaskIdentifier: identifier })));
    if (typeof out.Status !== 'string' || out.Status === '') {
      throw new MalformedResponseError('CancelExportTask returned no Status');
    }
    return out as Task;
  } catch (error) {
    if (isServiceError(error, 'InvalidExportTaskStateFault')) return undefined;
    throw error;
  }
}

/** The S3 location the export wrote to: cancelling leaves that data in place for the user to remove. */
function location(task: ExportTask): Record<string, string> {
  return { [RdsCancelExportAttributes.S3_BUCKET]: task.S3Bucket ?? '', [RdsCancelExportAttributes.S3_PREFIX]: task.S3Prefix ?? '' };
}

function settledOrWaiting(task: Task): StepResult {
  if (ENDED.has(task.Status)) return { kind: 'complete', status: task.Status, data: location(task) };
  // CANCELING is our cancel (or someone else's) in progress; anything else is a state RDS added
  // since this was written: wait and let the deadline name it.
  return { kind: 'waiting', status: task.Status, issued: task.Status === CANCELING, data: location(task) };
}

export const rdsCancelExportTask: Operation<Params> = {
  targetKind: 'RDS export task',
  goal: 'CANCELED (or otherwise ended)',
  attributes: [RdsCancelExportAttributes.S3_BUCKET, RdsCancelExportAttributes.S3_PREFIX],

  parse: decodeRdsCancelExportTask,
  targetId: (params) => params.exportTaskIdentifier,

  async step({ exportTaskIdentifier: identifier }, context): Promise<StepResult> {
    const rds = await context.clients.rds(context.target);
    // A poll reads the environment's shared listing; a first call (before it acts) reads directly.
    const task = (await listedExport(rds, identifier, context)) ?? (await describeExport(rds, identifier));
    context.observed(task.Status);
    if (!CANCELLABLE.has(task.Status)) return settledOrWaiting(task);

    const canceling = await cancelExport(rds, identifier);
    if (canceling) return { kind: 'waiting', status: canceling.Status, issued: true, data: location({ ...task, ...canceling }) };
    // Refused: the export completed (or failed, or was cancelled) between describe and cancel.
    // Its end state is the answer; COMPLETE is success too, there is nothing left to cancel.
    const now = await describeExport(rds, identifier);
    context.observed(now.Status);
    return settledOrWaiting(now);
  },

  timeoutAdvice: (_params, status, raise) =>
    status === CANCELING
      ? `The cancel request stays in effect and RDS will finish it; check the export in the RDS console (Exports in Amazon S3), then retry the stack operation. ${raise}`
      : `The export never reached a state that accepts a cancel; check it in the RDS console (Exports in Amazon S3), then retry the stack operation. ${raise}`,
  notFoundAdvice: () =>
    'Check "exportTaskIdentifier" and "region": the export task must exist in that region (of the "assumedRoleArn" account, if set) when this resource is created or updated (aws rds describe-export-tasks).',
  teardown: {
    whenUnsure: 'fail',
    why: 'A cancelled RDS export cannot be resumed (it must start over from the snapshot), so it is never cancelled when unsure.',
  },
};
