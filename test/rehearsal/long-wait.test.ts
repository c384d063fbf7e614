import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DmsAssessmentRun, DmsStopReplicationTask } from '../../lib';
import { cleanUp, runCli, synthStack, tempDir } from './assemblies';

// Issue 22: the rehearsal models a step beyond one hour — its wait condition, the provider's waiter
// (the template's own state machine, run by the emulated Step Functions) and the signal.

afterAll(cleanUp);

type Step = Record<string, any> & { phase: string; resource: string; result: string; durationMs?: number; waiter?: string; reason?: string };

/** A 5-hour gate of a task, and a stop of that task after it. */
function longGateAndStop(stack: Stack): void {
  const task = new dms.CfnReplicationTask(stack, 'Task', {
    migrationType: 'full-load-and-cdc',
    replicationInstanceArn: 'arn:aws:dms:eu-west-1:123456789012:rep:INSTANCE',
    sourceEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:SOURCE',
    targetEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:TARGET',
    tableMappings: '{"rules":[]}',
  });
  const gate = new DmsAssessmentRun(stack, 'Gate', {
    replicationTaskArn: task.ref,
    serviceAccessRole: new iam.Role(stack, 'AssessmentRole', { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') }),
    resultLocationBucket: new s3.Bucket(stack, 'Results'),
    timeout: Duration.hours(5),
  });
  gate.next(new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: task.ref }));
}

async function rehearse(state: Record<string, unknown>): Promise<{ code: number; stdout: string; steps: Step[] }> {
  const assembly = synthStack('LongGate', longGateAndStop);
  const dir = tempDir('rehearse-long-');
  const stateFile = join(dir, 'state.json');
  writeFileSync(stateFile, JSON.stringify({ Gate: state }));
  const json = join(dir, 'timeline.json');
  const run = await runCli(['rehearse', '--assembly', assembly, '--speed', '600', '--state', stateFile, '--json', json]);
  return { code: run.code, stdout: run.stdout, steps: (JSON.parse(readFileSync(json, 'utf8')) as { steps: Step[] }).steps };
}

test('GIVEN a 3-hour assessment behind a 5-hour gate WHEN rehearsed THEN the gate waits past one hour through its wait condition, passes, and says which waiter carried it', async () => {
  const { code, stdout, steps } = await rehearse({ runningSeconds: 3 * 3600 });
  expect(code).toBe(0);
  const gate = steps.find((s) => s.phase === 'Create' && s.resource === 'Gate')!;
  expect(gate.result).toBe('SUCCESS');
  expect(gate.outcome).toBe('DONE');
  expect(gate.durationMs).toBeGreaterThan(3 * 3600_000);
  expect(gate.waiter).toMatch(/^Step Functions execution Gate[A-Za-z0-9]*-[0-9a-f]{32} \(the provider's waiter\)$/);
  expect(stdout).toContain("waiter: Step Functions execution");
  // The stop after it ran only once the wait condition was signalled.
  const stop = steps.find((s) => s.phase === 'Create' && s.resource === 'Stop')!;
  expect(stop.startedAt! >= gate.endedAt!).toBe(true);
});

test('GIVEN a 3-hour assessment that fails WHEN rehearsed THEN the FAILURE reason shows, the stack rolls back and the rollback Delete finds nothing left running', async () => {
  const { code, stdout, steps } = await rehearse({ runningSeconds: 3 * 3600, result: 'failed' });
  expect(code).toBe(1);
  const gate = steps.find((s) => s.phase === 'Create' && s.resource === 'Gate')!;
  expect(gate.result).toBe('FAILED');
  expect(gate.reason).toMatch(/^WaitCondition received failed message: '.*ended "failed"/);
  expect(stdout).toContain('Rollback');
  const rollback = steps.find((s) => s.phase === 'Rollback' && s.resource === 'Gate')!;
  expect(rollback.result).toBe('SUCCESS');
  expect(steps.find((s) => s.resource === 'Stop' && s.phase === 'Create')?.result).toBe('NOT_RUN');
});
