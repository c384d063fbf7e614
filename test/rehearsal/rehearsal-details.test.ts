import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DmsAssessmentRun, DmsStopReplicationTask, LifecycleEvent, RdsCancelExportTask } from '../../lib';
import { cleanUp, runCli, synthStack, tempDir } from './assemblies';

afterAll(cleanUp);

type Step = {
  phase: string;
  resource: string;
  logicalId: string;
  result: string;
  outcome: string;
  target: string;
  targetRegion?: string;
  targetAccount?: string;
  reason?: string;
  note?: string;
  apiCalls: Array<{ service: string; operation: string }>;
};

async function rehearse(assembly: string, extra: string[] = [], speed = 600): Promise<{ steps: Step[]; stdout: string; code: number }> {
  const json = join(tempDir('rehearse-details-'), 'timeline.json');
  const run = await runCli(['rehearse', '--assembly', assembly, '--json', json, '--speed', String(speed), ...extra]);
  if (run.code === 2) throw new Error(run.stderr);
  return { steps: JSON.parse(readFileSync(json, 'utf8')).steps, stdout: run.stdout, code: run.code };
}

const PARTNER_TASK = 'arn:aws:dms:us-east-2:444455556666:task:PARTNERTASKAAAAAAAAAAAAAAA';
const OWN_TASK = 'arn:aws:dms:eu-west-1:123456789012:task:OWNTASKAAAAAAAAAAAAAAAAAAA';

describe('a target in another account, reached through assumedRoleArn, next to one in the stack\'s own', () => {
  let steps: Step[];
  let stdout: string;
  beforeAll(async () => {
    const assembly = synthStack('TwoAccounts', (stack) => {
      new DmsStopReplicationTask(stack, 'StopPartnerTask', { replicationTaskArn: PARTNER_TASK, assumedRoleArn: 'arn:aws:iam::444455556666:role/cutover-target' });
      new DmsStopReplicationTask(stack, 'StopOwnTask', { replicationTaskArn: OWN_TASK });
    });
    // Stops that take 3 minutes: the handler polls many times, through listings that name no task
    // (at 60x, so a loaded machine's CPU time does not stretch the emulated minutes).
    const state = { StopPartnerTask: { stopDurationSeconds: 180 }, StopOwnTask: { stopDurationSeconds: 180 } };
    ({ steps, stdout } = await rehearse(assembly, ['--state', writeState(JSON.stringify(state))], 60));
  }, 120_000);
  const teardown = (name: string) => steps.find((s) => s.phase === 'Delete' && s.resource === name)!;
  const dmsCalls = (name: string) => teardown(name).apiCalls.filter((c) => c.service === 'dms').length;

  test('GIVEN a stop through a role WHEN rehearsed THEN its step holds the AssumeRole and the DMS calls made with the role (counted by signer: call-attribution.test.ts)', () => {
    expect(teardown('StopPartnerTask')).toMatchObject({ result: 'SUCCESS', outcome: 'DONE' });
    const operations = teardown('StopPartnerTask').apiCalls.map((c) => `${c.service}:${c.operation}`);
    expect(operations).toEqual(expect.arrayContaining(['sts:AssumeRole', 'dms:StopReplicationTask', 'dms:DescribeReplicationTasks']));
    expect(dmsCalls('StopPartnerTask')).toBeGreaterThan(1);
  });

  test('GIVEN a target in another region and account WHEN rehearsed THEN its lines and --json show both, and a target where the stack is shows neither', () => {
    expect(teardown('StopPartnerTask')).toMatchObject({ targetRegion: 'us-east-2', targetAccount: '444455556666' });
    expect(teardown('StopPartnerTask').target).toMatch(/\(in us-east-2, account 444455556666\)$/);
    expect(stdout).toMatch(/Delete +StopPartnerTask .*\(in us-east-2, account 444455556666\): stopped/);
    expect(teardown('StopOwnTask').targetRegion).toBeUndefined();
    expect(teardown('StopOwnTask').targetAccount).toBeUndefined();
    expect(teardown('StopOwnTask').target).not.toMatch(/\(in /);
  });

  test('GIVEN a teardown stop (runOn Delete) WHEN the stack is created THEN its skipped Create says why in its note', () => {
    const create = steps.find((s) => s.phase === 'Create' && s.resource === 'StopOwnTask')!;
    expect(create).toMatchObject({ outcome: 'SKIPPED', note: 'runOn does not include CREATE (runOn: DELETE, the default), so the Create did nothing' });
    expect(stdout).toMatch(/note: runOn does not include CREATE/);
  });
});

test('GIVEN two failing gates each holding back its own steps WHEN rehearsed THEN each NOT RUN step names only the gate it really waited for', async () => {
  const assembly = synthStack('TwoGates', (stack) => {
    const gate = (id: string, task: string) =>
      new DmsAssessmentRun(stack, id, {
        replicationTaskArn: `arn:aws:dms:eu-west-1:123456789012:task:${task}`,
        serviceAccessRole: new iam.Role(stack, `${id}Role`, { assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') }),
        resultLocationBucket: s3.Bucket.fromBucketName(stack, `${id}Reports`, 'reports'),
      });
    const stop = (id: string, task: string) => new DmsStopReplicationTask(stack, id, { replicationTaskArn: `arn:aws:dms:eu-west-1:123456789012:task:${task}`, runOn: [LifecycleEvent.CREATE] });
    gate('OrdersGate', 'ORDERSAAAAAAAAAAAAAAAAAAAA').next(stop('StopOrders', 'ORDERSAAAAAAAAAAAAAAAAAAAA')).next(new RdsCancelExportTask(stack, 'CancelOrdersExport', { exportTaskIdentifier: 'orders', runOn: [LifecycleEvent.CREATE] }));
    gate('InvoicesGate', 'INVOICESAAAAAAAAAAAAAAAAAA').next(stop('StopInvoices', 'INVOICESAAAAAAAAAAAAAAAAAA'));
  });
  const { steps, code } = await rehearse(assembly, ['--state', writeState(JSON.stringify({ OrdersGate: { result: 'failed' }, InvoicesGate: { result: 'failed' } }))]);
  expect(code).toBe(1);
  const notRun = (name: string) => steps.find((s) => s.phase === 'Create' && s.resource === name)!;
  expect(steps.filter((s) => s.phase === 'Create' && s.result === 'FAILED').map((s) => s.resource).sort()).toEqual(['InvoicesGate', 'OrdersGate']);
  expect(notRun('StopOrders')).toMatchObject({ result: 'NOT_RUN', reason: 'not started: it comes after OrdersGate, which failed' });
  expect(notRun('StopInvoices')).toMatchObject({ result: 'NOT_RUN', reason: 'not started: it comes after InvoicesGate, which failed' });
  // Through a step that did not run either, to the gate that failed.
  expect(notRun('CancelOrdersExport')).toMatchObject({ result: 'NOT_RUN', reason: 'not started: it comes after OrdersGate, which failed' });
}, 120_000);

function writeState(json: string): string {
  const file = join(tempDir('rehearse-state-'), 'state.json');
  writeFileSync(file, json);
  return file;
}

test('GIVEN an assembly synthesized without path metadata WHEN --state names a resource by its construct path THEN the entry applies to it', async () => {
  const outdir = tempDir('rehearse-no-paths-');
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': false } });
  const stack = new Stack(app, 'NoPaths', { env: { account: '123456789012', region: 'eu-west-1' } });
  new RdsCancelExportTask(new Construct(stack, 'Exports'), 'CancelNightly', { exportTaskIdentifier: 'nightly' });
  app.synth();
  const template = JSON.parse(readFileSync(join(outdir, 'NoPaths.template.json'), 'utf8')) as { Resources: Record<string, { Metadata?: Record<string, unknown> }> };
  expect(Object.values(template.Resources).some((r) => r.Metadata?.['aws:cdk:path'])).toBe(false);
  const { steps } = await rehearse(outdir, ['--state', writeState(JSON.stringify({ 'NoPaths/Exports/CancelNightly': { exists: false } }))]);
  const teardown = steps.find((s) => s.phase === 'Delete')!;
  expect(teardown).toMatchObject({ result: 'SUCCESS', outcome: 'NOT_FOUND' });
}, 120_000);
