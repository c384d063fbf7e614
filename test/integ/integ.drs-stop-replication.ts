/**
 * Integration test for DrsStopReplication, for a user with an AWS account and a source server that
 * replicates to Elastic Disaster Recovery (its snapshots WILL be deleted):
 *
 *   npx integ-runner --directory test/integ --language typescript \
 *     --app "npx tsx {filePath}" -- -c sourceServerId=s-…
 *
 * The stack stops replication as a cutover step (runOn CREATE); the assertion reads the server from
 * DRS and expects its data replication state to be STOPPED.
 */
import { App, Stack } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { DrsStopReplication, LifecycleEvent } from '../../lib';

const app = new App();
const sourceServerId: string = app.node.tryGetContext('sourceServerId') ?? 's-00000000000000000';

const stack = new Stack(app, 'CutoverIntegDrsStop');
const stop = new DrsStopReplication(stack, 'Decommission', {
  sourceServerId,
  acknowledgeSnapshotDeletion: true,
  runOn: [LifecycleEvent.CREATE],
});

const integ = new IntegTest(app, 'DrsStopReplicationInteg', { testCases: [stack] });
integ.assertions
  .awsApiCall('Drs', 'describeSourceServers', { filters: { sourceServerIDs: [sourceServerId] } })
  .expect(ExpectedResult.objectLike({ items: [{ sourceServerID: sourceServerId, dataReplicationInfo: { dataReplicationState: 'STOPPED' } }] }));
integ.assertions.expect('StopOutcome', ExpectedResult.exact('STOPPED'), ExpectedResult.exact(stop.status));
app.synth();
