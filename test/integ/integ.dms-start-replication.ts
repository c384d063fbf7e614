/**
 * Integration test for DmsStartReplication, for a user with an AWS account and a DMS Serverless
 * replication config whose replication is stopped (or was never started):
 *
 *   npx integ-runner --directory test/integ --language typescript \
 *     --app "npx tsx {filePath}" -- -c replicationConfigArn=arn:aws:dms:…:replication-config:…
 *
 * Provisioning capacity can take long, so the step waits up to an hour; the assertion reads the
 * replication and expects it `running`.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { DmsStartReplication } from '../../lib';

const app = new App();
const replicationConfigArn: string =
  app.node.tryGetContext('replicationConfigArn') ?? 'arn:aws:dms:us-east-1:123456789012:replication-config:INTEGCONFIG000000000000000';

const stack = new Stack(app, 'CutoverIntegDmsStartServerless');
const start = new DmsStartReplication(stack, 'Start', { replicationConfigArn, timeout: Duration.hours(1) });

const integ = new IntegTest(app, 'DmsStartReplicationInteg', { testCases: [stack] });
integ.assertions
  .awsApiCall('DatabaseMigrationService', 'describeReplications', { Filters: [{ Name: 'replication-config-arn', Values: [replicationConfigArn] }] })
  .expect(ExpectedResult.objectLike({ Replications: [{ ReplicationConfigArn: replicationConfigArn, Status: 'running' }] }));
integ.assertions.expect('StartStatus', ExpectedResult.exact('running'), ExpectedResult.exact(start.status));
app.synth();
