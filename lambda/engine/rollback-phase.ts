import type { CloudFormationClient, Stack } from '@aws-sdk/client-cloudformation';
import { describeError, isAccessDenied } from './errors';
import { logger } from './logger';

/** The stack is undoing a failed deployment: a Delete or Update now reverses what that deployment did. */
export const ROLLBACK_STATUSES: ReadonlySet<string> = new Set([
  'ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
]);
/** The stack is deleted, or a successful update removes or replaces the resource: never a rollback. */
export const TEARDOWN_STATUSES: ReadonlySet<string> = new Set(['DELETE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS']);

/**
 * Which phase the deciding stack (the event's stack, or the root of a nested one) is in.
 * `seen` words it for notes and reasons, e.g. `stack "app" is ROLLBACK_IN_PROGRESS`.
 */
export type RollbackPhase =
  | { readonly known: true; readonly rollback: boolean; readonly teardown: boolean; readonly status: string; readonly seen: string }
  /** The status could not be read: `why` and `advice` are for the caller's failure reason (or note). */
  | { readonly known: false; readonly why: string; readonly advice: string };

export interface PhaseQuestion {
  /** The event's StackId (a real CloudFormation event always carries it). */
  readonly stackId: string | undefined;
  /** The Lambda's own CloudFormation client: the stack lives there, whatever the target's region or account. */
  readonly cloudFormation: () => Promise<CloudFormationClient>;
}

/** The stack whose status decides: the stack itself, or the root of a nested one. */
interface DecidingStack {
  readonly name: string;
  readonly status: string;
  /** For a nested stack: its own name and status (which may read DELETE_IN_PROGRESS during the root's rollback). */
  readonly nested?: { readonly name: string; readonly status: string };
}

/**
 * Reads whether a request belongs to a rollback, for any request type: DescribeStacks on the event's
 * own StackId, and on its root when nested (CloudFormation deletes the nested stacks of a root that
 * rolls back, and they show DELETE_IN_PROGRESS themselves, so the root decides). Never throws: a
 * status that cannot be read is an unsure answer, which each caller settles its own way.
 */
export async function readRollbackPhase(question: PhaseQuestion): Promise<RollbackPhase> {
  let stack: DecidingStack;
  try {
    if (!question.stackId) throw new Error('the event carries no StackId');
    stack = await readDecidingStack(await question.cloudFormation(), question.stackId);
  } catch (error) {
    const which = question.stackId ? `stack ${question.stackId}` : 'the stack';
    return { known: false, why: `the status of ${which} could not be read (${describeError(error)})`, advice: readAdvice(question.stackId, error) };
  }
  logger.info('Stack status read', { stack: stack.name, status: stack.status, nested: stack.nested });
  return {
    known: true,
    rollback: ROLLBACK_STATUSES.has(stack.status),
    teardown: TEARDOWN_STATUSES.has(stack.status),
    status: stack.status,
    seen: describeStack(stack),
  };
}

async function readDecidingStack(cfn: CloudFormationClient, stackId: string): Promise<DecidingStack> {
  const own = await describe(cfn, stackId);
  if (!own.RootId || own.RootId === own.StackId) return { name: own.StackName!, status: own.StackStatus! };
  const root = await describe(cfn, own.RootId);
  return { name: root.StackName!, status: root.StackStatus!, nested: { name: own.StackName!, status: own.StackStatus! } };
}

async function describe(cfn: CloudFormationClient, stackId: string): Promise<Stack> {
  // Imported with the client (already loaded by then): a static import would put the CloudFormation
  // SDK in the entry chunk, loaded by every invocation, Creates and Huawei operations included.
  const { DescribeStacksCommand } = await import('./sdk/cloudformation');
  const out = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
  const stack = out.Stacks?.find((s) => s.StackId === stackId) ?? out.Stacks?.[0];
  if (!stack?.StackName || !stack.StackStatus) throw new Error(`DescribeStacks returned no status for ${stackId}`);
  return stack;
}

function describeStack(stack: DecidingStack): string {
  const own = `stack "${stack.name}" is ${stack.status}`;
  return stack.nested ? `root ${own}; its nested stack "${stack.nested.name}" is ${stack.nested.status}` : own;
}

function readAdvice(stackId: string | undefined, error: unknown): string {
  if (isAccessDenied(error)) {
    return (
      `The handler's role needs "cloudformation:DescribeStacks" on ${stackId} (and on its root stack when nested); cdk-cutover grants it, ` +
      'so look for a permissions boundary or SCP that denies it, then retry the stack operation.'
    );
  }
  return 'Retry the stack operation once CloudFormation answers.';
}
