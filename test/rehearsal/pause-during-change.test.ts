import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dms from 'aws-cdk-lib/aws-dms';
import { DmsPauseDuringChange } from '../../lib';
import { cleanUp, runCli, synthStack, tempDir } from './assemblies';

afterAll(cleanUp);

const LIVE_TASK = 'arn:aws:dms:eu-west-1:123456789012:task:INVOICESCDCTASK00000000000';

type Step = { phase: string; resource: string; outcome: string; status?: string; physicalResourceId?: string; attributes?: Record<string, string>; states: Array<{ status: string }> };

async function rehearseUpdate(): Promise<{ code: number; stdout: string; steps: Step[] }> {
  const assembly = synthStack('PauseStack', (stack) => {
    const source = new dms.CfnEndpoint(stack, 'InvoicesSource', { endpointType: 'source', engineName: 'mysql', extraConnectionAttributes: 'eventsPollInterval=5' });
    new DmsPauseDuringChange(stack, 'Pause', { replicationTaskArn: LIVE_TASK, watch: [source] });
  });
  const json = join(tempDir('rehearse-pause-'), 'timeline.json');
  const run = await runCli(['rehearse', '--assembly', assembly, '--speed', '600', '--update', '--json', json]);
  if (run.code === 2) throw new Error(run.stderr);
  return { code: run.code, stdout: run.stdout, steps: JSON.parse(readFileSync(json, 'utf8')).steps };
}

let rehearsal: Awaited<ReturnType<typeof rehearseUpdate>>;
beforeAll(async () => {
  rehearsal = await rehearseUpdate();
}, 120_000);

const step = (phase: string, resource: string) => rehearsal.steps.find((s) => s.phase === phase && s.resource === resource)!;

test('GIVEN a pause watching an endpoint WHEN --update rehearses a watched change THEN it passes, and the deployment and the teardown leave the task alone', () => {
  expect(rehearsal.code).toBe(0);
  for (const resource of ['Pause/Pause', 'Pause/Resume']) {
    expect(step('Create', resource).outcome).toBe('SKIPPED');
    expect(step('Delete', resource).outcome).toBe('SKIPPED');
  }
});

test('the update shows pause → watched change → resume: stopped for the change, running after it', () => {
  // THEN the pause stopped the live task, and the resume resumed it (resume-processing)
  expect(step('Update', 'Pause/Pause')).toMatchObject({ outcome: 'DONE', status: 'stopped' });
  const states = step('Update', 'Pause/Pause').states.map((s) => s.status);
  expect([states[0], states[states.length - 1]]).toEqual(['running', 'stopped']);
  expect(step('Update', 'Pause/Resume')).toMatchObject({ outcome: 'DONE', status: 'running', attributes: expect.objectContaining({ StartTypeSent: 'resume-processing' }) });
  // AND the printed lines say so in that order, the watched change between them with the task stopped
  const lines = rehearsal.stdout.split('\n');
  const pause = lines.findIndex((l) => /✓ Update +Pause\/Pause +DONE .*DMS task .*: stopped/.test(l));
  const change = lines.findIndex((l) => /Update — watched change: CloudFormation updates the watched resources InvoicesSource\w* \(AWS::DMS::Endpoint\) while DMS task \S+ is stopped/.test(l));
  const resume = lines.findIndex((l) => /✓ Update +Pause\/Resume +DONE .*DMS task .*: running/.test(l));
  expect(pause).toBeGreaterThanOrEqual(0);
  expect(change).toBeGreaterThan(pause);
  expect(resume).toBeGreaterThan(change);
});

test('the resume received the pause\'s PausedFor as CloudFormation resolves it, and kept its physical id; the pause recorded its stop', () => {
  expect(step('Update', 'Pause/Resume').physicalResourceId).toBe(LIVE_TASK);
  expect(step('Update', 'Pause/Pause').physicalResourceId).toMatch(new RegExp(`^${LIVE_TASK}\\|undo:resume:[0-9a-f]{12}$`));
  // The successful update's cleanup deletes the pause's old id: not a rollback, so nothing is resumed or stopped.
  expect(step('Cleanup', 'Pause/Pause').outcome).toBe('SKIPPED');
});
