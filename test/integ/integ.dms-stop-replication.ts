/**
 * Integration test for DmsStopReplication, for a user with an AWS account:
 *
 *   npx integ-runner --directory test/integ --language typescript \
 *     --app "npx tsx {filePath}"   (integ-runner and tsx installed) -- -c sourceEndpointArn=… -c targetEndpointArn=…
 *
 * It needs two DMS endpoints whose databases are reachable (DMS Serverless provisions its own
 * capacity: no replication instance). The first stack creates a serverless replication config and
 * starts it; the second stack stops it with DmsStopReplication as a cutover step (runOn CREATE),
 * through the start-up states if DMS is still provisioning; the assertion reads the replication
 * from DMS and expects `stopped`. Destroying the first stack then deletes the stopped config.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { DmsStopReplication, LifecycleEvent } from '../../lib';

const app = new App();
const context = (key: string, placeholder: string): string => app.node.tryGetContext(key) ?? placeholder;

const configStack = new Stack(app, 'CutoverIntegDmsServerless');
const config = new dms.CfnReplicationConfig(configStack, 'Config', {
  replicationConfigIdentifier: 'cutover-integ-serverless',
  replicationType: 'full-load-and-cdc',
  sourceEndpointArn: context('sourceEndpointArn', 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCE'),
  targetEndpointArn: context('targetEndpointArn', 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET'),
  computeConfig: { maxCapacityUnits: 4 },
  tableMappings: {
    rules: [{ 'rule-type': 'selection', 'rule-id': '1', 'rule-name': 'all', 'object-locator': { 'schema-name': '%', 'table-name': '%' }, 'rule-action': 'include' }],
  },
});
// Test scaffolding: start the replication so there is something to stop.
const start = new cr.AwsCustomResource(configStack, 'StartReplication', {
  onCreate: {
    service: 'DatabaseMigrationService',
    action: 'startReplication',
    parameters: { ReplicationConfigArn: config.attrReplicationConfigArn, StartReplicationType: 'start-replication' },
    physicalResourceId: cr.PhysicalResourceId.of('start'),
  },
  policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [config.attrReplicationConfigArn] }),
});
start.node.addDependency(config);

const cutoverStack = new Stack(app, 'CutoverIntegDmsServerlessStop');
cutoverStack.addStackDependency(configStack);
const stop = new DmsStopReplication(cutoverStack, 'StopReplication', {
  replicationConfigArn: config.attrReplicationConfigArn,
  runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE],
  // Capacity provisioning alone can take many minutes; the stop is retried until DMS accepts it.
  timeout: Duration.hours(1),
});

const integ = new IntegTest(app, 'DmsStopReplicationInteg', { testCases: [configStack, cutoverStack] });
integ.assertions
  .awsApiCall('DatabaseMigrationService', 'describeReplications', {
    Filters: [{ Name: 'replication-config-arn', Values: [config.attrReplicationConfigArn] }],
  })
  .expect(ExpectedResult.objectLike({ Replications: [{ Status: 'stopped' }] }));
// The construct's own report agrees with DMS.
integ.assertions.expect('StopOutcome', ExpectedResult.exact('stopped'), ExpectedResult.exact(stop.status));
app.synth();
