import { CatchUpProps, DmsStopProps, LifecycleEvent, ResourceTypes } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// Emulated time runs 300x (a minute of metrics in 0.2 s), the handler on the same clock; the
// Provider polls every 50 ms real, i.e. every 15 emulated seconds.
const MINUTE = 60_000;
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ speed: 300, emulator: { dms: { stopDurationMs: 30_000 } } });
});
afterAll(() => rig.stop());

function request(arn: string, gate: { maxLatency?: number; stableFor?: number }, timeoutSeconds = 900): CfnRequest {
  return {
    RequestType: 'Create',
    ResourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
    LogicalResourceId: 'CaughtUpStop',
    ResourceProperties: {
      [DmsStopProps.REPLICATION_TASK_ARN]: arn,
      [CatchUpProps.MAX_LATENCY_SECONDS]: String(gate.maxLatency ?? 5),
      [CatchUpProps.STABLE_FOR_SECONDS]: String(gate.stableFor ?? 120),
      ...commonProps({ runOn: [LifecycleEvent.CREATE], timeoutSeconds }),
    },
  };
}

/** A running task whose two latencies follow these steps (minutes relative to the current minute). */
function seedTask(name: string, latency: Record<'CDCLatencySource' | 'CDCLatencyTarget', Array<[number, number | null]>>): { arn: string; minute: number } {
  const arn = rig.emulator.dms.seedTask({ identifier: name });
  const minute = Math.floor(rig.emulator.clock.now() / MINUTE) * MINUTE;
  for (const metric of ['CDCLatencySource', 'CDCLatencyTarget'] as const) {
    const steps = latency[metric].map(([m, value]) => ({ atMs: minute + m * MINUTE, value }));
    rig.emulator.cloudwatch.putDmsTaskLatency({ taskArn: arn, instanceIdentifier: `${name}-instance`, metric, steps });
  }
  return { arn, minute };
}

const stopCalls = (arn: string) =>
  rig.emulator.callLog({ service: 'dms', operation: 'StopReplicationTask' }).filter((c) => c.params.ReplicationTaskArn === arn);
const metricReads = (since: number) => rig.emulator.callLog({ service: 'cloudwatch', operation: 'GetMetricData' }).filter((c) => c.at >= since);

describe('stopWhenCaughtUp on a classic task', () => {
  test('the stop is issued only after both latencies stayed at or below maxLatency for stableFor', async () => {
    // GIVEN a task 40 s behind at the source until 2 minutes from now, then 1 s; the target at 1 s throughout
    const { arn, minute } = seedTask('catches-up', {
      CDCLatencySource: [[-10, 40], [2, 1]],
      CDCLatencyTarget: [[-10, 1]],
    });
    // WHEN the gated stop runs with maxLatency 5 s and stableFor 2 minutes
    const sentAt = rig.emulator.clock.now();
    const outcome = await rig.send(request(arn, { maxLatency: 5, stableFor: 120 }));
    // THEN it stopped the task once, and only after minutes +2 and +3 were both published (at +4)
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'stopped', SourceLatencyAtStop: '1', TargetLatencyAtStop: '1' } });
    const stops = stopCalls(arn);
    expect(stops).toHaveLength(1);
    expect(stops[0].at).toBeGreaterThanOrEqual(minute + 4 * MINUTE);
    // The reading that let the stop through was made once minute +3 was published: the gate decided
    // on the metrics, not on the clock. (How many readings came before depends on how the 50 ms polls
    // fall on a loaded machine, at 300x a stalled poll skips emulated minutes.)
    const readsBeforeStop = metricReads(minute).filter((c) => c.at < stops[0].at);
    expect(readsBeforeStop.length).toBeGreaterThanOrEqual(1);
    expect(readsBeforeStop.at(-1)!.at).toBeGreaterThanOrEqual(minute + 4 * MINUTE);
    // How long it waited, in emulated seconds: from its start (after the request was sent, before its
    // first look) until the task stopped (DMS's stop date, after the reading that let the stop through).
    // At 300x the step may start minutes after the seeding, so only these bounds hold on a loaded machine.
    const firstLook = rig.emulator.callLog({ service: 'dms' }).find((c) => c.at >= sentAt && JSON.stringify(c.params).includes(arn))!;
    const stoppedAt = rig.emulator.dms.task(arn)!.stoppedAt!;
    const waited = Number(outcome.data.CatchUpWaitSeconds);
    expect(waited).toBeGreaterThanOrEqual(Math.floor((readsBeforeStop.at(-1)!.at - firstLook.at) / 1000));
    expect(waited).toBeLessThanOrEqual(Math.ceil((stoppedAt - sentAt) / 1000));
  });

  test('a task that never catches up is not stopped, and fails at the deadline with the latencies and what to do', async () => {
    // GIVEN a task 60 s behind at the source and 2 s at the target, for good
    const { arn } = seedTask('never-catches-up', { CDCLatencySource: [[-10, 60]], CDCLatencyTarget: [[-10, 2]] });
    // WHEN the gated stop runs with a 5-minute timeout
    const outcome = await rig.send(request(arn, { maxLatency: 5, stableFor: 120 }, 300));
    // THEN it failed at its deadline without a stop, and the task still runs
    expect(outcome.status).toBe('FAILED');
    expect(stopCalls(arn)).toHaveLength(0);
    expect(rig.emulator.dms.task(arn)?.status).toBe('running');
    // AND the reason gives both latencies, when they were read, and the way out
    expect(outcome.reason).toContain('"waiting-for-catch-up"');
    expect(outcome.reason).toMatch(/CDCLatencySource 60 s, CDCLatencyTarget 2 s/);
    expect(outcome.reason).toMatch(/minute starting \d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z \(read at \d{4}-/);
    expect(outcome.reason).toContain("was NOT stopped");
    expect(outcome.reason).toContain('Quiesce writes to the source');
    expect(outcome.reason).toContain('raise "timeout"');
    expect(outcome.reason!.length).toBeLessThan(4096);
  });

  test('each look lists the task\'s metrics with one ListMetrics call filtered on the task, then reads them once', async () => {
    // GIVEN a task that has caught up, and a busier task on another instance in the same account
    const { arn } = seedTask('one-listing', { CDCLatencySource: [[-10, 1]], CDCLatencyTarget: [[-10, 1]] });
    seedTask('one-listing-neighbour', { CDCLatencySource: [[-10, 90]], CDCLatencyTarget: [[-10, 90]] });
    const since = rig.emulator.clock.now();
    // WHEN the gated stop runs
    const outcome = await rig.send(request(arn, { maxLatency: 5, stableFor: 120 }));
    // THEN it stopped on the task's own latencies
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Status: 'stopped', SourceLatencyAtStop: '1', TargetLatencyAtStop: '1' } });
    // AND every check made one ListMetrics (the task's id as its filter, no metric name) and one GetMetricData
    const listings = rig.emulator.callLog({ service: 'cloudwatch', operation: 'ListMetrics' }).filter((c) => c.at >= since);
    const resourceId = arn.slice(arn.lastIndexOf(':') + 1);
    expect(listings.length).toBeGreaterThan(0);
    expect(listings.length).toBe(metricReads(since).length);
    for (const call of listings) {
      expect(call.params.MetricName).toBeUndefined();
      expect(call.params.Dimensions).toEqual([{ Name: 'ReplicationTaskIdentifier', Value: resourceId }]);
    }
  });

  test('a task without latency datapoints is unknown, never caught up: not stopped, and the reason says so', async () => {
    // GIVEN a running task that publishes no CDC latency at all
    const arn = rig.emulator.dms.seedTask({ identifier: 'silent' });
    // WHEN the gated stop runs
    const outcome = await rig.send(request(arn, {}, 300));
    // THEN it fails at the deadline without stopping, naming the missing metrics and dimension
    expect(outcome.status).toBe('FAILED');
    expect(stopCalls(arn)).toHaveLength(0);
    expect(outcome.reason).toContain('unknown, and unknown is never taken as caught up');
    expect(outcome.reason).toContain(`ReplicationTaskIdentifier=${arn.split(':task:')[1]}`);
  });

  test('a missing minute inside the window is not taken as caught up', async () => {
    // GIVEN latencies at 0 s, but the source skips every other minute
    const gaps: Array<[number, number | null]> = Array.from({ length: 40 }, (_, i) => [i - 10, i % 2 === 0 ? 0 : null]);
    const { arn } = seedTask('gappy', { CDCLatencySource: gaps, CDCLatencyTarget: [[-10, 0]] });
    // WHEN the gated stop runs with stableFor 2 minutes
    const outcome = await rig.send(request(arn, { stableFor: 120 }, 300));
    // THEN no two consecutive minutes were both present: it never stopped, and says which minute was missing
    expect(outcome.status).toBe('FAILED');
    expect(stopCalls(arn)).toHaveLength(0);
    expect(outcome.reason).toMatch(/no datapoint for the minute\(s\) \d{4}-/);
  });

  test('a throttled GetMetricData is retried, and the gate still stops a caught-up task', async () => {
    // GIVEN a task caught up for the last ten minutes, and CloudWatch throttling the next three reads
    const { arn } = seedTask('throttled', { CDCLatencySource: [[-10, 0]], CDCLatencyTarget: [[-10, 1]] });
    const since = rig.emulator.clock.now();
    rig.emulator.faults.inject({ kind: 'throttle', service: 'cloudwatch', operation: 'GetMetricData', count: 3 });
    // WHEN the gated stop runs
    const outcome = await rig.send(request(arn, {}));
    // THEN the throttled reads were retried and the task stopped
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'stopped' } });
    const reads = metricReads(since);
    expect(reads.filter((c) => c.fault === 'throttle')).toHaveLength(3);
    expect(reads.filter((c) => c.fault === undefined && c.at < stopCalls(arn)[0].at).length).toBeGreaterThanOrEqual(1);
  });

  test('a task that is not running needs no gate: success without reading metrics or stopping', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'already-stopped', status: 'stopped' });
    const since = rig.emulator.clock.now();
    const outcome = await rig.send(request(arn, {}));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOTHING_TO_DO', Status: 'stopped', CatchUpWaitSeconds: '' } });
    expect(rig.emulator.callLog({ service: 'cloudwatch' }).filter((c) => c.at >= since)).toHaveLength(0);
    expect(stopCalls(arn)).toHaveLength(0);
  });

  test('a task in another region is gated on that region\'s metrics: CloudWatch is called where the task ARN says', async () => {
    // GIVEN a caught-up task in eu-west-1 (the Lambda runs in us-east-1)
    const arn = rig.emulator.dms.seedTask({ identifier: 'eu-task', region: 'eu-west-1' });
    const minute = Math.floor(rig.emulator.clock.now() / MINUTE) * MINUTE;
    for (const metric of ['CDCLatencySource', 'CDCLatencyTarget'] as const) {
      rig.emulator.cloudwatch.putDmsTaskLatency({ taskArn: arn, instanceIdentifier: 'eu-instance', metric, steps: [{ atMs: minute - 10 * MINUTE, value: 0 }] });
    }
    const since = rig.emulator.clock.now();
    // WHEN the gated stop runs
    const outcome = await rig.send(request(arn, {}));
    // THEN it read eu-west-1's metrics only, and stopped the task
    const reads = rig.emulator.callLog({ service: 'cloudwatch' }).filter((c) => c.at >= since);
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads.map((c) => c.region))).toEqual(new Set(['eu-west-1']));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Status: 'stopped', SourceLatencyAtStop: '0', TargetLatencyAtStop: '0' } });
  });
});
