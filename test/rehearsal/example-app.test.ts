import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanUp, CliRun, runCli, synthExampleApp, tempDir } from './assemblies';

// The example app in bin/, synthesized from its source and rehearsed by the CLI's main(), at a
// speed that plays its teardown (minutes of DMS, DRS and RDS work) in a few seconds.
const SPEED = '600';

let assembly: string;
let clean: CliRun;
let timeline: { ok: boolean; speed: number; steps: Array<Record<string, any>> };

beforeAll(async () => {
  assembly = synthExampleApp();
  const json = join(tempDir('rehearse-json-'), 'timeline.json');
  clean = await runCli(['rehearse', '--assembly', assembly, '--speed', SPEED, '--json', json]);
  if (clean.code === 2) throw new Error(`The rehearsal could not run:\n${clean.stdout}\n${clean.stderr}`);
  timeline = JSON.parse(readFileSync(json, 'utf8'));
}, 120_000);
afterAll(cleanUp);

const stepsOf = (phase: string) => timeline.steps.filter((s) => s.phase === phase);

/** Rehearses the example app with a --state entry for StopOrdersTask's latency, and returns the timeline's steps. */
async function rehearseLagging(latency: Record<string, number>): Promise<Array<Record<string, any>>> {
  const dir = tempDir('rehearse-lag-');
  const state = join(dir, 'state.json');
  const json = join(dir, 'timeline.json');
  require('node:fs').writeFileSync(state, JSON.stringify({ StopOrdersTask: latency }));
  const run = await runCli(['rehearse', '--assembly', assembly, '--speed', SPEED, '--state', state, '--json', json]);
  if (run.code !== 0) throw new Error(`The lagging rehearsal failed:\n${run.stdout}`);
  return JSON.parse(readFileSync(json, 'utf8')).steps;
}

describe('a clean rehearsal of the example app', () => {
  test('exits 0 and says the rehearsal passed', () => {
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/Rehearsal passed: \d+ step\(s\) succeeded/);
  });

  test('creates every cdk-cutover resource, then tears every one down, each succeeding', () => {
    const created = stepsOf('Create').map((s) => s.resource).sort();
    const deleted = stepsOf('Delete').map((s) => s.resource).sort();
    expect(created.length).toBeGreaterThanOrEqual(3);
    expect(deleted).toEqual(created);
    expect(timeline.steps.every((s) => s.result === 'SUCCESS')).toBe(true);
  });

  test('the teardown really stops the running DMS task through the handler: it reads running, stops it once, and reads stopped', () => {
    // StopOrdersTask by name: the app has a second task stop, CutoverInvoicesTask (runOn Create), which the teardown skips.
    const stop = stepsOf('Delete').find((s) => s.resource === 'StopOrdersTask')!;
    expect(stop.resourceType).toBe('Custom::CutoverDmsStopReplicationTask');
    expect(stop).toMatchObject({ outcome: 'DONE', status: 'stopped', attributes: { StopReason: 'Stop Reason NORMAL' } });
    // "stopping" shows when a poll falls inside the stop; at 60x a stalled poll on a loaded machine
    // can step over it, so it may be absent, but nothing else may come between.
    const states = stop.states.map((s: { status: string }) => s.status);
    expect(states[0]).toBe('running');
    expect(states.at(-1)).toBe('stopped');
    expect(states.slice(1, -1).every((status: string) => status === 'stopping')).toBe(true);
    expect(stop.apiCalls.filter((c: { operation: string }) => c.operation === 'StopReplicationTask')).toHaveLength(1);
    // The physical id is the task ARN synthesized for the template's {"Ref": "OrdersTask"}.
    expect(stop.physicalResourceId).toMatch(/^arn:aws:dms:us-east-1:123456789012:task:[A-Z0-9]{26}$/);
  });

  test('the teardown stops the serverless replication the stack created (started after the deploy) before its config goes', () => {
    // GIVEN the config CloudFormation created (left "created"), started by teardown time
    const create = stepsOf('Create').find((s) => s.resourceType === 'Custom::CutoverDmsStopReplication')!;
    const stop = stepsOf('Delete').find((s) => s.resourceType === 'Custom::CutoverDmsStopReplication')!;
    // THEN the Create did nothing (runOn [DELETE]), and the Delete stopped it once, with its reason and checkpoint
    expect(create).toMatchObject({ outcome: 'SKIPPED' });
    expect(stop).toMatchObject({ outcome: 'DONE', status: 'stopped', attributes: { StopReason: 'Stop Reason NORMAL' } });
    expect(stop.attributes.RecoveryCheckpoint).toMatch(/^checkpoint:/);
    expect(stop.states[0].status).toBe('running');
    expect(stop.apiCalls.filter((c: { operation: string; status: number }) => c.operation === 'StopReplication' && c.status === 200)).toHaveLength(1);
    // The physical id is the config ARN synthesized for the template's Fn::GetAtt ReplicationConfigArn.
    expect(stop.physicalResourceId).toMatch(/^arn:aws:dms:us-east-1:123456789012:replication-config:[A-Z0-9]{26}$/);
  });

  test('prints one line per resource per phase, and a summary table with outcome, duration and API calls', () => {
    for (const step of timeline.steps) {
      expect(clean.stdout).toMatch(new RegExp(`✓ ${step.phase} +${step.resource} +${step.outcome} `));
    }
    expect(clean.stdout).toMatch(/Resource +Phase +Outcome +Duration +API calls +Reason or note/);
    expect(clean.stdout).toMatch(/StopOrdersTask +Delete +DONE +\d+m \d+s +\d+/);
  });
});

describe('--json', () => {
  test('writes the timeline: every step with its times, API calls and state changes', () => {
    expect(timeline.ok).toBe(true);
    expect(timeline.speed).toBe(600);
    for (const step of timeline.steps) {
      expect(Date.parse(step.endedAt)).toBeGreaterThanOrEqual(Date.parse(step.startedAt));
      expect(step.durationMs).toBeGreaterThan(0);
      for (const call of step.apiCalls) expect(call).toMatchObject({ service: expect.any(String), operation: expect.any(String), status: expect.any(Number) });
    }
    // Each teardown step that acted made API calls; one whose runOn leaves out Delete touched no
    // target: at most it read its stack's status (undoOnRollback tells a teardown from a rollback so).
    for (const step of stepsOf('Delete')) {
      const operations = step.apiCalls.map((c: { service: string; operation: string }) => `${c.service}:${c.operation}`);
      if (step.outcome === 'SKIPPED') expect(operations.filter((o: string) => o !== 'cloudformation:DescribeStacks')).toEqual([]);
      else expect(operations.length).toBeGreaterThan(0);
    }
    const undoable = stepsOf('Delete').find((s) => s.resource === 'CutoverInvoicesTask')!;
    expect(undoable).toMatchObject({ outcome: 'SKIPPED' });
    expect(undoable.apiCalls.map((c: { operation: string }) => c.operation)).toEqual(['DescribeStacks']);
  });

  test('orders the teardown after the deploy, with the emulated durations of the services', () => {
    const lastCreate = Math.max(...stepsOf('Create').map((s) => Date.parse(s.endedAt)));
    for (const step of stepsOf('Delete')) expect(Date.parse(step.startedAt)).toBeGreaterThanOrEqual(lastCreate);
    // RDS takes minutes to cancel an export: the rehearsal reports that time, not the real seconds.
    const cancel = stepsOf('Delete').find((s) => s.resourceType === 'Custom::CutoverRdsCancelExportTask')!;
    expect(cancel.durationMs).toBeGreaterThanOrEqual(300_000);
    expect(cancel.realDurationMs).toBeLessThan(cancel.durationMs / 10);
  });
});

describe('--update', () => {
  test('every resource gets an Update pointing at a new target, and the cleanup acts on each old target', async () => {
    const json = join(tempDir('rehearse-update-'), 'timeline.json');
    const run = await runCli(['rehearse', '--assembly', assembly, '--speed', SPEED, '--update', '--json', json]);
    expect(run.code).toBe(0);
    const steps = JSON.parse(readFileSync(json, 'utf8')).steps as Array<Record<string, any>>;
    // The pause and the resume keep their target: their update is the watched change (next test).
    const paused = new Set(['Custom::CutoverDmsPauseDuringChange', 'Custom::CutoverDmsResumeAfterChange']);
    const created = steps.filter((s) => s.phase === 'Create' && !paused.has(s.resourceType));
    for (const create of created) {
      const update = steps.find((s) => s.phase === 'Update' && s.resource === create.resource)!;
      const cleanup = steps.find((s) => s.phase === 'Cleanup' && s.resource === create.resource)!;
      expect(update.physicalResourceId).not.toBe(create.physicalResourceId);
      expect(cleanup.physicalResourceId).toBe(create.physicalResourceId);
    }
    // The teardown-time operations stopped the old targets in the cleanup, and stop the new ones on Delete.
    const acted = (phase: string) => steps.filter((s) => s.phase === phase && s.outcome === 'DONE').map((s) => s.resource).sort();
    expect(acted('Cleanup').length).toBeGreaterThanOrEqual(4);
    expect(acted('Cleanup')).toEqual(acted('Delete'));
    // The invoices endpoint's watched change: pause (task stopped) → the change → resume (running again).
    expect(steps.find((s) => s.phase === 'Update' && s.resource === 'PauseInvoicesTask/Pause')).toMatchObject({ outcome: 'DONE', status: 'stopped' });
    expect(steps.find((s) => s.phase === 'Update' && s.resource === 'PauseInvoicesTask/Resume')).toMatchObject({ outcome: 'DONE', status: 'running' });
    const lines = run.stdout.split('\n');
    const pause = lines.findIndex((l) => /✓ Update +PauseInvoicesTask\/Pause +DONE .*: stopped/.test(l));
    const change = lines.findIndex((l) => /watched change: CloudFormation updates the watched resources InvoicesSource\w* \(AWS::DMS::Endpoint\) while DMS task \S+ is stopped/.test(l));
    const resume = lines.findIndex((l) => /✓ Update +PauseInvoicesTask\/Resume +DONE .*: running/.test(l));
    expect([pause >= 0, change > pause, resume > change]).toEqual([true, true, true]);
  }, 60_000);
});

describe('an injected failure', () => {
  test('access denied on StopReplicationTask fails the teardown: exit code 1 with the handler\'s reason', async () => {
    // The invoices cutover's task is already stopped at deployment (so the denial does not fail the deployment first).
    const state = join(tempDir('rehearse-denied-'), 'state.json');
    require('node:fs').writeFileSync(state, JSON.stringify({ CutoverInvoicesTask: { status: 'stopped' } }));
    const run = await runCli(['rehearse', '--assembly', assembly, '--speed', SPEED, '--faults', 'access-denied@StopReplicationTask', '--state', state]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ Delete +StopOrdersTask +FAILED/);
    expect(run.stdout).toMatch(/reason: Access denied calling dms:StopReplicationTask for DMS replication task arn:aws:dms:\S+ \(last seen "running"\)/);
    expect(run.stdout).toMatch(/StopOrdersTask +Delete +FAILED .*Access denied calling dms:StopReplicationTask/);
    expect(run.stdout).toMatch(/Rehearsal FAILED: Delete of StopOrdersTask: Access denied/);
  }, 60_000);

  test('--logs writes the handler\'s structured log lines, failure reason included', async () => {
    const logs = join(tempDir('rehearse-logs-'), 'handler.log');
    const run = await runCli(['rehearse', '--assembly', assembly, '--speed', SPEED, '--faults', 'access-denied@StopReplicationTask', '--logs', logs]);
    expect(run.code).toBe(1);
    const lines = readFileSync(logs, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(lines.find((l) => l.message === 'Failing the stack operation')?.reason).toMatch(/^Access denied calling dms:StopReplicationTask/);
  }, 60_000);

  test('a task that takes longer to stop than the timeout fails with the timeout reason (from --state)', async () => {
    const dir = tempDir('rehearse-state-');
    const state = join(dir, 'state.json');
    require('node:fs').writeFileSync(state, JSON.stringify({ StopOrdersTask: { stopDurationSeconds: 7200 } }));
    const run = await runCli(['rehearse', '--assembly', assembly, '--speed', '1200', '--state', state]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/StopOrdersTask +Delete +FAILED .*Timed out .*waiting for DMS replication task arn:\S+ to be stopped: it is still "stopping"/);
  }, 60_000);

  test('a serverless replication managed by a zero-ETL integration (from --state) fails the teardown, saying so', async () => {
    const state = join(tempDir('rehearse-zero-etl-'), 'state.json');
    require('node:fs').writeFileSync(state, JSON.stringify({ StopCustomersReplication: { readOnly: 'true' } }));
    const run = await runCli(['rehearse', '--assembly', assembly, '--speed', SPEED, '--state', state]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/StopCustomersReplication +Delete +FAILED .*managed by a zero-ETL integration/);
  }, 60_000);

  test('throttling is only a delay: the handler comes back at the next poll and the rehearsal passes', async () => {
    const json = join(tempDir('rehearse-throttle-'), 'timeline.json');
    // The handler runs on the emulated clock (its SDK backoff too), but its real run time is
    // multiplied by --speed: play slowly enough that it stays small next to the timeout.
    const run = await runCli(['rehearse', '--assembly', assembly, '--speed', '120', '--faults', 'throttle@dms', '--json', json]);
    if (run.code !== 0) throw new Error(`The throttled rehearsal failed:\n${run.stdout}`);
    const steps = JSON.parse(readFileSync(json, 'utf8')).steps as Array<{ apiCalls: Array<{ fault?: string }> }>;
    expect(steps.flatMap((s) => s.apiCalls).filter((c) => c.fault === 'throttle')).toHaveLength(3);
  }, 60_000);

  test('the caught-up stop waits for the seeded latencies (from --state): the stop comes only once they fell and stayed low', async () => {
    // GIVEN the orders task 40 s behind at the source for the first 20 emulated minutes
    // WHEN the example app is rehearsed
    const steps = await rehearseLagging({ sourceLatencySeconds: 40, targetLatencySeconds: 2, caughtUpAfterSeconds: 1200 });
    // THEN the gate read the metrics while it held the stop back, and the task was stopped once, after the catch-up
    const stop = steps.find((s) => s.phase === 'Delete' && s.resource === 'StopOrdersTask')!;
    expect(stop).toMatchObject({ outcome: 'DONE', status: 'stopped', attributes: { SourceLatencyAtStop: '0', TargetLatencyAtStop: '0' } });
    // How many readings came first depends on where the polls fall at 60x; the stop follows a reading.
    const reads = stop.apiCalls.filter((c: { operation: string }) => c.operation === 'GetMetricData');
    const stops = stop.apiCalls.filter((c: { operation: string }) => c.operation === 'StopReplicationTask');
    expect(stops).toHaveLength(1);
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(Date.parse(reads[0].at)).toBeLessThanOrEqual(Date.parse(stops[0].at));
    expect(Number(stop.attributes.CatchUpWaitSeconds)).toBeGreaterThan(0);
  }, 60_000);

  test('while the gate holds the stop, the step reads as waiting for catch-up with the latencies CloudWatch shows at that moment', async () => {
    // GIVEN the orders task 40 s behind at the source and 25 s at the target for the first 30 emulated
    // minutes: the deploy (the invoices cutover stop, then the assessment) takes about 17 of them, and
    // more on a loaded machine, so the lag must outlast it for the teardown to find the task behind
    // WHEN the example app is rehearsed
    const steps = await rehearseLagging({ sourceLatencySeconds: 40, targetLatencySeconds: 25, caughtUpAfterSeconds: 1800 });
    // THEN the teardown's stop went running -> waiting with the seeded latencies -> stopping -> stopped
    const stop = steps.find((s) => s.phase === 'Delete' && s.resource === 'StopOrdersTask')!;
    const states = stop.states.map((s: { status: string }) => s.status);
    expect(states).toContain('running — waiting for catch-up (CDC latency source 40 s, target 25 s)');
    expect(states.indexOf('running — waiting for catch-up (CDC latency source 40 s, target 25 s)')).toBeLessThan(states.indexOf('stopping'));
    expect(states[states.length - 1]).toBe('stopped');
    // AND the deploy, where the stop does nothing, never claims a wait
    const created = steps.find((s) => s.phase === 'Create' && s.resource === 'StopOrdersTask')!;
    expect(created.states.map((s: { status: string }) => s.status).join()).not.toMatch(/waiting/);
  }, 60_000);

  test('a task that never catches up fails the teardown at its deadline, still running, with the gate\'s readings', async () => {
    const dir = tempDir('rehearse-behind-');
    const state = join(dir, 'state.json');
    require('node:fs').writeFileSync(state, JSON.stringify({ StopOrdersTask: { sourceLatencySeconds: 60, caughtUpAfterSeconds: 100000 } }));
    const run = await runCli(['rehearse', '--assembly', assembly, '--speed', '1200', '--state', state]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/StopOrdersTask +Delete +FAILED .*it is still "waiting-for-catch-up"/);
    expect(run.stdout).toMatch(/CDCLatencySource 60 s, CDCLatencyTarget 0 s/);
    // AND the final display shows the gate still waiting, with the latencies it saw
    expect(run.stdout).toMatch(/StopOrdersTask .*DMS task [\w-]+: running — waiting for catch-up \(CDC latency source 60 s, target 0 s\)/);
  }, 60_000);
});
