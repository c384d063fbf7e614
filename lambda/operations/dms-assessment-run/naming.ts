import { createHash } from 'node:crypto';
import type { StepContext } from '../../engine/operation';
import type { Params } from './properties';

/**
 * DMS keeps every run of a task and run names are unique per task, so each run gets a name of its
 * own: the user's name, 6 hex characters of the properties that shaped it, and 6 of the stack
 * event's RequestId. A retried invocation of the same event computes the same name and finds its run
 * instead of starting another; a rollback to earlier properties recognises the run made for them.
 */
export function runNameFor(params: Params, context: StepContext): string {
  const event = context.requestId ?? `${context.physicalResourceId ?? ''}|${runDefinition(params)}`;
  return `${params.runName}-${definitionHash(params)}${sha256(event).slice(0, 6)}`;
}

/** Whether a run of this name was started for exactly these properties. */
export function madeFor(name: string | undefined, params: Params): boolean {
  const prefix = `${params.runName}-${definitionHash(params)}`;
  return name !== undefined && name.startsWith(prefix) && /^[0-9a-f]{6}$/.test(name.slice(prefix.length));
}

/** The properties that shape a run; the common ones (runOn, timeout, waiting) never start a new one. */
export function runDefinition(params: Params): string {
  return JSON.stringify(params);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const definitionHash = (params: Params) => sha256(runDefinition(params)).slice(0, 6);

/** The physical id of a run that waits for its task: the task and the run's name find it again. */
export const pendingId = (taskArn: string, name: string) => `${taskArn}/assessment-run-name/${name}`;
