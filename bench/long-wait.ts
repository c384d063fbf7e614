import { join } from 'node:path';
import { Emulator } from '../emulator';
import { LocalLambda } from '../emulator/harness/local-lambda';
import { ProviderDriver } from '../emulator/harness/provider-driver';
import {
  CommonProps,
  DmsAssessmentProps,
  LifecycleEvent,
  LongWaitProps,
  POLL_INTERVAL_ENV,
  ResourceTypes,
  waiterDefinition,
} from '../contract';
import { median, round1 } from './footprint';

const HOUR = 3600_000;
const SPEED = 600;
const POLL_MS = 1000 / 60; // 10 emulated seconds, the default queryInterval
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:CutoverLongWaitWaiter';

/** A step that waits up to one hour in its custom resource, beside one that waits 3 hours through its waiter. */
export interface LongWaitRow {
  readonly step: string;
  /** Module load plus the first look, in a fresh process (real ms, median). */
  readonly coldStartMs: number;
  /** API calls (DMS and Step Functions) per emulated hour once past the first hour (the one-hour step: its whole wait). */
  readonly steadyCallsPerHour: number;
  /** Handler invocations per emulated hour in the same window. */
  readonly invocationsPerHour: number;
}

/**
 * Measures what a long-waiting step costs beside a one-hour step, both over real HTTP against the
 * emulator with the handler bundle: the first look in a fresh execution environment, and the calls
 * per hour once waiting (the waiter backs off to one look a minute after its first hour).
 */
export async function measureLongWait(bundleDir: string, coldRuns = 5): Promise<LongWaitRow[]> {
  const oneHour = await steadyState(bundleDir, false);
  const long = await steadyState(bundleDir, true);
  return [
    { step: 'one-hour gate (custom resource polls)', coldStartMs: await coldStart(bundleDir, false, coldRuns), ...oneHour },
    { step: '3-hour gate (wait condition + waiter)', coldStartMs: await coldStart(bundleDir, true, coldRuns), ...long },
  ];
}

function properties(task: string, timeoutS: number, handle?: string): Record<string, unknown> {
  return {
    [DmsAssessmentProps.REPLICATION_TASK_ARN]: task,
    [DmsAssessmentProps.SERVICE_ACCESS_ROLE_ARN]: 'arn:aws:iam::123456789012:role/dms-assessment',
    [DmsAssessmentProps.RESULT_LOCATION_BUCKET]: 'bench-assessments',
    [DmsAssessmentProps.ASSESSMENT_RUN_NAME]: 'bench-gate',
    [CommonProps.RUN_ON]: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE],
    [CommonProps.TIMEOUT_SECONDS]: String(timeoutS),
    ...(handle ? { [LongWaitProps.WAIT_HANDLE]: handle, [LongWaitProps.WAITER]: MACHINE } : {}),
  };
}

async function steadyState(bundleDir: string, long: boolean): Promise<{ steadyCallsPerHour: number; invocationsPerHour: number }> {
  const emulator = await Emulator.start({ speed: SPEED, dmsAssessments: { startingMs: 60_000, provisioningMs: 60_000, runningMs: long ? 3 * HOUR : 40 * 60_000 } });
  const lambda = new LocalLambda({
    modulePath: join(__dirname, '..', 'emulator', 'rehearsal', 'handler-runtime.mjs'),
    environment: {
      ...emulator.environment(),
      CUTOVER_REHEARSAL_HANDLER: join(bundleDir, 'index.mjs'),
      CUTOVER_REHEARSAL_CLOCK: JSON.stringify({ realAt: Date.now(), emulatedAt: emulator.clock.now(), speed: SPEED }),
      [POLL_INTERVAL_ENV]: '10',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  await lambda.start();
  const invokedAt: number[] = [];
  emulator.stepFunctions.registerStateMachine(MACHINE, waiterDefinition(), { WaiterFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:look' });
  emulator.stepFunctions.setInvoker((_fn, payload) => {
    invokedAt.push(emulator.clock.now());
    return lambda.invoke('waitStep', payload);
  });
  try {
    const task = emulator.dms.seedTask({ identifier: 'bench-gate', status: 'stopped' });
    const handle = long ? emulator.waitConditions.createHandle(4 * 3600) : undefined;
    const driver = new ProviderDriver(
      {
        invoke: <T>(name: string, event: unknown) => {
          invokedAt.push(emulator.clock.now());
          return lambda.invoke<T>(name, event);
        },
      },
      { pollIntervalMs: POLL_MS, totalTimeoutMs: (HOUR + 60_000) / SPEED },
    );
    const t0 = emulator.clock.now();
    const outcome = await driver.send({ RequestType: 'Create', ResourceType: ResourceTypes.DMS_ASSESSMENT_RUN, LogicalResourceId: 'Gate', ResourceProperties: properties(task, long ? 4 * 3600 : 3600, handle?.url) });
    if (outcome.status !== 'SUCCESS') throw new Error(`bench long-wait: the gate failed: ${outcome.reason}`);
    if (handle && (await emulator.waitConditions.settled(handle.url)) !== 'SUCCESS') throw new Error('bench long-wait: the wait condition was not signalled SUCCESS');
    // The one-hour step: its whole wait after the first minutes; the long step: its second and third hour.
    const [from, to] = long ? [t0 + 1.25 * HOUR, t0 + 2.75 * HOUR] : [t0 + 5 * 60_000, t0 + 35 * 60_000];
    const calls = emulator.callLog().filter((c) => c.at >= from && c.at < to && (c.service === 'dms' || c.service === 'states')).length;
    const invocations = invokedAt.filter((at) => at >= from && at < to).length;
    const hours = (to - from) / HOUR;
    return { steadyCallsPerHour: round1(calls / hours), invocationsPerHour: round1(invocations / hours) };
  } finally {
    await lambda.stop();
    await emulator.stop();
  }
}

/** A fresh execution environment: module load and the first look (isComplete, or the waiter's waitStep). */
async function coldStart(bundleDir: string, long: boolean, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const emulator = await Emulator.start({ dmsAssessments: { runningMs: HOUR } });
    const task = emulator.dms.seedTask({ identifier: `cold-${i}`, status: 'stopped' });
    const handle = long ? emulator.waitConditions.createHandle(4 * 3600).url : undefined;
    const env = { ...emulator.environment(), [POLL_INTERVAL_ENV]: '10', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'WARN' };
    // The run to look at, started by a warm first call.
    const warm = new LocalLambda({ modulePath: join(bundleDir, 'index.mjs'), environment: env });
    await warm.start();
    emulator.stepFunctions.registerStateMachine(MACHINE, waiterDefinition(), { WaiterFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:look' });
    emulator.stepFunctions.setInvoker(async () => ({ ok: true, result: { done: true } }));
    const event = { RequestType: 'Create', ResourceType: ResourceTypes.DMS_ASSESSMENT_RUN, LogicalResourceId: 'Gate', StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Bench/1', ResourceProperties: properties(task, long ? 4 * 3600 : 3600, handle) };
    const first = await warm.invoke<{ PhysicalResourceId: string; Data: Record<string, string> }>('onEvent', event);
    await warm.stop();
    const polled = { ...event, PhysicalResourceId: first.result!.PhysicalResourceId, Data: first.result!.Data };
    const cold = new LocalLambda({ modulePath: join(bundleDir, 'index.mjs'), environment: env });
    const loadMs = await cold.start();
    const look = long ? await cold.invoke('waitStep', { event: polled, waitSeconds: 10, done: false }) : await cold.invoke('isComplete', polled);
    samples.push(loadMs + look.durationMs);
    await cold.stop();
    await emulator.stop();
  }
  return round1(median(samples));
}
