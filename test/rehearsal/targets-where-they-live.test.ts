import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DmsStopReplicationTask, DrsStopReplication, RdsCancelExportTask } from '../../lib';
import { cleanUp, runCli, synthStack, tempDir } from './assemblies';

// Issue 12, "Targets where they live", rehearsed: the seeders put each target where its ARN, its
// region and its assumed role say, so a teardown that looks in the wrong place would show NOT_FOUND.

afterAll(cleanUp);

type Step = { phase: string; resource: string; result: string; outcome: string; status: string; apiCalls: Array<{ service: string; operation: string }> };

test('GIVEN a stack in eu-west-1 with targets in other regions and another account WHEN rehearsed THEN each teardown acts on its target where it lives', async () => {
  // GIVEN a DMS task of another account (through a role with an external id), a DRS server in
  // eu-central-1 and an RDS export in us-east-2, from a stack in eu-west-1 of 123456789012
  const assembly = synthStack('ElsewhereStack', (stack) => {
    new DmsStopReplicationTask(stack, 'StopPartnerTask', {
      replicationTaskArn: 'arn:aws:dms:us-east-2:444455556666:task:PARTNERTASKAAAAAAAAAAAAAAA',
      assumedRoleArn: 'arn:aws:iam::444455556666:role/cutover-target',
      externalId: 'cutover-ext-1',
    });
    new DrsStopReplication(stack, 'DecommissionFrankfurt', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true, region: 'eu-central-1' });
    new RdsCancelExportTask(stack, 'CancelOhioExport', { exportTaskIdentifier: 'nightly-ohio', region: 'us-east-2' });
  });
  const json = join(tempDir('rehearse-elsewhere-'), 'timeline.json');
  // WHEN it is rehearsed
  const run = await runCli(['rehearse', '--assembly', assembly, '--json', json, '--speed', '600']);
  if (run.code === 2) throw new Error(run.stderr);
  const steps: Step[] = JSON.parse(readFileSync(json, 'utf8')).steps;
  const teardown = (resource: string) => steps.find((s) => s.phase === 'Delete' && s.resource.startsWith(resource))!;
  // THEN every teardown found its target and brought it to its end state (none NOT_FOUND)
  expect(teardown('StopPartnerTask')).toMatchObject({ result: 'SUCCESS', outcome: 'DONE', status: 'stopped' });
  expect(teardown('DecommissionFrankfurt')).toMatchObject({ result: 'SUCCESS', outcome: 'DONE', status: 'STOPPED' });
  expect(teardown('CancelOhioExport')).toMatchObject({ result: 'SUCCESS', outcome: 'DONE', status: 'CANCELED' });
  // AND the DMS teardown assumed the role and stopped the task with it
  const calls = teardown('StopPartnerTask').apiCalls.map((c) => `${c.service}:${c.operation}`);
  expect(calls).toEqual(expect.arrayContaining(['sts:AssumeRole', 'dms:StopReplicationTask']));
}, 90_000);
