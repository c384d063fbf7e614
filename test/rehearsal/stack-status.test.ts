import * as dms from 'aws-cdk-lib/aws-dms';
import type { Stack } from 'aws-cdk-lib';
import { DmsStopReplicationTask, LifecycleEvent } from '../../lib';
import { parseFaults, planRehearsal, readAssembly, rehearse } from '../../emulator/rehearsal';
import type { StackStatus } from '../../emulator/rehearsal/stack-status';
import { cleanUp, synthStack } from './assemblies';

// The stack status of each phase is what a handler reads with DescribeStacks to tell a teardown's
// Delete from a rollback's. The rehearsal hands every change to a hook (the emulator's
// CloudFormation service) and records the status each step ran in.

afterAll(cleanUp);

function stopOfCreatedTask(stack: Stack): void {
  const task = new dms.CfnReplicationTask(stack, 'Task', {
    migrationType: 'full-load-and-cdc',
    replicationInstanceArn: 'arn:aws:dms:eu-west-1:123456789012:rep:INSTANCE',
    sourceEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:SOURCE',
    targetEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:TARGET',
    tableMappings: '{"rules":[]}',
  });
  new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: task.ref });
}

async function rehearseWithHook(assembly: string, options: { update?: boolean; faults?: string } = {}) {
  const changes: Array<[string, StackStatus]> = [];
  const result = await rehearse({
    stacks: planRehearsal(readAssembly(assembly), []),
    speed: 600,
    update: options.update,
    faults: parseFaults(options.faults ?? ''),
    stackStatus: { setStackStatus: (arn, status) => changes.push([arn, status]) },
  });
  return { result, changes, statuses: changes.map(([, status]) => status) };
}

test('GIVEN a successful update WHEN rehearsed THEN the hook sees create, update, update cleanup and delete, all for one stack ARN', async () => {
  // GIVEN a stop of a task the stack creates (an update replaces the task)
  const assembly = synthStack('StatusStack', (stack) => stopOfCreatedTask(stack));
  // WHEN create, update and delete are rehearsed
  const { result, changes, statuses } = await rehearseWithHook(assembly, { update: true });
  // THEN every phase set its status, in CloudFormation's order, on the stack's ARN
  expect(result.ok).toBe(true);
  expect(statuses).toEqual([
    'CREATE_IN_PROGRESS',
    'CREATE_COMPLETE',
    'UPDATE_IN_PROGRESS',
    'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
    'UPDATE_COMPLETE',
    'DELETE_IN_PROGRESS',
    'DELETE_COMPLETE',
  ]);
  expect(new Set(changes.map(([arn]) => arn)).size).toBe(1);
  expect(changes[0][0]).toMatch(/^arn:aws:cloudformation:eu-west-1:123456789012:stack\/StatusStack\//);
  // The cleanup's Delete of the replaced task is a teardown: it ran in UPDATE_COMPLETE_CLEANUP_IN_PROGRESS.
  expect(result.steps.find((s) => s.phase === 'Cleanup')).toMatchObject({ requestType: 'Delete', stackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' });
}, 90_000);

test('GIVEN an update that fails WHEN rehearsed THEN the update rolls back in UPDATE_ROLLBACK_IN_PROGRESS and cleans up in UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', async () => {
  // GIVEN a stop of a live task that acts on Update (the update points it at another live task), whose StopReplicationTask is denied
  const assembly = synthStack('FailedUpdateStack', (stack) => {
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: 'arn:aws:dms:eu-west-1:123456789012:task:LIVETASKAAAAAAAAAAAAAAAAAA', runOn: [LifecycleEvent.UPDATE] });
  });
  // WHEN create, update and delete are rehearsed
  const { result, statuses } = await rehearseWithHook(assembly, { update: true, faults: 'access-denied@StopReplicationTask' });
  // THEN the failed update is rolled back, then cleaned up, before the teardown
  expect(result.ok).toBe(false);
  expect(statuses).toEqual([
    'CREATE_IN_PROGRESS',
    'CREATE_COMPLETE',
    'UPDATE_IN_PROGRESS',
    'UPDATE_ROLLBACK_IN_PROGRESS',
    'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
    'UPDATE_ROLLBACK_COMPLETE',
    'DELETE_IN_PROGRESS',
    'DELETE_COMPLETE',
  ]);
  expect(result.steps.filter((s) => s.phase === 'Rollback').map((s) => [s.requestType, s.stackStatus])).toEqual([['Update', 'UPDATE_ROLLBACK_IN_PROGRESS']]);
}, 90_000);
