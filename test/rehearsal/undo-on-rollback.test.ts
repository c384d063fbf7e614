import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DmsStopReplication, DmsStopReplicationTask, LifecycleEvent } from '../../lib';
import { cleanUp, runCli, synthExampleApp, synthStack, tempDir } from './assemblies';

afterAll(cleanUp);

type Step = Record<string, any>;
const find = (steps: Step[], phase: string, resource: string) => steps.find((s) => s.phase === phase && s.resource === resource)!;

// 60x, not 600x: one real second of a busy machine is then one emulated minute, well inside every step's timeout.
async function rehearse(assembly: string, ...args: string[]): Promise<{ code: number; stdout: string; steps: Step[] }> {
  const json = join(tempDir('rehearse-undo-'), 'timeline.json');
  const run = await runCli(['rehearse', '--assembly', assembly, '--speed', '60', '--json', json, ...args]);
  if (run.code === 2) throw new Error(run.stderr);
  return { code: run.code, stdout: run.stdout, steps: JSON.parse(readFileSync(json, 'utf8')).steps };
}

describe('the example app: a cutover that goes back when the deployment fails', () => {
  let run: { code: number; stdout: string; steps: Step[] };
  beforeAll(async () => {
    // GIVEN the example app, whose orders gate fails (--state) while the invoices cutover stops its task
    const state = join(tempDir('rehearse-undo-state-'), 'state.json');
    writeFileSync(state, JSON.stringify({ PreCutoverCheck: { result: 'failed' } }));
    run = await rehearse(synthExampleApp(), '--state', state);
  }, 240_000);

  test('GIVEN the deployment WHEN the cutover step runs THEN it stops the live invoices task and records it in its physical id', () => {
    const created = find(run.steps, 'Create', 'CutoverInvoicesTask');
    expect(created).toMatchObject({ result: 'SUCCESS', outcome: 'DONE', status: 'stopped' });
    expect(created.physicalResourceId).toMatch(/^arn:aws:dms:us-east-1:123456789012:task:INVOICESLEGACYTASK\|undo:resume:[0-9a-f]{12}$/);
  });

  test('GIVEN a later failure (the gate) WHEN CloudFormation rolls back (ROLLBACK_IN_PROGRESS) THEN the rollback resumes the task from its checkpoint and says so', () => {
    expect(run.code).toBe(1);
    expect(find(run.steps, 'Create', 'PreCutoverCheck')).toMatchObject({ result: 'FAILED' });
    const undone = find(run.steps, 'Rollback', 'CutoverInvoicesTask');
    expect(undone).toMatchObject({ requestType: 'Delete', stackStatus: 'ROLLBACK_IN_PROGRESS', result: 'SUCCESS', outcome: 'UNDONE', status: 'running' });
    expect(undone.note).toMatch(/^Rollback \(stack "CutoverExampleStack" is ROLLBACK_IN_PROGRESS\): resumed DMS replication task arn:aws:dms:us-east-1:123456789012:task:INVOICESLEGACYTASK from checkpoint checkpoint:\S+, which this step had stopped/);
    expect(undone.apiCalls.map((c: { operation: string }) => c.operation)).toEqual(expect.arrayContaining(['DescribeStacks', 'StartReplicationTask']));
    expect(undone.states[0].status).toBe('stopped');
    expect(undone.states[undone.states.length - 1].status).toBe('running');
    expect(run.stdout).toMatch(/Rollback +CutoverInvoicesTask +UNDONE/);
    expect(run.stdout).toMatch(/resumed DMS replication task \S+ from checkpoint/);
  });

  test('GIVEN the same rollback WHEN the teardowns are deleted THEN they still leave their targets as they were (a rollback is not a teardown)', () => {
    expect(find(run.steps, 'Rollback', 'DecommissionOrdersHostDr')).toMatchObject({ outcome: 'SKIPPED' });
    expect(find(run.steps, 'Rollback', 'CancelOrdersExport')).toMatchObject({ outcome: 'SKIPPED' });
  });
});

test('GIVEN a failed update WHEN CloudFormation rolls it back THEN the rollback Updates go in reverse dependency order, and the cutover stop is undone after the step that came after it', async () => {
  // GIVEN a cutover stop of a live task that acts on Update (the update points it at another live
  // task), and a later step whose own Update is denied
  const assembly = synthStack('UndoUpdateStack', (stack) => {
    const cutover = new DmsStopReplicationTask(stack, 'Cutover', {
      replicationTaskArn: 'arn:aws:dms:eu-west-1:123456789012:task:LIVETASKAAAAAAAAAAAAAAAAAA',
      runOn: [LifecycleEvent.UPDATE],
      undoOnRollback: true,
    });
    cutover.next(
      new DmsStopReplication(stack, 'Later', {
        replicationConfigArn: 'arn:aws:dms:eu-west-1:123456789012:replication-config:LATERCONFIGBBBBBBBBBBBBBBB',
        runOn: [LifecycleEvent.UPDATE],
        undoOnRollback: true,
      }),
    );
  });
  // WHEN create, a failing update and delete are rehearsed
  const { code, steps } = await rehearse(assembly, '--update', '--faults', 'access-denied@StopReplication');
  expect(code).toBe(1);
  expect(find(steps, 'Update', 'Cutover')).toMatchObject({ result: 'SUCCESS', outcome: 'DONE' });
  expect(find(steps, 'Update', 'Later')).toMatchObject({ result: 'FAILED' });
  // THEN the later step is rolled back first (nothing of its own to undo), then the cutover, which resumes its task
  const rollback = steps.filter((s) => s.phase === 'Rollback');
  expect(rollback.map((s) => [s.resource, s.requestType, s.stackStatus])).toEqual([
    ['Later', 'Update', 'UPDATE_ROLLBACK_IN_PROGRESS'],
    ['Cutover', 'Update', 'UPDATE_ROLLBACK_IN_PROGRESS'],
  ]);
  expect(Date.parse(rollback[1].startedAt)).toBeGreaterThanOrEqual(Date.parse(rollback[0].endedAt));
  expect(rollback[0]).toMatchObject({ outcome: 'SKIPPED' });
  expect(rollback[1]).toMatchObject({ outcome: 'UNDONE', status: 'running' });
  expect(rollback[1].note).toMatch(/^Rollback \(stack "UndoUpdateStack" is UPDATE_ROLLBACK_IN_PROGRESS\): resumed DMS replication task \S+ from checkpoint/);
}, 240_000);
