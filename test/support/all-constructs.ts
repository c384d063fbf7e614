import { App, Stack } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import { DmsStopReplicationTask, DrsStopReplication, LifecycleEvent, RdsCancelExportTask } from '../../lib';

/** A stack with every cdk-cutover construct, several instances each, as a demanding user would build. */
export function allConstructsStack(app: App, id = 'AllConstructs'): Stack {
  const stack = new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
  for (let i = 0; i < 3; i++) {
    const task = new dms.CfnReplicationTask(stack, `Task${i}`, {
      migrationType: 'full-load-and-cdc',
      replicationInstanceArn: 'arn:aws:dms:us-east-1:123456789012:rep:INSTANCE',
      sourceEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:SOURCE',
      targetEndpointArn: 'arn:aws:dms:us-east-1:123456789012:endpoint:TARGET',
      tableMappings: '{"rules":[]}',
    });
    new DmsStopReplicationTask(stack, `StopTask${i}`, { replicationTaskArn: task.ref });
  }
  new DmsStopReplicationTask(stack, 'CutoverStop', {
    replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:task:CUTOVERTASK0000000000000000',
    runOn: [LifecycleEvent.CREATE],
  });
  for (let i = 0; i < 3; i++) {
    new DrsStopReplication(stack, `Decommission${i}`, { sourceServerId: `s-${String(i).padStart(17, '0')}`, acknowledgeSnapshotDeletion: true });
    new RdsCancelExportTask(stack, `CancelExport${i}`, { exportTaskIdentifier: `nightly-export-${i}` });
  }
  return stack;
}
