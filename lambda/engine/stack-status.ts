import type { CloudFormationClient, Stack } from '@aws-sdk/client-cloudformation';
import { OperationFailedError, describeError, isAccessDenied } from './errors';
import { logger } from './logger';
import type { TeardownPolicy } from './operation';

/** The stack is undoing a failed deployment: a Delete now removes what that deployment created. */
const UNDO_STATUSES: ReadonlySet<string> = new Set(['ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS']);
/** The stack is deleted, or a successful update removes or replaces the resource. */
const TEARDOWN_STATUSES: ReadonlySet<string> = new Set(['DELETE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS']);

/** What a Delete of a teardown operation does: act (with a note when that needs saying) or leave the target. */
export type DeleteDecision = { readonly act: true; readonly note?: string } | { readonly act: false; readonly note: string };

export interface DeleteQuestion {
  /** The event's StackId (a real CloudFormation event always carries it). */
  readonly stackId: string | undefined;
  /** The target as messages name it. */
  readonly target: string;
  readonly policy: TeardownPolicy;
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
 * Tells a teardown from the undo of a failed deployment by the stack's status, read with
 * DescribeStacks on the event's own StackId (and on its root when nested: CloudFormation deletes the
 * nested stacks of a root that rolls back, and they show DELETE_IN_PROGRESS themselves). Undo leaves
 * the target as it was; a status that cannot be read, or that is neither, is settled by the
 * operation's policy and said so: failing the Delete with a reason, or acting with a note.
 */
export async function decideDelete(question: DeleteQuestion): Promise<DeleteDecision> {
  let stack: DecidingStack;
  try {
    if (!question.stackId) throw new Error('the event carries no StackId');
    stack = await readDecidingStack(await question.cloudFormation(), question.stackId);
  } catch (error) {
    const which = question.stackId ? `stack ${question.stackId}` : 'the stack';
    return unsure(question, `the status of ${which} could not be read (${describeError(error)})`, readAdvice(question.stackId, error));
  }
  const seen = describeStack(stack);
  logger.info('Stack status read for a Delete', { stack: stack.name, status: stack.status, nested: stack.nested });
  if (TEARDOWN_STATUSES.has(stack.status)) return { act: true };
  if (UNDO_STATUSES.has(stack.status)) {
    return {
      act: false,
      note:
        `Left ${question.target} as it was: this Delete undoes a failed deployment (${seen}), and a rollback is not a teardown. ` +
        'To act on rollbacks too, set "runOnRollback: true" on this construct.',
    };
  }
  return unsure(question, `${seen}, which is neither a teardown nor a rollback`, 'Check the stack\'s events to see which it is, then retry the stack operation.');
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

function unsure(question: DeleteQuestion, why: string, advice: string): DeleteDecision {
  const { target, policy } = question;
  logger.warn('Could not tell a teardown from a rollback', { why, whenUnsure: policy.whenUnsure });
  if (policy.whenUnsure === 'act') {
    return { act: true, note: `Acted as a teardown although it could not tell one from a rollback, because ${why}: ${policy.why}` };
  }
  throw new OperationFailedError(
    `Did not touch ${target}: could not tell whether this Delete tears the stack down or undoes a failed deployment, because ${why}. ` +
      `${policy.why} ${advice} To leave the target as it is instead, continue the rollback (or delete the stack) skipping this resource.`,
  );
}
