/**
 * Integration test for DrsStartReplication, for a user with an AWS account and a DRS source server
 * whose replication is STOPPED. Starting it re-syncs every disk (the old snapshots do not come
 * back) and bills the server again:
 *
 *   npx integ-runner --directory test/integ --language typescript \
 *     --app "npx tsx {filePath}" -- -c sourceServerId=s-…
 *
 * The assertion reads the server from DRS and expects CONTINUOUS replication.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { DrsStartReplication } from '../../lib';

const app = new App();
const sourceServerId: string = app.node.tryGetContext('sourceServerId') ?? 's-00000000000000000';

const stack = new Stack(app, 'CutoverIntegDrsStart');
const start = new DrsStartReplication(stack, 'Protect', { sourceServerId, timeout: Duration.hours(1) });

const integ = new IntegTest(app, 'DrsStartReplicationInteg', { testCases: [stack] });
integ.assertions
  .awsApiCall('Drs', 'describeSourceServers', { filters: { sourceServerIDs: [sourceServerId] } })
  .expect(ExpectedResult.objectLike({ items: [{ sourceServerID: sourceServerId, dataReplicationInfo: { dataReplicationState: 'CONTINUOUS' } }] }));
integ.assertions.expect('StartStatus', ExpectedResult.exact('CONTINUOUS'), ExpectedResult.exact(start.status));
app.synth();
