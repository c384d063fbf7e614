import { MAX_TIMEOUT_SECONDS, type TimeoutCeiling, type TimeoutLimit } from '../../contract';

/** Why the ceiling is what it is, after "the most": one table, so every operation's reason says the same. */
const THE_MOST: Readonly<Record<TimeoutLimit, string>> = {
  'wait-condition': 'a step waits on a Create or Update, through a CloudFormation wait condition',
  delete: 'a Delete waits: CloudFormation waits on nothing at deletion',
  'runs-only-on-delete': 'a step that runs only on Delete waits',
  'does-not-wait': 'a step waits while "waitForCompletion" is false',
  'undo-on-rollback': 'a step with "undoOnRollback" waits: it settles inside its custom resource, whose physical id records what a rollback undoes',
  'orders-around-change': 'DmsPauseDuringChange waits: it stops and resumes replication inside its custom resources',
};

/**
 * The sentence a timeout reason ends its advice with: raise "timeout" up to the ceiling that holds
 * for this request (contract/timeout-ceiling.ts), or, when the timeout already reaches it, that
 * raising it cannot help. The engine words it once and hands it to the operation's timeoutAdvice,
 * which places it (or leaves it out where more time would not help).
 */
export function raiseTimeoutAdvice(ceiling: TimeoutCeiling, timeoutSeconds: number): string {
  const limit = ceiling.seconds === MAX_TIMEOUT_SECONDS ? '1 hour' : `${ceiling.seconds / 3600} hours`;
  const theMost = `${limit} is the most ${THE_MOST[ceiling.limit]}`;
  if (timeoutSeconds < ceiling.seconds) return `If it needs more time, raise "timeout" (${theMost}).`;
  const reached = timeoutSeconds === ceiling.seconds ? `"timeout" is already the ${limit.replace(' ', '-').replace('hours', 'hour')} maximum` : '"timeout" already exceeds what this request can wait';
  return `${reached} (${theMost}), so raising it cannot help.`;
}
