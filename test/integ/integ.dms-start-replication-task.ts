/**
 * Integration test for DmsStartReplicationTask, for a user with an AWS account and a DMS
 * replication task that is stopped (or never ran):
 *
 *   npx integ-runner --directory test/integ --language typescript \
 *     --app "npx tsx {filePath}" -- -c replicationTaskArn=arn:aws:dms:…:task:…
 *
 * The stack starts the task (AUTO: a fresh start if it never ran, a resume otherwise); the
 * assertion reads the task from DMS and expects it `running`.
 */
import { App, Stack } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { DmsStartReplicationTask } from '../../lib';

const app = new App();
const replicationTaskArn: string = app.node.tryGetContext('replicationTaskArn') ?? 'arn:aws:dms:us-east-1:123456789012:task:INTEGTASK00000000000000000';

const stack = new Stack(app, 'CutoverIntegDmsStartTask');
const start = new DmsStartReplicationTask(stack, 'Start', { replicationTaskArn });

const integ = new IntegTest(app, 'DmsStartReplicationTaskInteg', { testCases: [stack] });
integ.assertions
  .awsApiCall('DatabaseMigrationService', 'describeReplicationTasks', { Filters: [{ Name: 'replication-task-arn', Values: [replicationTaskArn] }], WithoutSettings: true })
  .expect(ExpectedResult.objectLike({ ReplicationTasks: [{ ReplicationTaskArn: replicationTaskArn, Status: 'running' }] }));
integ.assertions.expect('StartStatus', ExpectedResult.exact('running'), ExpectedResult.exact(start.status));
app.synth();
