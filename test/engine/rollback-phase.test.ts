import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { readRollbackPhase } from '../../lambda/engine/rollback-phase';

const ROOT = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1';
const NESTED = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app-Nested/2';

/** A CloudFormation client answering DescribeStacks from a table of stacks (status and root). */
function cloudFormation(stacks: Record<string, { name: string; status: string; rootId?: string }>, calls: string[] = []) {
  const client = {
    send: async (command: { input: { StackName: string } }) => {
      const id = command.input.StackName;
      calls.push(id);
      const stack = stacks[id];
      if (!stack) throw Object.assign(new Error(`Stack with id ${id} does not exist`), { name: 'ValidationError' });
      return { Stacks: [{ StackId: id, StackName: stack.name, StackStatus: stack.status, RootId: stack.rootId }] };
    },
  } as unknown as CloudFormationClient;
  return async () => client;
}

describe('which phase a request belongs to', () => {
  test.each(['ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'])(
    'GIVEN a stack in %s WHEN the phase is read THEN it is a rollback',
    async (status) => {
      const phase = await readRollbackPhase({ stackId: ROOT, cloudFormation: cloudFormation({ [ROOT]: { name: 'app', status } }) });
      expect(phase).toEqual({ known: true, rollback: true, teardown: false, status, seen: `stack "app" is ${status}` });
    },
  );

  test.each(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'DELETE_IN_PROGRESS'])(
    'GIVEN a stack in %s WHEN the phase is read THEN it is not a rollback',
    async (status) => {
      const phase = await readRollbackPhase({ stackId: ROOT, cloudFormation: cloudFormation({ [ROOT]: { name: 'app', status } }) });
      expect(phase).toMatchObject({ known: true, rollback: false, status });
    },
  );

  test('GIVEN a nested stack (DELETE_IN_PROGRESS) of a root that rolls back WHEN the phase is read THEN the root decides', async () => {
    const calls: string[] = [];
    const phase = await readRollbackPhase({
      stackId: NESTED,
      cloudFormation: cloudFormation(
        { [ROOT]: { name: 'app', status: 'ROLLBACK_IN_PROGRESS' }, [NESTED]: { name: 'app-Nested', status: 'DELETE_IN_PROGRESS', rootId: ROOT } },
        calls,
      ),
    });
    expect(phase).toMatchObject({ known: true, rollback: true, teardown: false, status: 'ROLLBACK_IN_PROGRESS' });
    expect(phase.known && phase.seen).toBe('root stack "app" is ROLLBACK_IN_PROGRESS; its nested stack "app-Nested" is DELETE_IN_PROGRESS');
    expect(calls).toEqual([NESTED, ROOT]);
  });

  test('GIVEN a status that cannot be read WHEN the phase is read THEN the answer is unsure, with why and what to do', async () => {
    const phase = await readRollbackPhase({ stackId: ROOT, cloudFormation: cloudFormation({}) });
    expect(phase.known).toBe(false);
    expect(!phase.known && phase.why).toMatch(/^the status of stack arn:.*app\/1 could not be read \(.*does not exist/);
    expect(!phase.known && phase.advice).toBe('Retry the stack operation once CloudFormation answers.');
  });

  test('GIVEN an event without StackId WHEN the phase is read THEN the answer is unsure and says so', async () => {
    const phase = await readRollbackPhase({ stackId: undefined, cloudFormation: cloudFormation({}) });
    expect(!phase.known && phase.why).toContain('the event carries no StackId');
  });
});
