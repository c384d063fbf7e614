/**
 * Integration test for DmsStopReplicationTask, for a user with an AWS account:
 *
 *   npx integ-runner --directory test/integ --language typescript \
 *     --app "npx tsx {filePath}"   (integ-runner and tsx installed) -- -c replicationInstanceArn=… -c sourceEndpointArn=… -c targetEndpointArn=…
 *
 * It needs a replication instance and two endpoints whose databases are reachable. The first stack
 * creates a task and starts it; the second stack stops it with DmsStopReplicationTask as a cutover
 * step (runOn CREATE); the assertion reads the task from DMS and expects `stopped`.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { DmsStopReplicationTask, LifecycleEvent } from '../../lib';

const app = new App();
const context = (key: string, placeholder: string): string => app.node.tryGetContext(key) ?? placeholder;

const taskStack = new Stack(app, 'CutoverIntegDmsTask');
const task = new dms.CfnReplicationTask(taskStack, 'Task', {
  migrationType: 'full-load-and-cdc',
  replicationInstanceArn: context('replicationInstanceArn', 'arn:aws:dms:us-east-1:123456789012:rep:PLACEHOLDER'),
  sourceEndpointArn: context('sourceEndpointArn', 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCE'),
  targetEndpointArn: context('targetEndpointArn', 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET'),
  tableMappings: JSON.stringify({
    rules: [{ 'rule-type': 'selection', 'rule-id': '1', 'rule-name': 'all', 'object-locator': { 'schema-name': '%', 'table-name': '%' }, 'rule-action': 'include' }],
  }),
});
// Test scaffolding: start the task so there is something to stop.
const start = new cr.AwsCustomResource(taskStack, 'StartTask', {
  onCreate: {
    service: 'DatabaseMigrationService',
    action: 'startReplicationTask',
    parameters: { ReplicationTaskArn: task.ref, StartReplicationTaskType: 'start-replication' },
    physicalResourceId: cr.PhysicalResourceId.of('start'),
  },
  policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [task.ref] }),
});
start.node.addDependency(task);

const cutoverStack = new Stack(app, 'CutoverIntegDmsStop');
cutoverStack.addStackDependency(taskStack);
const stop = new DmsStopReplicationTask(cutoverStack, 'StopTask', {
  replicationTaskArn: task.ref,
  runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE],
});

const integ = new IntegTest(app, 'DmsStopReplicationTaskInteg', { testCases: [taskStack, cutoverStack] });
integ.assertions
  .awsApiCall('DatabaseMigrationService', 'describeReplicationTasks', {
    Filters: [{ Name: 'replication-task-arn', Values: [task.ref] }],
    WithoutSettings: true,
  })
  .expect(ExpectedResult.objectLike({ ReplicationTasks: [{ Status: 'stopped' }] }));
// The construct's own report agrees with DMS.
integ.assertions.expect('StopOutcome', ExpectedResult.exact('stopped'), ExpectedResult.exact(stop.status));
app.synth();
