import { join } from 'node:path';
import { CommonProps, LifecycleEvent, LongWaitProps, POLL_INTERVAL_ENV, waiterDefinition } from '../../contract';
import type { WaitConditionState } from '../../emulator';
import { Emulator, EmulatorOptions } from '../../emulator';
import { LocalLambda } from '../../emulator/harness/local-lambda';
import { CfnOutcome, CfnRequest, ProviderDriver } from '../../emulator/harness/provider-driver';

/** The prebundled handler, exactly the file the construct deploys. */
export const HANDLER_MODULE = process.env.CUTOVER_BUNDLE_DIR
  ? join(__dirname, '..', '..', process.env.CUTOVER_BUNDLE_DIR, 'index.mjs')
  : join(__dirname, '..', '..', 'assets', 'handler', 'index.mjs');

/** The rehearsal's layer that runs the handler on the emulator's clock. */
const HANDLER_RUNTIME = join(__dirname, '..', '..', 'emulator', 'rehearsal', 'handler-runtime.mjs');

/** A response URL with a recognisable signature: it must never appear in any log. */
export const RESPONSE_URL_SECRET = 'Signature=ResponseUrlSecret0123456789';

export interface RigOptions {
  readonly emulator?: EmulatorOptions;
  /** The Provider's poll interval in tests. @default 50 */
  readonly pollIntervalMs?: number;
  /** The Provider's total timeout. @default 30000 */
  readonly totalTimeoutMs?: number;
  readonly serviceTimeoutMs?: number;
  readonly environment?: Record<string, string>;
  readonly lambdaTimeoutMs?: number;
  /**
   * Plays emulated time this many times faster, the handler included: it runs in the rehearsal's
   * runtime layer, so its Date.now and timers follow the emulator's clock (minutes of metrics in
   * seconds). Poll interval and timeouts stay in real ms here; the handler is told the poll in
   * emulated seconds. @default 1 (the handler on the real clock)
   */
  readonly speed?: number;
}

/** An emulator, the handler bundle in its own process, and a Provider driver wired together. */
export interface Rig {
  readonly emulator: Emulator;
  readonly lambda: LocalLambda;
  readonly driver: ProviderDriver;
  /**
   * The StackId every event carries unless it names another: a stack being deleted, so a Delete is
   * a teardown, as in the tests written before rollbacks were told apart. Seed other stacks (and
   * send their StackId) to test a rollback.
   */
  readonly stackId: string;
  send(request: CfnRequest): Promise<CfnOutcome>;
  /** A driver for the same handler whose custom resource has a CloudFormation ServiceTimeout. */
  driverWithServiceTimeout(serviceTimeoutMs: number): ProviderDriver;
  stop(): Promise<void>;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const speed = options.speed ?? 1;
  const emulator = await Emulator.start({ ...options.emulator, ...(speed === 1 ? {} : { speed }) });
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const clocked: Record<string, string> =
    speed === 1
      ? {}
      : {
          CUTOVER_REHEARSAL_HANDLER: HANDLER_MODULE,
          CUTOVER_REHEARSAL_CLOCK: JSON.stringify({ realAt: Date.now(), emulatedAt: emulator.clock.now(), speed }),
        };
  const lambda = new LocalLambda({
    modulePath: speed === 1 ? HANDLER_MODULE : HANDLER_RUNTIME,
    timeoutMs: options.lambdaTimeoutMs,
    environment: {
      ...emulator.environment(),
      ...clocked,
      [POLL_INTERVAL_ENV]: String((pollIntervalMs * speed) / 1000),
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      // The SDK warns on stderr that its 2027 releases need Node 22; Lambda runs Node 24, this machine
      // Node 20, and the warning would break the tests that read every log line as JSON.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...options.environment,
    },
  });
  await lambda.start();
  // The provider's long-wait waiter: the library's own definition, its Look state invoking this handler's waitStep.
  emulator.stepFunctions.registerStateMachine(WAITER_STATE_MACHINE_ARN, waiterDefinition(), { WaiterFunctionArn: WAITER_FUNCTION_ARN });
  emulator.stepFunctions.setInvoker((_fn, payload) => lambda.invoke('waitStep', payload));
  const stackId = emulator.cloudformation.seedStack({ stackName: 'CutoverStack', status: 'DELETE_IN_PROGRESS' });
  const driverOptions = {
    stackId,
    pollIntervalMs,
    totalTimeoutMs: options.totalTimeoutMs ?? 30_000,
    serviceTimeoutMs: options.serviceTimeoutMs,
    responseUrl: `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/stack?X-Amz-${RESPONSE_URL_SECRET}`,
  };
  const driver = new ProviderDriver(lambda, driverOptions);
  return {
    emulator,
    lambda,
    driver,
    stackId,
    send: (request) => driver.send(request),
    driverWithServiceTimeout: (serviceTimeoutMs) => new ProviderDriver(lambda, { ...driverOptions, serviceTimeoutMs }),
    async stop() {
      await lambda.stop();
      await emulator.stop();
    },
  };
}

/** The waiter state machine the rig registers in the emulated Step Functions. */
export const WAITER_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:CutoverLongWaitWaiter';
const WAITER_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:cutover-long-wait';

/**
 * A new wait condition with `timeoutSeconds` and the properties a long-waiting step carries for it
 * (its handle's URL and the waiter), as the construct synthesizes them and CloudFormation resolves them.
 */
export function longWait(rig: Rig, timeoutSeconds: number): { handle: WaitConditionState; properties: Record<string, string> } {
  const handle = rig.emulator.waitConditions.createHandle(timeoutSeconds);
  return { handle, properties: { [LongWaitProps.WAIT_HANDLE]: handle.url, [LongWaitProps.WAITER]: WAITER_STATE_MACHINE_ARN } };
}

/** Common properties as the construct would synthesize them. */
export function commonProps(options: { runOn?: LifecycleEvent[]; timeoutSeconds?: number; waitForCompletion?: boolean } = {}) {
  return {
    [CommonProps.RUN_ON]: options.runOn ?? [LifecycleEvent.DELETE],
    [CommonProps.TIMEOUT_SECONDS]: String(options.timeoutSeconds ?? 20),
    [CommonProps.WAIT_FOR_COMPLETION]: String(options.waitForCompletion ?? true),
  };
}
