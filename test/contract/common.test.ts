import { Duration, Stack } from 'aws-cdk-lib';
import { CommonProps, decodeCommonProperties, DEFAULT_POLL_INTERVAL_SECONDS, encodeCommonProperties, LifecycleEvent, ResourceTypes } from '../../contract';
import { CutoverOperationProps, DmsStopReplicationTask } from '../../lib';
import { expectSameVerdict, newStack, thrown } from './agreement';

const TYPE = ResourceTypes.DMS_STOP_REPLICATION_TASK;

function construct(stack: Stack, props: CutoverOperationProps): void {
  new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP', ...props });
}

function decode(wire: Record<string, unknown>) {
  return decodeCommonProperties(wire, TYPE, DEFAULT_POLL_INTERVAL_SECONDS);
}

describe('"runOn": the construct and decode agree', () => {
  test.each([
    ['one event', [LifecycleEvent.CREATE], true],
    ['every event', [LifecycleEvent.CREATE, LifecycleEvent.UPDATE, LifecycleEvent.DELETE], true],
    ['no event', [], false],
    ['an event twice', [LifecycleEvent.DELETE, LifecycleEvent.DELETE], false],
    ['an unknown event', ['Rollback'], false],
  ] as const)('%s', (_name, runOn, valid) => {
    const synthError = thrown(() => construct(newStack(), { runOn: runOn as unknown as LifecycleEvent[] }));
    const decodeError = thrown(() => decode({ [CommonProps.RUN_ON]: runOn }));
    expectSameVerdict(synthError, decodeError, valid);
    if (synthError) expect(decodeError).toBe(synthError);
  });
});

describe('"timeout": the construct and decode agree (at the poll interval the construct deploys)', () => {
  test.each([
    ['two polls', 20, true],
    ['the default', 1800, true],
    ['one hour', 3600, true],
    ['less than two polls', 19, false],
    ['over one hour', 3601, false],
  ] as const)('%s', (_name, seconds, valid) => {
    const synthError = thrown(() => construct(newStack(), { timeout: Duration.seconds(seconds) }));
    const decodeError = thrown(() => decode({ [CommonProps.TIMEOUT_SECONDS]: String(seconds) }));
    expectSameVerdict(synthError, decodeError, valid);
  });
});

describe('one defaults table', () => {
  test('what the construct leaves out of the template, decode restores to the same values', () => {
    const encoded = encodeCommonProperties(TYPE, {});
    expect(encoded.properties).toEqual({});
    expect(decode(encoded.properties)).toEqual({ runOn: [LifecycleEvent.DELETE], waitForCompletion: true, timeoutSeconds: encoded.timeoutSeconds, runOnRollback: false, undoOnRollback: false });
  });

  test('values the construct writes decode to what the user gave', () => {
    const input = { runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE], waitForCompletion: false, timeoutSeconds: 600, runOnRollback: true, undoOnRollback: true };
    expect(decode(encodeCommonProperties(TYPE, input).properties)).toEqual(input);
  });

  test('GIVEN runOnRollback left at false WHEN encoded THEN it stays out of the template', () => {
    expect(encodeCommonProperties(TYPE, { runOnRollback: false }).properties).not.toHaveProperty(CommonProps.RUN_ON_ROLLBACK);
  });

  test('GIVEN undoOnRollback WHEN encoded THEN the template says "true"; left at false it stays out', () => {
    expect(encodeCommonProperties(TYPE, { undoOnRollback: true }).properties).toEqual({ [CommonProps.UNDO_ON_ROLLBACK]: 'true' });
    expect(encodeCommonProperties(TYPE, { undoOnRollback: false }).properties).not.toHaveProperty(CommonProps.UNDO_ON_ROLLBACK);
  });
});
