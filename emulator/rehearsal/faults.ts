import type { FaultSpec } from '../core/faults';
import type { FaultKind } from '../core/types';

/**
 * Each fault name, what it does, and how many calls it hits unless a count is given ('every': each
 * matching call of the rehearsal, as a missing permission denies every call, not one).
 */
export const FAULTS: Readonly<Record<FaultKind, { readonly meaning: string; readonly count: number | 'every' }>> = {
  throttle: { meaning: "the service's throttling error (ThrottlingException, Throttling, 429)", count: 3 },
  'server-error': { meaning: 'HTTP 500 with the service\'s internal-error body', count: 3 },
  unavailable: { meaning: 'HTTP 503 service unavailable', count: 3 },
  drop: { meaning: 'the connection is closed before any response byte', count: 3 },
  slow: { meaning: 'the real answer, 1.5 s late (real time)', count: 3 },
  malformed: { meaning: 'a 200 whose body cannot be parsed', count: 1 },
  empty: { meaning: 'a 200 with an empty body', count: 1 },
  'access-denied': { meaning: "the service's IAM denial (not retried: the step fails)", count: 'every' },
  'invalid-state': { meaning: "the service's wrong-state error, as in a race with another actor", count: 1 },
};

const SLOW_DELAY_MS = 1500;
/** A count no rehearsal reaches: the fault hits every matching call. */
const EVERY_CALL = Number.MAX_SAFE_INTEGER;

/**
 * Parses --faults: a comma-separated list of `name[:count][@target]`, where target is a service
 * ("dms", "rds", "drs", "secretsmanager", "dcs") or an API operation ("StopReplicationTask").
 * The default counts cover one handler invocation's three SDK attempts, so a transient fault makes
 * the handler come back at the next poll, as it would in AWS.
 */
export function parseFaults(text: string): FaultSpec[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const match = /^([a-z-]+)(?::(\d+))?(?:@([A-Za-z0-9-]+))?$/.exec(item);
      const kind = match?.[1] as FaultKind | undefined;
      if (!match || !kind || !(kind in FAULTS)) {
        throw new Error(
          `--faults: "${item}" is not a fault; use name[:count][@service|@Operation] with a name among ${Object.keys(FAULTS).join(', ')}`,
        );
      }
      const preset = FAULTS[kind].count;
      const count = match[2] !== undefined ? Number(match[2]) : preset === 'every' ? EVERY_CALL : preset;
      if (count < 1) throw new Error(`--faults: "${item}" has a count of 0; give at least 1`);
      const target = match[3];
      const scope = target === undefined ? {} : /^[a-z]+$/.test(target) ? { service: target } : { operation: target };
      return { kind, count, ...scope, ...(kind === 'slow' ? { delayMs: SLOW_DELAY_MS } : {}) };
    });
}
