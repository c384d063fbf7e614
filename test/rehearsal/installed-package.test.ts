import { ConsumerApp, createConsumerApp } from '../support/consumer-app';

// A user's app, outside this repository: plain JavaScript, a DMS task torn down safely and an RDS
// export cancelled on deletion, with the library installed from its packed tarball.
const APP = `
const { App, Stack } = require('aws-cdk-lib');
const dms = require('aws-cdk-lib/aws-dms');
const { DmsStopReplicationTask, RdsCancelExportTask } = require('cdk-cutover');

const app = new App();
const stack = new Stack(app, 'ConsumerMigration', { env: { account: '111122223333', region: 'eu-central-1' } });
const task = new dms.CfnReplicationTask(stack, 'Task', {
  migrationType: 'cdc',
  replicationInstanceArn: 'arn:aws:dms:eu-central-1:111122223333:rep:INSTANCE',
  sourceEndpointArn: 'arn:aws:dms:eu-central-1:111122223333:endpoint:SOURCE',
  targetEndpointArn: 'arn:aws:dms:eu-central-1:111122223333:endpoint:TARGET',
  tableMappings: JSON.stringify({ rules: [] }),
});
new DmsStopReplicationTask(stack, 'StopTask', { replicationTaskArn: task.ref });
new RdsCancelExportTask(stack, 'CancelExport', { exportTaskIdentifier: 'consumer-export-1' });
app.synth();
`;

let consumer: ConsumerApp;

beforeAll(async () => {
  consumer = await createConsumerApp({ appSource: APP });
}, 240_000);
afterAll(() => consumer?.dispose());

test('npx cdk-cutover rehearse --app works from the installed package in a fresh CDK app', async () => {
  const run = await consumer.run('npx --no-install cdk-cutover rehearse --app "node app.js" --speed 600');
  expect(run.stderr).not.toMatch(/cdk-cutover|Error/);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Rehearsing stack ConsumerMigration: 2 cdk-cutover resource\(s\) \(StopTask, CancelExport\)/);
  expect(run.stdout).toMatch(/✓ Delete +StopTask +DONE .*DMS task task: stopped/);
  expect(run.stdout).toMatch(/✓ Delete +CancelExport +DONE .*RDS export consumer-export-1: CANCELED/);
  expect(run.stdout).toMatch(/Rehearsal passed/);
}, 60_000);

test('without --app, the installed command synthesizes the app named in cdk.json', async () => {
  const run = await consumer.run('npx --no-install cdk-cutover rehearse --speed 600 --faults access-denied@CancelExportTask');
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/Synthesizing: node app\.js/);
  expect(run.stdout).toMatch(/Rehearsal FAILED: Delete of CancelExport: Access denied calling rds:CancelExportTask/);
}, 60_000);
