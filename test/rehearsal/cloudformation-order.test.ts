import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dms from 'aws-cdk-lib/aws-dms';
import type { Stack } from 'aws-cdk-lib';
import { DmsStopReplicationTask, LifecycleEvent } from '../../lib';
import { cleanUp, runCli, synthStack, tempDir } from './assemblies';

afterAll(cleanUp);

const LIVE_TASK = 'arn:aws:dms:eu-west-1:123456789012:task:LIVETASKAAAAAAAAAAAAAAAAAA';
const OTHER_TASK = 'arn:aws:dms:eu-west-1:123456789012:task:OTHERTASKBBBBBBBBBBBBBBBBB';

function replicationTask(stack: Stack, id: string): dms.CfnReplicationTask {
  return new dms.CfnReplicationTask(stack, id, {
    migrationType: 'full-load-and-cdc',
    replicationInstanceArn: 'arn:aws:dms:eu-west-1:123456789012:rep:INSTANCE',
    sourceEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:SOURCE',
    targetEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:TARGET',
    tableMappings: '{"rules":[]}',
  });
}

type Step = { phase: string; resource: string; result: string; outcome: string; startedAt: string; endedAt: string; physicalResourceId?: string; states: Array<{ status: string }>; reason?: string };

async function rehearse(assembly: string, ...args: string[]): Promise<{ code: number; stdout: string; steps: Step[] }> {
  const json = join(tempDir('rehearse-order-'), 'timeline.json');
  const run = await runCli(['rehearse', '--assembly', assembly, '--speed', '600', '--json', json, ...args]);
  if (run.code === 2) throw new Error(run.stderr);
  return { code: run.code, stdout: run.stdout, steps: JSON.parse(readFileSync(json, 'utf8')).steps };
}

const find = (steps: Step[], phase: string, resource: string) => steps.find((s) => s.phase === phase && s.resource === resource)!;

test('creates a resource after the one it depends on, and deletes it before', async () => {
  // GIVEN a cutover step that depends on another one
  const assembly = synthStack('OrderStack', (stack) => {
    const first = new DmsStopReplicationTask(stack, 'First', { replicationTaskArn: LIVE_TASK, runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE] });
    const second = new DmsStopReplicationTask(stack, 'Second', { replicationTaskArn: OTHER_TASK, runOn: [LifecycleEvent.CREATE] });
    second.node.addDependency(first);
  });
  // WHEN it is rehearsed
  const { code, steps } = await rehearse(assembly);
  // THEN Create runs First then Second, and Delete runs Second then First
  expect(code).toBe(0);
  expect(Date.parse(find(steps, 'Create', 'Second').startedAt)).toBeGreaterThanOrEqual(Date.parse(find(steps, 'Create', 'First').endedAt));
  expect(Date.parse(find(steps, 'Delete', 'First').startedAt)).toBeGreaterThanOrEqual(Date.parse(find(steps, 'Delete', 'Second').endedAt));
  // The cutover step on Create stopped the live task; on Delete there was nothing left to do.
  expect(find(steps, 'Create', 'First')).toMatchObject({ outcome: 'DONE', physicalResourceId: LIVE_TASK });
  expect(find(steps, 'Delete', 'First').outcome).toBe('NOTHING_TO_DO');
}, 60_000);

test('a failed Create rolls the stack back: nothing after it starts, and no teardown follows', async () => {
  // GIVEN a cutover step whose task does not exist (--state), and a step that depends on it
  const assembly = synthStack('FailingStack', (stack) => {
    const cutover = new DmsStopReplicationTask(stack, 'Cutover', { replicationTaskArn: LIVE_TASK, runOn: [LifecycleEvent.CREATE] });
    new DmsStopReplicationTask(stack, 'Later', { replicationTaskArn: OTHER_TASK }).node.addDependency(cutover);
  });
  const state = join(tempDir('rehearse-state-'), 'state.json');
  writeFileSync(state, JSON.stringify({ Cutover: { exists: false } }));
  // WHEN it is rehearsed
  const { code, stdout, steps } = await rehearse(assembly, '--state', state);
  // THEN the Create fails with the handler's reason, the dependent step never starts, and the
  // rollback's Delete of the failed resource never reaches the handler (the Provider skips it)
  expect(code).toBe(1);
  expect(find(steps, 'Create', 'Cutover')).toMatchObject({ result: 'FAILED', reason: expect.stringMatching(/^DMS replication task arn:\S+ was not found/) });
  expect(find(steps, 'Create', 'Later')).toMatchObject({ result: 'NOT_RUN', outcome: 'NOT RUN' });
  expect(find(steps, 'Rollback', 'Cutover')).toMatchObject({ result: 'SUCCESS', outcome: 'SKIPPED', physicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' });
  expect(steps.filter((s) => s.phase === 'Delete')).toHaveLength(0);
  expect(stdout).toMatch(/Rehearsal FAILED: Create of Cutover: DMS replication task \S+ was not found/);
}, 60_000);

test('--update replaces the task: the resource gets the new ARN, and the cleanup stops the old task', async () => {
  // GIVEN a task the stack creates, stopped on deletion
  const assembly = synthStack('UpdateStack', (stack) => {
    new DmsStopReplicationTask(stack, 'StopTask', { replicationTaskArn: replicationTask(stack, 'Task').ref });
  });
  // WHEN an update is rehearsed too
  const { code, steps } = await rehearse(assembly, '--update');
  // THEN the Update carries a new task ARN (a replacement), the cleanup deletes the old physical
  // resource, which stops the old task (running since the deploy), and the teardown stops the new one
  expect(code).toBe(0);
  expect(steps.map((s) => s.phase)).toEqual(['Create', 'Update', 'Cleanup', 'Delete']);
  const [created, updated, cleanup, deleted] = steps;
  expect(updated.physicalResourceId).toMatch(/^arn:aws:dms:eu-west-1:123456789012:task:[A-Z0-9]{26}$/);
  expect(updated.physicalResourceId).not.toBe(created.physicalResourceId);
  expect(cleanup).toMatchObject({ outcome: 'DONE', physicalResourceId: created.physicalResourceId });
  expect(cleanup.states.map((s) => s.status)).toEqual(['running', 'stopping', 'stopped']);
  expect(deleted).toMatchObject({ outcome: 'DONE', physicalResourceId: updated.physicalResourceId });
}, 60_000);

describe('input errors exit 2 with a message that says what to do', () => {
  let assembly: string;
  beforeAll(() => {
    assembly = synthStack('InputStack', (stack) => {
      new DmsStopReplicationTask(stack, 'StopTask', { replicationTaskArn: replicationTask(stack, 'Task').ref });
    });
  });

  test('an unknown fault name lists the fault names', async () => {
    const run = await runCli(['rehearse', '--assembly', assembly, '--faults', 'throttle,meteor']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--faults: "meteor" is not a fault; use name\[:count\]\[@service\|@Operation\] with a name among throttle, server-error/);
  });

  test('a --state key the resource type does not know lists the keys it accepts', async () => {
    const state = join(tempDir('rehearse-state-'), 'state.json');
    writeFileSync(state, JSON.stringify({ StopTask: { color: 'blue' } }));
    const run = await runCli(['rehearse', '--assembly', assembly, '--state', state]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--state: "StopTask" has unknown keys color; a Custom::CutoverDmsStopReplicationTask accepts:\n +exists: /);
  });

  test('a --stack that matches no stack names the stacks there are', async () => {
    const run = await runCli(['rehearse', '--assembly', assembly, '--stack', 'Prod*']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--stack Prod\* matches no stack of the cloud assembly \(stacks: InputStack\)/);
  });

  test('--app and --assembly together are refused', async () => {
    const run = await runCli(['rehearse', '--assembly', assembly, '--app', 'node app.js']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--app and --assembly cannot both be given/);
  });

  test('a failing app command shows its output', async () => {
    const run = await runCli(['rehearse', '--app', 'node -e "console.error(\'synth broke\'); process.exit(3)"']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/The app command .* failed \(exit code 3\):\nsynth broke/);
  });
});
