import { Duration } from 'aws-cdk-lib';
import { CatchUpProps, decodeDmsStopReplicationTask, DmsStopProps } from '../../contract';
import { DmsStopReplicationTask } from '../../lib';
import { expectSameVerdict, newStack, thrown } from './agreement';

const ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP';
const TIMING = { timeoutSeconds: 600, pollIntervalSeconds: 10 };

describe('"stopWhenCaughtUp": construct and handler apply the one rule', () => {
  test.each([
    ['defaults', 5, 180, true],
    ['one minute', 1, 60, true],
    ['stableFor under a minute', 5, 59, false],
    ['maxLatency 0', 0, 180, false],
    ['stableFor plus a poll just fits the timeout', 5, 590, true],
    ['stableFor plus a poll beyond the timeout', 5, 591, false],
  ])('%s: both sides give the same verdict', (_name, maxLatency, stableFor, valid) => {
    // GIVEN the same gate on both sides, a 10-minute timeout and the default 10 s poll
    // WHEN the construct is built with it and the handler decodes it
    const synthError = thrown(
      () =>
        new DmsStopReplicationTask(newStack(), 'Stop', {
          replicationTaskArn: ARN,
          timeout: Duration.seconds(TIMING.timeoutSeconds),
          stopWhenCaughtUp: { maxLatency: Duration.seconds(maxLatency), stableFor: Duration.seconds(stableFor) },
        }),
    );
    const properties = { [DmsStopProps.REPLICATION_TASK_ARN]: ARN, [CatchUpProps.MAX_LATENCY_SECONDS]: String(maxLatency), [CatchUpProps.STABLE_FOR_SECONDS]: String(stableFor) };
    const decodeError = thrown(() => decodeDmsStopReplicationTask(properties, TIMING));
    // THEN both accept or both refuse, naming the prop
    expectSameVerdict(synthError, decodeError, valid);
    if (synthError) expect(synthError).toEqual(decodeError);
    if (synthError) expect(synthError).toContain('"stopWhenCaughtUp.');
  });

  test('without the gate properties the handler has no gate', () => {
    expect(decodeDmsStopReplicationTask({ [DmsStopProps.REPLICATION_TASK_ARN]: ARN }, TIMING).catchUp).toBeUndefined();
  });
});
