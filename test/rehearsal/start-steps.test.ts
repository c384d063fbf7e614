import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dms from 'aws-cdk-lib/aws-dms';
import { DmsStartReplication, DmsStartReplicationTask, DrsStartReplication } from '../../lib';
import { cleanUp, runCli, synthStack, tempDir } from './assemblies';

afterAll(cleanUp);

type Step = Record<string, any> & { phase: string; resource: string; result: string; outcome: string; attributes?: Record<string, string> };

const GIVEN_TASK = 'arn:aws:dms:eu-west-1:123456789012:task:STOPPEDTASKAAAAAAAAAAAAAAA';
const GIVEN_CONFIG = 'arn:aws:dms:eu-west-1:123456789012:replication-config:STOPPEDCONFIGAAAAAAAAAAAAA';

function startStack(): string {
  return synthStack('StartStepsStack', (stack) => {
    const task = new dms.CfnReplicationTask(stack, 'OrdersTask', {
      migrationType: 'full-load-and-cdc',
      replicationInstanceArn: 'arn:aws:dms:eu-west-1:123456789012:rep:INSTANCE',
      sourceEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:SOURCE',
      targetEndpointArn: 'arn:aws:dms:eu-west-1:123456789012:endpoint:TARGET',
      tableMappings: '{"rules":[]}',
    });
    new DmsStartReplicationTask(stack, 'StartNewTask', { replicationTaskArn: task.ref });
    new DmsStartReplicationTask(stack, 'ResumeTask', { replicationTaskArn: GIVEN_TASK });
    new DmsStartReplication(stack, 'ResumeServerless', { replicationConfigArn: GIVEN_CONFIG });
    new DrsStartReplication(stack, 'ProtectAgain', { sourceServerId: 's-1234567890abcdef0' });
  });
}

async function rehearse(assembly: string, state?: Record<string, unknown>): Promise<{ code: number; steps: Step[] }> {
  const dir = tempDir('rehearse-start-');
  const json = join(dir, 'timeline.json');
  const stateArgs: string[] = [];
  if (state) {
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    stateArgs.push('--state', join(dir, 'state.json'));
  }
  const run = await runCli(['rehearse', '--assembly', assembly, '--json', json, '--speed', '60', ...stateArgs]);
  if (run.code === 2) throw new Error(run.stderr);
  if (run.code !== 0) console.log(run.stdout);
  return { code: run.code, steps: JSON.parse(readFileSync(json, 'utf8')).steps };
}

const create = (steps: Step[], resource: string) => steps.find((s) => s.phase === 'Create' && s.resource === resource)!;

describe('the rehearsal plays the start steps', () => {
  test('GIVEN a new task, a stopped task, a stopped serverless replication and a stopped DRS server WHEN rehearsed THEN each is started and waited for', async () => {
    const { code, steps } = await rehearse(startStack(), { ResumeServerless: { startStepSeconds: 10 }, ProtectAgain: { syncDurationSeconds: 120 } });
    expect(code).toBe(0);
    expect(create(steps, 'StartNewTask')).toMatchObject({ outcome: 'DONE', attributes: expect.objectContaining({ Status: 'running', StartTypeSent: 'start-replication' }) });
    expect(create(steps, 'ResumeTask')).toMatchObject({ outcome: 'DONE', attributes: expect.objectContaining({ Status: 'running', StartTypeSent: 'resume-processing' }) });
    expect(create(steps, 'ResumeServerless')).toMatchObject({ outcome: 'DONE', attributes: expect.objectContaining({ Status: 'running', StartTypeSent: 'resume-processing' }) });
    expect(create(steps, 'ProtectAgain')).toMatchObject({ outcome: 'DONE', attributes: expect.objectContaining({ Status: 'CONTINUOUS' }) });
  }, 120_000);

  test('GIVEN --state saying the task already runs and the server replicates WHEN rehearsed THEN nothing is sent to them', async () => {
    const { code, steps } = await rehearse(startStack(), { ResumeTask: { status: 'running' }, ProtectAgain: { dataReplicationState: 'CONTINUOUS' } });
    expect(code).toBe(0);
    expect(create(steps, 'ResumeTask')).toMatchObject({ outcome: 'NOTHING_TO_DO' });
    expect(create(steps, 'ProtectAgain')).toMatchObject({ outcome: 'NOTHING_TO_DO' });
  }, 120_000);
});
