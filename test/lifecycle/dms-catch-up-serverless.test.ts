import { CatchUpProps, DmsReplicationStopProps, LifecycleEvent, ResourceTypes } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// As the classic gate's tests: emulated time at 300x with the handler on the same clock; the
// Lambda runs in us-east-1.
const MINUTE = 60_000;
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ speed: 300, emulator: { dmsServerless: { stopDurationMs: 30_000 } } });
});
afterAll(() => rig.stop());

function request(arn: string, timeoutSeconds = 900): CfnRequest {
  return {
    RequestType: 'Create',
    ResourceType: ResourceTypes.DMS_STOP_REPLICATION,
    LogicalResourceId: 'CaughtUpReplicationStop',
    ResourceProperties: {
      [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: arn,
      [CatchUpProps.MAX_LATENCY_SECONDS]: '5',
      [CatchUpProps.STABLE_FOR_SECONDS]: '120',
      ...commonProps({ runOn: [LifecycleEvent.CREATE], timeoutSeconds }),
    },
  };
}

const currentMinute = () => Math.floor(rig.emulator.clock.now() / MINUTE) * MINUTE;
const stopCalls = (arn: string) => rig.emulator.callLog({ service: 'dms', operation: 'StopReplication' }).filter((c) => c.params.ReplicationConfigArn === arn);

describe('stopWhenCaughtUp on a DMS Serverless replication', () => {
  test('the stop is issued only after both latencies stayed low for stableFor, on the dimension found with ListMetrics', async () => {
    // GIVEN a running replication 30 s behind at the target until 2 minutes from now
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'orders-serverless' });
    const minute = currentMinute();
    rig.emulator.cloudwatch.putDmsReplicationLatency({ configArn: arn, metric: 'CDCLatencySource', steps: [{ atMs: minute - 10 * MINUTE, value: 0 }] });
    rig.emulator.cloudwatch.putDmsReplicationLatency({
      configArn: arn,
      metric: 'CDCLatencyTarget',
      steps: [{ atMs: minute - 10 * MINUTE, value: 30 }, { atMs: minute + 2 * MINUTE, value: 2 }],
    });
    // WHEN the gated stop runs
    const outcome = await rig.send(request(arn));
    // THEN it stopped once, after minutes +2 and +3 were published, and reports the latencies at the stop
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'stopped', SourceLatencyAtStop: '0', TargetLatencyAtStop: '2' } });
    expect(stopCalls(arn)).toHaveLength(1);
    expect(stopCalls(arn)[0].at).toBeGreaterThanOrEqual(minute + 4 * MINUTE);
    expect(rig.emulator.callLog({ service: 'cloudwatch', operation: 'ListMetrics' }).some((c) => c.params.MetricName === 'CDCLatencyTarget')).toBe(true);
  });

  test('a replication in another region is judged on that region\'s metrics (the client follows the config ARN)', async () => {
    // GIVEN a replication in eu-west-1 that never catches up there, and a caught-up series with the same id in us-east-1
    const resourceId = 'EUWESTREPLICATION000000001';
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'eu-orders', region: 'eu-west-1', resourceId });
    const minute = currentMinute();
    for (const metric of ['CDCLatencySource', 'CDCLatencyTarget'] as const) {
      rig.emulator.cloudwatch.putDmsReplicationLatency({ configArn: arn, metric, steps: [{ atMs: minute - 10 * MINUTE, value: 45 }] });
      const usEast = arn.replace(':eu-west-1:', ':us-east-1:');
      rig.emulator.cloudwatch.putDmsReplicationLatency({ configArn: usEast, metric, steps: [{ atMs: minute - 10 * MINUTE, value: 0 }] });
    }
    // WHEN the gated stop runs with a 5-minute timeout
    const since = rig.emulator.clock.now();
    const outcome = await rig.send(request(arn, 300));
    // THEN every metric read went to eu-west-1, the replication was not stopped, and the reason has eu-west-1's latencies
    const reads = rig.emulator.callLog({ service: 'cloudwatch' }).filter((c) => c.at >= since);
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads.map((c) => c.region))).toEqual(new Set(['eu-west-1']));
    expect(outcome.status).toBe('FAILED');
    expect(stopCalls(arn)).toHaveLength(0);
    expect(outcome.reason).toMatch(/CDCLatencySource 45 s, CDCLatencyTarget 45 s/);
  });

  test('metrics published under the config identifier on another dimension name are found too', async () => {
    // GIVEN latency series on ReplicationConfigId = the config's identifier (the other name dashboards use)
    const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'by-identifier' });
    const minute = currentMinute();
    for (const metricName of ['CDCLatencySource', 'CDCLatencyTarget']) {
      rig.emulator.cloudwatch.putSeries({
        namespace: 'AWS/DMS',
        metricName,
        dimensions: { ReplicationConfigId: 'by-identifier' },
        steps: [{ atMs: minute - 10 * MINUTE, value: 1 }],
      });
    }
    // WHEN the gated stop runs THEN it reads them and stops
    const outcome = await rig.send(request(arn));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Status: 'stopped', SourceLatencyAtStop: '1', TargetLatencyAtStop: '1' } });
  });
});
