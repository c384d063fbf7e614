import { randomUUID } from 'node:crypto';
import type { Emulator } from '../index';
import type { AssemblyStack } from './assembly';

/** The CloudFormation stack statuses a rehearsal passes through. */
export type StackStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_COMPLETE'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_FAILED'
  | 'DELETE_COMPLETE';

/**
 * Where a stack's current status goes: the emulated CloudFormation service, whose DescribeStacks
 * on the stack ARN is how a handler tells a teardown's Delete from a rollback's.
 */
export interface StackStatusHook {
  setStackStatus(stackArn: string, status: StackStatus): void;
}

/**
 * The hook of an emulator: its CloudFormation service when it has one that takes a stack status,
 * otherwise none (handlers then cannot read the status, and say so).
 */
export function emulatorStackStatusHook(emulator: Emulator): StackStatusHook {
  const cloudformation = emulator.cloudformation;
  return {
    // The first status of a stack registers it under the ARN its events carry.
    setStackStatus: (stackArn, status) => {
      if (cloudformation.stack(stackArn)) cloudformation.setStackStatus(stackArn, status);
      else cloudformation.seedStack({ stackId: stackArn, stackName: stackArn.split(':stack/')[1].split('/')[0], status });
    },
  };
}

/** The rehearsed stacks' ARNs and current statuses, passed on to the hooks as they change. */
export class StackStatuses {
  private readonly arns = new Map<AssemblyStack, string>();
  private readonly current = new Map<AssemblyStack, StackStatus>();

  constructor(private readonly hooks: readonly StackStatusHook[]) {}

  /** The stack's ARN, as CloudFormation puts it in every event: arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/GUID. */
  arnOf(stack: AssemblyStack): string {
    let arn = this.arns.get(stack);
    if (!arn) this.arns.set(stack, (arn = `arn:${partitionOf(stack.region)}:cloudformation:${stack.region}:${stack.account}:stack/${stack.stackName}/${randomUUID()}`));
    return arn;
  }

  set(stack: AssemblyStack, status: StackStatus): void {
    this.current.set(stack, status);
    for (const hook of this.hooks) hook.setStackStatus(this.arnOf(stack), status);
  }

  statusOf(stack: AssemblyStack): StackStatus | undefined {
    return this.current.get(stack);
  }
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
