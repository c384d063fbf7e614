import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanUp, CliRun, runCli, synthExampleApp, tempDir } from './assemblies';

// The example app rehearsed with an assessment that fails: what a new user tried in issue 12.
let run: CliRun;
let steps: Array<Record<string, any>>;

beforeAll(async () => {
  const assembly = synthExampleApp();
  const dir = tempDir('rehearse-rollback-');
  const state = join(dir, 'state.json');
  writeFileSync(state, JSON.stringify({ PreCutoverCheck: { result: 'failed' } }));
  const json = join(dir, 'timeline.json');
  run = await runCli(['rehearse', '--assembly', assembly, '--speed', '600', '--state', state, '--json', json]);
  steps = JSON.parse(readFileSync(json, 'utf8')).steps;
}, 120_000);
afterAll(cleanUp);

const find = (phase: string, resource: string) => steps.find((s) => s.phase === phase && s.resource === resource);

test('GIVEN a failing assessment WHEN rehearsed THEN the gate fails the deployment and the rehearsal says so', () => {
  expect(run.code).toBe(1);
  expect(find('Create', 'PreCutoverCheck')).toMatchObject({ result: 'FAILED' });
});

test('GIVEN a failing assessment WHEN rehearsed THEN the steps after it (gate.next(...).next(...)) are NOT RUN, in order', () => {
  expect(find('Create', 'StopOrdersTask')).toMatchObject({ outcome: 'NOT RUN', reason: 'not started: it comes after PreCutoverCheck, which failed' });
  expect(find('Create', 'StopOrdersCacheSync')).toMatchObject({ outcome: 'NOT RUN', reason: expect.stringMatching(/^not started: it comes after/) });
  expect(run.stdout).toMatch(/- Create +StopOrdersTask +NOT RUN/);
});

test('GIVEN a failing assessment WHEN CloudFormation rolls back THEN no teardown acts: DRS and the export are left as they were, with the note', () => {
  const rollback = steps.filter((s) => s.phase === 'Rollback');
  for (const resource of ['DecommissionOrdersHostDr', 'CancelOrdersExport']) {
    const step = rollback.find((s) => s.resource === resource)!;
    expect(step).toMatchObject({ requestType: 'Delete', stackStatus: 'ROLLBACK_IN_PROGRESS', outcome: 'SKIPPED' });
    expect(step.note).toMatch(/this Delete undoes a failed deployment \(stack "\S+" is ROLLBACK_IN_PROGRESS\)/);
    // It only read the stack status.
    expect(step.apiCalls.map((c: { operation: string }) => c.operation)).toEqual(['DescribeStacks']);
  }
  expect(rollback.flatMap((s) => s.apiCalls).some((c: { operation: string }) => ['StopReplication', 'CancelExportTask', 'StopReplicationTask', 'StopMigrationTask'].includes(c.operation))).toBe(false);
  expect(run.stdout).toMatch(/note: Left .* as it was: this Delete undoes a failed deployment/);
});
