import { CloudWatchClient, GetMetricDataCommand, GetMetricDataCommandInput, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { SERVERLESS_LATENCY_DIMENSION } from '../../contract/dms-serverless';
import { Emulator } from '../../emulator';
import { clientConfig } from './clients';

const MINUTE = 60_000;
const TASK = 'arn:aws:dms:us-east-1:123456789012:task:2YT32VX7CHRMJNQCHGA5Z5TLHM';
const DIMENSIONS = [
  { Name: 'ReplicationInstanceIdentifier', Value: 'cutover-instance' },
  { Name: 'ReplicationTaskIdentifier', Value: '2YT32VX7CHRMJNQCHGA5Z5TLHM' },
];

let emulator: Emulator;
let cw: CloudWatchClient;
let t0: number;
beforeAll(async () => {
  emulator = await Emulator.start();
  cw = new CloudWatchClient(clientConfig(emulator));
  // Work on whole emulated minutes: t0 is a minute boundary ten minutes ago.
  t0 = Math.floor(emulator.clock.now() / MINUTE) * MINUTE - 10 * MINUTE;
  // Latency 5 s for three minutes, 120 s for two, then the task stops publishing.
  emulator.cloudwatch.putDmsTaskLatency({
    taskArn: TASK,
    instanceIdentifier: 'cutover-instance',
    metric: 'CDCLatencyTarget',
    steps: [
      { atMs: t0, value: 5 },
      { atMs: t0 + 3 * MINUTE, value: 120 },
      { atMs: t0 + 5 * MINUTE, value: null },
    ],
  });
});
afterAll(() => emulator.stop());

function query(overrides: Partial<GetMetricDataCommandInput> = {}, metricName = 'CDCLatencyTarget', dimensions = DIMENSIONS): GetMetricDataCommandInput {
  return {
    MetricDataQueries: [{ Id: 'lag', MetricStat: { Metric: { Namespace: 'AWS/DMS', MetricName: metricName, Dimensions: dimensions }, Period: 60, Stat: 'Maximum' } }],
    StartTime: new Date(t0),
    EndTime: new Date(t0 + 10 * MINUTE),
    ...overrides,
  };
}

describe('GetMetricData', () => {
  test('returns the per-minute datapoints of a scripted series, newest first', async () => {
    // WHEN the last ten minutes are queried at 60 s Maximum
    const out = await cw.send(new GetMetricDataCommand(query()));
    // THEN five minute datapoints come back with minute timestamps, newest first
    const [result] = out.MetricDataResults!;
    expect(result).toMatchObject({ Id: 'lag', StatusCode: 'Complete', Values: [120, 120, 5, 5, 5] });
    expect(result.Timestamps!.map((d) => d.getTime())).toEqual([4, 3, 2, 1, 0].map((m) => t0 + m * MINUTE));
  });

  test('ScanBy TimestampAscending returns oldest first; a 300 s period aggregates with the Stat', async () => {
    const ascending = await cw.send(new GetMetricDataCommand(query({ ScanBy: 'TimestampAscending' })));
    expect(ascending.MetricDataResults![0].Values).toEqual([5, 5, 5, 120, 120]);
    const fiveMinutes = query();
    fiveMinutes.MetricDataQueries![0].MetricStat!.Period = 300;
    fiveMinutes.MetricDataQueries![0].MetricStat!.Stat = 'Average';
    const out = await cw.send(new GetMetricDataCommand(fiveMinutes));
    expect(out.MetricDataResults![0].Values).toEqual([(5 * 3 + 120 * 2) / 5]);
  });

  test('only datapoints within [StartTime, EndTime) are returned', async () => {
    const out = await cw.send(new GetMetricDataCommand(query({ StartTime: new Date(t0 + MINUTE), EndTime: new Date(t0 + 3 * MINUTE) })));
    expect(out.MetricDataResults![0].Timestamps!.map((d) => d.getTime())).toEqual([t0 + 2 * MINUTE, t0 + MINUTE]);
  });

  test('a metric without datapoints (other metric, or a partial dimension set) returns empty Values', async () => {
    const source = await cw.send(new GetMetricDataCommand(query({}, 'CDCLatencySource')));
    const partial = await cw.send(new GetMetricDataCommand(query({}, 'CDCLatencyTarget', [DIMENSIONS[1]])));
    expect(source.MetricDataResults![0]).toMatchObject({ Values: [], Timestamps: [], StatusCode: 'Complete' });
    expect(partial.MetricDataResults![0].Values).toEqual([]);
  });

  test('the current minute is not readable until it is over', async () => {
    // GIVEN a series that started at the current minute
    const arn = 'arn:aws:dms:us-east-1:123456789012:task:FRESHFRESHFRESHFRESHFRESH1';
    const minute = Math.floor(emulator.clock.now() / MINUTE) * MINUTE;
    emulator.cloudwatch.putDmsTaskLatency({ taskArn: arn, instanceIdentifier: 'i', metric: 'CDCLatencySource', steps: [{ atMs: minute, value: 7 }] });
    const dims = [{ Name: 'ReplicationInstanceIdentifier', Value: 'i' }, { Name: 'ReplicationTaskIdentifier', Value: 'FRESHFRESHFRESHFRESHFRESH1' }];
    const window = { StartTime: new Date(minute - MINUTE), EndTime: new Date(minute + 5 * MINUTE) };
    // WHEN it is read now, and again once the minute has passed
    const now = await cw.send(new GetMetricDataCommand(query(window, 'CDCLatencySource', dims)));
    emulator.clock.advance(MINUTE);
    const later = await cw.send(new GetMetricDataCommand(query(window, 'CDCLatencySource', dims)));
    // THEN the datapoint appears only after the minute ends
    expect(now.MetricDataResults![0].Values).toEqual([]);
    expect(later.MetricDataResults![0].Values).toEqual([7]);
  });

  test('MaxDatapoints pages with NextToken; a bad NextToken is InvalidNextToken', async () => {
    const first = await cw.send(new GetMetricDataCommand(query({ MaxDatapoints: 3 })));
    expect(first.MetricDataResults![0]).toMatchObject({ Values: [120, 120, 5], StatusCode: 'PartialData' });
    const second = await cw.send(new GetMetricDataCommand(query({ MaxDatapoints: 3, NextToken: first.NextToken })));
    expect(second.MetricDataResults![0].Values).toEqual([5, 5]);
    expect(second.NextToken).toBeUndefined();
    await expect(cw.send(new GetMetricDataCommand(query({ NextToken: 'garbage' })))).rejects.toMatchObject({ name: 'InvalidNextToken' });
  });

  test('a Period that is not a multiple of 60 is InvalidParameterValue, with the awsQuery code kept', async () => {
    const bad = query();
    bad.MetricDataQueries![0].MetricStat!.Period = 30;
    const error = await cw.send(new GetMetricDataCommand(bad)).catch((e: Error & { Code?: string }) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterValueException', Code: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
  });

  test('series are region-scoped: the same query signed for eu-west-1 sees nothing', async () => {
    const eu = new CloudWatchClient(clientConfig(emulator, { region: 'eu-west-1' }));
    const out = await eu.send(new GetMetricDataCommand(query()));
    expect(out.MetricDataResults![0].Values).toEqual([]);
  });

  test('an injected throttle reaches the JSON 1.0 client as Throttling', async () => {
    // GIVEN a throttle armed for CloudWatch
    emulator.faults.inject({ kind: 'throttle', service: 'cloudwatch', operation: 'GetMetricData' });
    // WHEN it is queried once, without retries
    const error = await cw.send(new GetMetricDataCommand(query())).catch((e: Error) => e);
    // THEN the client sees Throttling and the logged call was the GetMetricData operation
    expect(error).toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    expect(emulator.callLog({ service: 'cloudwatch' }).at(-1)).toMatchObject({ operation: 'GetMetricData', fault: 'throttle' });
  });
});

describe('ListMetrics', () => {
  test('finds a serverless replication\'s latency metrics by namespace, name and dimension name', async () => {
    // GIVEN a serverless replication's latency series
    const configArn = 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    emulator.cloudwatch.putDmsReplicationLatency({ configArn, metric: 'CDCLatencyTarget', steps: [{ atMs: t0, value: 1 }] });
    // WHEN metrics are listed with a dimension-name filter
    const out = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/DMS', MetricName: 'CDCLatencyTarget', Dimensions: [{ Name: SERVERLESS_LATENCY_DIMENSION }] }));
    // THEN the replication's metric is listed with its dimension value (the ARN's resource id)
    expect(out.Metrics).toEqual([
      { Namespace: 'AWS/DMS', MetricName: 'CDCLatencyTarget', Dimensions: [{ Name: SERVERLESS_LATENCY_DIMENSION, Value: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' }] },
    ]);
  });

  test('filters by dimension value, and lists nothing for another region', async () => {
    const byValue = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/DMS', Dimensions: [{ Name: 'ReplicationTaskIdentifier', Value: '2YT32VX7CHRMJNQCHGA5Z5TLHM' }] }));
    expect(byValue.Metrics!.map((m) => m.MetricName)).toEqual(['CDCLatencyTarget']);
    const eu = new CloudWatchClient(clientConfig(emulator, { region: 'eu-west-1' }));
    expect((await eu.send(new ListMetricsCommand({ Namespace: 'AWS/DMS' }))).Metrics).toEqual([]);
  });
});
