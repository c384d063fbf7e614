import {
  CommonProps,
  DEFAULT_RUN_ON,
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_WAIT_FOR_COMPLETION,
  LifecycleEvent,
  MAX_TIMEOUT_SECONDS,
  ResourceType,
} from '../../contract';
import { OperationFailedError } from './errors';

export interface CommonParams {
  readonly runOn: readonly LifecycleEvent[];
  readonly waitForCompletion: boolean;
  readonly timeoutSeconds: number;
}

const EVENTS = new Set<string>(Object.values(LifecycleEvent));

/** Parses the properties every cutover resource carries (CloudFormation sends them as strings). */
export function parseCommonParams(properties: Record<string, unknown>, resourceType: string, pollIntervalSeconds: number): CommonParams {
  const runOnRaw = properties[CommonProps.RUN_ON] ?? DEFAULT_RUN_ON[resourceType as ResourceType];
  const runOn = Array.isArray(runOnRaw) ? runOnRaw.map(String) : [];
  const unknown = runOn.filter((e) => !EVENTS.has(e));
  if (runOn.length === 0 || unknown.length > 0) {
    throw new OperationFailedError(
      `Property "${CommonProps.RUN_ON}" must be a non-empty list of ${[...EVENTS].join(', ')}; got ${JSON.stringify(runOnRaw)}.`,
    );
  }
  const timeoutSeconds = Number(properties[CommonProps.TIMEOUT_SECONDS] ?? defaultTimeoutSeconds(properties, pollIntervalSeconds));
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    throw new OperationFailedError(
      `Property "${CommonProps.TIMEOUT_SECONDS}" must be a number of seconds in (0, ${MAX_TIMEOUT_SECONDS}]; got ${JSON.stringify(
        properties[CommonProps.TIMEOUT_SECONDS],
      )}.`,
    );
  }
  return {
    runOn: runOn as LifecycleEvent[],
    waitForCompletion: String(properties[CommonProps.WAIT_FOR_COMPLETION] ?? DEFAULT_WAIT_FOR_COMPLETION) !== 'false',
    timeoutSeconds,
  };
}

/**
 * A timeout left out of the template is at the default of the library version that wrote it. Its
 * ServiceTimeout (always written: the default plus one poll) says which, so a handler of another
 * version keeps the deadline CloudFormation was given.
 */
function defaultTimeoutSeconds(properties: Record<string, unknown>, pollIntervalSeconds: number): number {
  const serviceTimeout = Number(properties[SERVICE_TIMEOUT]);
  return Number.isFinite(serviceTimeout) && serviceTimeout > pollIntervalSeconds ? serviceTimeout - pollIntervalSeconds : DEFAULT_TIMEOUT_SECONDS;
}

/** CloudFormation's own property of a custom resource; it reaches the handler with the others. */
const SERVICE_TIMEOUT = 'ServiceTimeout';

/** A required string property, or an OperationFailedError naming it. */
export function requiredString(properties: Record<string, unknown>, key: string): string {
  const value = properties[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new OperationFailedError(`Property "${key}" is required and must be a non-empty string.`);
  }
  return value;
}

/** Formats milliseconds as "1h 2m 3s" / "4m 5s" / "6.2s" for failure reasons. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}
