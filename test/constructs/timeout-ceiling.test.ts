import { App, Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { LifecycleEvent, MAX_LONG_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, ResourceTypes, type StepWaitShape, timeoutCeiling } from '../../contract';
import { DmsPauseDuringChange, DmsStartReplicationTask, DmsStopReplicationTask } from '../../lib';

// The construct refuses a "timeout" above the ceiling of contract/timeout-ceiling.ts, and the handler's
// timeout reasons name that same ceiling: these tests hold the construct to it, one step shape at a time.
const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ORDERSTASK';

interface Shape {
  readonly name: string;
  readonly step: StepWaitShape;
  readonly build: (stack: Stack, timeout: Duration) => void;
  /** What the refusal of a timeout above the ceiling says. */
  readonly refused: RegExp;
}

const SHAPES: Shape[] = [
  {
    name: 'a stop on Create',
    step: { resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK, runOn: [LifecycleEvent.CREATE] },
    build: (s, timeout) => new DmsStopReplicationTask(s, 'Stop', { replicationTaskArn: TASK_ARN, runOn: [LifecycleEvent.CREATE], timeout }),
    refused: /it must be between 20 seconds and 12 hours/,
  },
  {
    name: 'a start (Create and Update by default)',
    step: { resourceType: ResourceTypes.DMS_START_REPLICATION_TASK, runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE] },
    build: (s, timeout) => new DmsStartReplicationTask(s, 'Start', { replicationTaskArn: TASK_ARN, timeout }),
    refused: /it must be between 20 seconds and 12 hours/,
  },
  {
    name: 'a teardown-only stop',
    step: { resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK, runOn: [LifecycleEvent.DELETE] },
    build: (s, timeout) => new DmsStopReplicationTask(s, 'Stop', { replicationTaskArn: TASK_ARN, timeout }),
    refused: /because this step runs only on Delete, and a Delete waits at most 1 hour/,
  },
  {
    name: 'a stop on Create that does not wait',
    step: { resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK, runOn: [LifecycleEvent.CREATE], waitForCompletion: false },
    build: (s, timeout) => new DmsStopReplicationTask(s, 'Stop', { replicationTaskArn: TASK_ARN, runOn: [LifecycleEvent.CREATE], waitForCompletion: false, timeout }),
    refused: /"waitForCompletion" is false, so nothing waits beyond the request/,
  },
  {
    name: 'a stop on Create with undoOnRollback',
    step: { resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK, runOn: [LifecycleEvent.CREATE], undoOnRollback: true },
    build: (s, timeout) => new DmsStopReplicationTask(s, 'Stop', { replicationTaskArn: TASK_ARN, runOn: [LifecycleEvent.CREATE], undoOnRollback: true, timeout }),
    refused: /"undoOnRollback" is true; a step beyond 1 hour settles in a background waiter/,
  },
  {
    name: 'DmsPauseDuringChange',
    step: { resourceType: ResourceTypes.DMS_PAUSE_DURING_CHANGE, runOn: [LifecycleEvent.UPDATE, LifecycleEvent.DELETE] },
    build: (s, timeout) => new DmsPauseDuringChange(s, 'Pause', { replicationTaskArn: TASK_ARN, watch: [new sqs.Queue(s, 'Watched')], timeout }),
    refused: /DmsPauseDuringChange stops and resumes replication inside its custom resources, which wait at most 1 hour/,
  },
];

const synth = (shape: Shape, timeout: Duration) => () => shape.build(new Stack(new App(), 'S'), timeout);

describe.each(SHAPES)('$name', (shape) => {
  const ceiling = timeoutCeiling(shape.step);

  test('GIVEN a timeout at the ceiling the handler names WHEN synthesized THEN it is accepted', () => {
    expect(synth(shape, Duration.seconds(ceiling.seconds))).not.toThrow();
  });

  test('GIVEN a timeout one minute above that ceiling WHEN synthesized THEN it is refused, naming "timeout" and why', () => {
    expect(synth(shape, Duration.seconds(ceiling.seconds + 60))).toThrow(/"timeout" is /);
    expect(synth(shape, Duration.seconds(ceiling.seconds + 60))).toThrow(shape.refused);
  });
});

test('GIVEN the shapes above WHEN their ceilings are read THEN only the steps that wait on Create or Update, and may settle in a waiter, reach 12 hours', () => {
  expect(SHAPES.map((s) => [s.name, timeoutCeiling(s.step).seconds])).toEqual([
    ['a stop on Create', MAX_LONG_TIMEOUT_SECONDS],
    ['a start (Create and Update by default)', MAX_LONG_TIMEOUT_SECONDS],
    ['a teardown-only stop', MAX_TIMEOUT_SECONDS],
    ['a stop on Create that does not wait', MAX_TIMEOUT_SECONDS],
    ['a stop on Create with undoOnRollback', MAX_TIMEOUT_SECONDS],
    ['DmsPauseDuringChange', MAX_TIMEOUT_SECONDS],
  ]);
});

test('GIVEN a step that may wait 12 hours on Create WHEN its Delete is asked THEN the ceiling is 1 hour, because a Delete waits on nothing', () => {
  expect(timeoutCeiling({ resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK, runOn: [LifecycleEvent.CREATE, LifecycleEvent.DELETE] }, LifecycleEvent.DELETE)).toEqual({
    seconds: MAX_TIMEOUT_SECONDS,
    limit: 'delete',
  });
});
