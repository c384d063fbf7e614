/**
 * Integration test for DmsPauseDuringChange, for a user with an AWS account:
 *
 *   npx integ-runner --directory test/integ --language typescript --update-workflow \
 *     --app "npx tsx {filePath}"   (integ-runner and tsx installed) -- -c replicationTaskArn=… -c heartbeatFrequency=5
 *
 * It needs a running DMS replication task (its ARN in the context). The stack watches a DMS source
 * endpoint whose extra connection attributes come from the context: the first deployment does
 * nothing (both steps SKIPPED); deploying again with another `heartbeatFrequency` (the update
 * workflow) changes the endpoint, so the pause stops the task, CloudFormation modifies the endpoint
 * while it is stopped, and the resume resumes it. The assertion reads the task from DMS and expects
 * it `running` after either deployment, and the resume's own status to agree (`-c expectResumeStatus=` for
 * the first deployment, where the resume does nothing).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { DmsPauseDuringChange } from '../../lib';

const app = new App();
const context = (key: string, placeholder: string): string => app.node.tryGetContext(key) ?? placeholder;
const replicationTaskArn = context('replicationTaskArn', 'arn:aws:dms:us-east-1:123456789012:task:INTEGPAUSEDTASK00000000000');

const stack = new Stack(app, 'CutoverIntegDmsPause');
const source = new dms.CfnEndpoint(stack, 'WatchedSource', {
  endpointType: 'source',
  engineName: 'postgres',
  serverName: context('serverName', 'orders.db.internal'),
  port: 5432,
  databaseName: 'orders',
  // Credentials stay in Secrets Manager: the template names the secret, never the password.
  postgreSqlSettings: {
    secretsManagerSecretId: context('secretId', 'cutover/orders-source'),
    secretsManagerAccessRoleArn: context('secretAccessRoleArn', 'arn:aws:iam::123456789012:role/dms-secrets-access'),
  },
  extraConnectionAttributes: `heartbeatEnable=true;heartbeatFrequency=${context('heartbeatFrequency', '5')}`,
});
const pause = new DmsPauseDuringChange(stack, 'PauseOrders', { replicationTaskArn, watch: [source], timeout: Duration.minutes(30) });

const integ = new IntegTest(app, 'DmsPauseDuringChangeInteg', { testCases: [stack] });
integ.assertions
  .awsApiCall('DatabaseMigrationService', 'describeReplicationTasks', { Filters: [{ Name: 'replication-task-arn', Values: [replicationTaskArn] }] })
  .expect(ExpectedResult.objectLike({ ReplicationTasks: [{ Status: 'running' }] }));
// The resume's own report agrees: running again after a watched change ('' on the first deployment, which does nothing).
integ.assertions.expect('ResumeStatus', ExpectedResult.exact(context('expectResumeStatus', 'running')), ExpectedResult.exact(pause.resume.status));
app.synth();
