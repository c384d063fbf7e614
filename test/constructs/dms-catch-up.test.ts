import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CatchUpAttributes, CatchUpProps, ResourceTypes } from '../../contract';
import { CutoverProvider, DmsStopReplication, DmsStopReplicationTask, LifecycleEvent } from '../../lib';

const ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function newStack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function statements(stack: Stack): Array<{ Action: string | string[]; Resource: unknown }> {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

const metricActions = (stack: Stack) => statements(stack).filter((s) => [s.Action].flat().some((a) => a.startsWith('cloudwatch:')));

describe('DmsStopReplicationTask stopWhenCaughtUp', () => {
  test('with the defaults, writes maxLatency 5 s and stableFor 3 minutes into the template', () => {
    // GIVEN a stack WHEN the gate is set without options
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, runOn: [LifecycleEvent.CREATE], stopWhenCaughtUp: {} });
    // THEN the handler receives the defaults explicitly
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, {
      [CatchUpProps.MAX_LATENCY_SECONDS]: '5',
      [CatchUpProps.STABLE_FOR_SECONDS]: '180',
    });
  });

  test('without the gate, nothing of it reaches the template and no CloudWatch permission is granted', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, {
      [CatchUpProps.MAX_LATENCY_SECONDS]: Match.absent(),
      [CatchUpProps.STABLE_FOR_SECONDS]: Match.absent(),
    });
    expect(metricActions(stack)).toEqual([]);
  });

  test('with the gate, grants cloudwatch:GetMetricData and cloudwatch:ListMetrics on "*" (no resource-level permissions)', () => {
    const stack = newStack();
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, stopWhenCaughtUp: { maxLatency: Duration.seconds(2), stableFor: Duration.minutes(5) } });
    const granted = metricActions(stack);
    // (one statement holds every action granted on "*")
    expect(granted).toHaveLength(1);
    expect(granted[0].Resource).toBe('*');
    expect([granted[0].Action].flat().filter((a) => a.startsWith('cloudwatch:')).sort()).toEqual(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics']);
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION_TASK, {
      [CatchUpProps.MAX_LATENCY_SECONDS]: '2',
      [CatchUpProps.STABLE_FOR_SECONDS]: '300',
    });
  });

  test('exposes the latencies at the stop and the wait as attributes', () => {
    const stack = newStack();
    const stop = new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, stopWhenCaughtUp: {} });
    for (const [value, name] of [
      [stop.sourceLatencyAtStop, CatchUpAttributes.SOURCE_LATENCY_AT_STOP],
      [stop.targetLatencyAtStop, CatchUpAttributes.TARGET_LATENCY_AT_STOP],
      [stop.catchUpWaitSeconds, CatchUpAttributes.CATCH_UP_WAIT_SECONDS],
    ]) {
      expect(stack.resolve(value)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Stop/), name] });
    }
  });

  test.each([
    ['a stableFor under a minute', { stableFor: Duration.seconds(30) }, undefined, /"stopWhenCaughtUp.stableFor" is 30 seconds; it must be at least 1 minute/],
    ['a zero maxLatency', { maxLatency: Duration.seconds(0) }, undefined, /"stopWhenCaughtUp.maxLatency" is 0 seconds; it must be above 0/],
    ['a stableFor that cannot fit within the timeout', { stableFor: Duration.minutes(10) }, Duration.minutes(10), /"stopWhenCaughtUp.stableFor" \(600 seconds\) plus one poll \(10 seconds\) does not fit within "timeout" \(600 seconds\)/],
  ])('refuses %s at synth, naming the props', (_name, options, timeout, message) => {
    const stack = newStack();
    expect(() => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, timeout, stopWhenCaughtUp: options })).toThrow(message);
  });

  test('checks stableFor against the poll interval of the provider it runs on', () => {
    const stack = newStack();
    const provider = new CutoverProvider(stack, 'Slow', { queryInterval: Duration.minutes(1) });
    expect(
      () => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: ARN, provider, timeout: Duration.minutes(5), stopWhenCaughtUp: { stableFor: Duration.minutes(5) } }),
    ).toThrow(/plus one poll \(60 seconds\)/);
  });
});

describe('DmsStopReplication stopWhenCaughtUp', () => {
  const CONFIG = 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

  test('writes the gate, grants the metric reads on "*" and exposes the catch-up attributes', () => {
    const stack = newStack();
    const stop = new DmsStopReplication(stack, 'Stop', { replicationConfigArn: CONFIG, stopWhenCaughtUp: { stableFor: Duration.minutes(2) } });
    Template.fromStack(stack).hasResourceProperties(ResourceTypes.DMS_STOP_REPLICATION, {
      [CatchUpProps.MAX_LATENCY_SECONDS]: '5',
      [CatchUpProps.STABLE_FOR_SECONDS]: '120',
    });
    expect(metricActions(stack)).toHaveLength(1);
    expect(stack.resolve(stop.catchUpWaitSeconds)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Stop/), CatchUpAttributes.CATCH_UP_WAIT_SECONDS] });
  });

  test('refuses a stableFor that cannot fit within the timeout, as the task construct does', () => {
    expect(
      () => new DmsStopReplication(newStack(), 'Stop', { replicationConfigArn: CONFIG, timeout: Duration.minutes(2), stopWhenCaughtUp: { stableFor: Duration.minutes(2) } }),
    ).toThrow(/"stopWhenCaughtUp.stableFor" \(120 seconds\) plus one poll/);
  });
});
