import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DmsAssessmentRun, DmsStopReplicationTask, LifecycleEvent } from '../../lib';
import { cleanUp, runCli, synthStack, tempDir } from './assemblies';

// Issue 12, "The rehearsal tells the truth": calls credited to the step that made them, honest
// durations, emulated time in timeout reasons, a rollback shown as one, steps that never ran.

afterAll(cleanUp);

const LIVE_TASK = 'arn:aws:dms:eu-west-1:123456789012:task:LIVETASKAAAAAAAAAAAAAAAAAA';

type Call = { operation: string };
type Step = Record<string, any> & { phase: string; resource: string; result: string; outcome: string; apiCalls: Call[] };

function replicationTask(stack: Stack): dms.CfnReplicationTask {
  return new dms.CfnReplicationTask(stack, 'Task', {
    migrationType: 'full-load-and-cdc',
    replicationInstanceArn: 'arn:aws:dms:eu-west-1:123456789012:rep:INSTANCE',
    sourceEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:SOURCE',
    targetEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:TARGET',
    tableMappings: '{"rules":[]}',
  });
}

/** A stack with a gate (assessment) of a task and a stop of the same task that comes after it. */
function gateAndStop(stack: Stack, stopRunOn?: LifecycleEvent[]): void {
  const task = replicationTask(stack);
  const gate = new DmsAssessmentRun(stack, 'Gate', {
    replicationTaskArn: task.ref,
    serviceAccessRole: new iam.Role(stack, 'AssessmentRole', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') }),
    resultLocationBucket: new s3.Bucket(stack, 'Results'),
  });
  new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: task.ref, runOn: stopRunOn }).node.addDependency(gate);
}

async function rehearse(assembly: string, args: string[], state?: Record<string, unknown>): Promise<{ code: number; stdout: string; steps: Step[] }> {
  const dir = tempDir('rehearse-truth-');
  const json = join(dir, 'timeline.json');
  const stateArgs: string[] = [];
  if (state) {
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    stateArgs.push('--state', join(dir, 'state.json'));
  }
  const run = await runCli(['rehearse', '--assembly', assembly, '--json', json, ...stateArgs, ...args]);
  if (run.code === 2) throw new Error(run.stderr);
  return { code: run.code, stdout: run.stdout, steps: JSON.parse(readFileSync(json, 'utf8')).steps };
}

const find = (steps: Step[], phase: string, resource: string) => steps.find((s) => s.phase === phase && s.resource === resource)!;
const operations = (step: Step) => new Set(step.apiCalls.map((c) => c.operation));

describe('API calls are credited to the step that made them', () => {
  test('GIVEN an assessment and a stop of the same task WHEN both act on it at once THEN each step lists only its own calls', async () => {
    // GIVEN a gate and a stop of one live task, independent of each other, so CloudFormation creates them in parallel
    const assembly = synthStack('SharedTargetStack', (stack) => {
      new DmsAssessmentRun(stack, 'Gate', {
        replicationTaskArn: LIVE_TASK,
        serviceAccessRole: new iam.Role(stack, 'AssessmentRole', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') }),
        resultLocationBucket: new s3.Bucket(stack, 'Results'),
      });
      new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: LIVE_TASK, runOn: [LifecycleEvent.CREATE] });
    });
    // WHEN it is rehearsed
    const { steps } = await rehearse(assembly, ['--speed', '600']);
    // THEN both worked on the task at the same time, and each step's calls are its own operation's
    const gate = find(steps, 'Create', 'Gate');
    const stop = find(steps, 'Create', 'Stop');
    const at = (step: Step, key: 'startedAt' | 'endedAt') => Date.parse(step[key]);
    expect(Math.max(at(gate, 'startedAt'), at(stop, 'startedAt'))).toBeLessThan(Math.min(at(gate, 'endedAt'), at(stop, 'endedAt')));
    expect(operations(gate)).toContain('StartReplicationTaskAssessmentRun');
    expect(operations(gate)).not.toContain('StopReplicationTask');
    expect(operations(stop)).toContain('StopReplicationTask');
    expect([...operations(stop)].filter((op) => op.includes('Assessment'))).toEqual([]);
    expect(gate.accessKeyId).not.toBe(stop.accessKeyId);
  }, 90_000);
});

describe('durations', () => {
  test('GIVEN a step outside its runOn WHEN it only looks THEN its duration is the Provider\'s wait, not its real run time times the speed', async () => {
    // GIVEN a stop that acts on Delete only (Create is outside its runOn)
    const assembly = synthStack('LookOnlyStack', (stack) => {
      new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: replicationTask(stack).ref });
    });
    // WHEN it is rehearsed at a speed where the Provider's 10-second poll is not slowed down
    const { code, steps } = await rehearse(assembly, ['--speed', '300']);
    // THEN the skipped Create took exactly one poll interval per isComplete poll of emulated time
    expect(code).toBe(0);
    const create = find(steps, 'Create', 'Stop');
    expect(create.outcome).toBe('SKIPPED');
    expect(create.polls).toBeGreaterThanOrEqual(1);
    expect(create.durationMs).toBeCloseTo(create.polls * 10_000, -1);
  }, 90_000);

  test('GIVEN a stop that outlasts its timeout WHEN it times out THEN the reason states emulated time, the timeout as configured', async () => {
    // GIVEN a 10-minute timeout and a task that takes two hours to stop
    const assembly = synthStack('TimeoutStack', (stack) => {
      new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: replicationTask(stack).ref, timeout: Duration.minutes(10) });
    });
    // WHEN it is rehearsed at 120x (10 emulated minutes are five real seconds: at 600x, a handler
    // process that takes a loaded machine a second to start is ten emulated minutes late, and the
    // deploy before the teardown can run out of its ServiceTimeout)
    const { code, steps } = await rehearse(assembly, ['--speed', '120'], { Stop: { stopDurationSeconds: 7200 } });
    // THEN the handler's reason gives the time it waited in emulated time against the ten-minute
    // timeout as configured: at least the timeout less one 10-second poll, and no more than the
    // step's own emulated duration. At 120x a loaded machine can still make the last poll's call outlast
    // its emulated deadline, so the reason may come from the handler's deadline ("it is still
    // stopping") or from its no-answer backstop (which says so); both are emulated-time reasons.
    expect(code).toBe(1);
    const step = find(steps, 'Delete', 'Stop');
    const reason = step.reason as string;
    const match = /^Timed out after (?:(\d+)h )?(\d+)m (\d+)s \(timeout 10m 0s\) waiting for DMS replication task \S+ to be stopped: (.*)$/s.exec(reason);
    expect(match).not.toBeNull();
    const [, hours, minutes, seconds, state] = match!;
    const waitedMs = ((Number(hours ?? 0) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
    expect(waitedMs).toBeGreaterThanOrEqual(10 * 60_000 - 10_000 - 1_000);
    expect(waitedMs).toBeLessThanOrEqual(step.durationMs + 1_000);
    expect(state).toMatch(/^(it is still "stopping"|its state could not be read\. Last error: .*the service did not answer before the deadline)/s);
  }, 300_000); // a backstop only: synthesis and the rehearsal's own start take minutes on a loaded 2-core machine
});

describe('a failed deployment is rolled back, and shown as a rollback', () => {
  test('GIVEN a failing gate WHEN the Create fails THEN the step after it is NOT RUN, naming the gate', async () => {
    // GIVEN a gate whose assessment fails, and a stop that comes after it
    const assembly = synthStack('GateStack', (stack) => gateAndStop(stack, [LifecycleEvent.CREATE]));
    // WHEN it is rehearsed
    const { code, stdout, steps } = await rehearse(assembly, ['--speed', '600'], { Gate: { result: 'failed' } });
    // THEN the stop never starts, and says what it waited for
    expect(code).toBe(1);
    expect(find(steps, 'Create', 'Gate').result).toBe('FAILED');
    expect(find(steps, 'Create', 'Stop')).toMatchObject({ result: 'NOT_RUN', outcome: 'NOT RUN', reason: 'not started: it comes after Gate, which failed' });
    expect(stdout).toMatch(/- Create +Stop +NOT RUN +- /);
  }, 90_000);

  test('GIVEN a failing gate WHEN CloudFormation rolls back THEN the heading names the rollback and its cause, and its Deletes run in ROLLBACK_IN_PROGRESS', async () => {
    // GIVEN a gate whose assessment fails, with a step that was created before it
    const assembly = synthStack('RollbackStack', (stack) => {
      gateAndStop(stack, [LifecycleEvent.DELETE]);
      new DmsStopReplicationTask(stack, 'Independent', { replicationTaskArn: 'arn:aws:dms:eu-west-1:123456789012:task:INDEPENDENTAAAAAAAAAAAAAAA' });
    });
    // WHEN it is rehearsed
    const { stdout, steps } = await rehearse(assembly, ['--speed', '600'], { Gate: { result: 'failed' } });
    // THEN the rollback is announced as such, with the failed step, and every rollback Delete saw the rollback status
    expect(stdout).toMatch(/Rollback — ROLLBACK_IN_PROGRESS: stack RollbackStack failed to create \(Create of Gate failed\)/);
    const rollback = steps.filter((s) => s.phase === 'Rollback');
    expect(rollback.map((s) => s.resource).sort()).toEqual(['Gate', 'Independent']);
    for (const step of rollback) expect(step).toMatchObject({ requestType: 'Delete', stackStatus: 'ROLLBACK_IN_PROGRESS' });
    expect(steps.filter((s) => s.phase === 'Delete')).toEqual([]);
  }, 90_000);

  test('GIVEN any step WHEN its events are sent THEN they carry a realistic StackId, and a teardown runs in DELETE_IN_PROGRESS', async () => {
    // GIVEN a stack in eu-west-1 of account 123456789012
    const assembly = synthStack('StackIdStack', (stack) => {
      new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: replicationTask(stack).ref });
    });
    // WHEN it is rehearsed
    const { steps } = await rehearse(assembly, ['--speed', '600']);
    // THEN the StackId names region, account, stack name and a GUID, the same for every event of the stack
    const stackId = /^arn:aws:cloudformation:eu-west-1:123456789012:stack\/StackIdStack\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(steps.map((s) => s.stackId)).toEqual([expect.stringMatching(stackId), steps[0].stackId]);
    expect(steps.map((s) => [s.phase, s.stackStatus])).toEqual([
      ['Create', 'CREATE_IN_PROGRESS'],
      ['Delete', 'DELETE_IN_PROGRESS'],
    ]);
  }, 90_000);
});
