import { LongWaitData, LongWaitProps } from '../../contract';
import type { CfnOutcome, Emulator } from '../index';
import { ACCESS_KEY_FIELD } from './call-attribution';
import type { LambdaPool } from './lambda-pool';
import type { CutoverResource } from './plan';

/** How the handler of one step runs, for the waiter's looks at it. */
export interface WaiterContext {
  readonly modulePath: string;
  readonly environment: Record<string, string>;
  readonly timeoutMs: number;
  readonly accessKeyId: string;
}

/** What became of a step whose custom resource handed its wait over. */
export interface CarriedStep {
  readonly outcome: CfnOutcome;
  /** Which waiter carried the step, as the rehearsal prints it. */
  readonly waiter: string;
}

/**
 * Plays what CloudFormation and the provider's waiter do for a step beyond one hour: the step's
 * wait-condition handle is an emulator handle (one per handle logical id, as in a stack, so an Update
 * that keeps the handle keeps the URL), its waiter state machine is the template's own definition run
 * by the emulated Step Functions, whose Look state invokes the step's handler bundle, and the step is
 * over when its wait condition is: SUCCESS with the signalled attributes, FAILURE with the signalled
 * reason, or its Timeout.
 */
export class LongWaitRehearsal {
  private readonly handles = new Map<string, string>();
  private readonly contexts = new Map<string, WaiterContext>();

  constructor(
    private readonly emulator: Emulator,
    private readonly pool: LambdaPool,
  ) {
    emulator.stepFunctions.setInvoker(async (_functionArn, payload) => {
      const event = (payload as { event: { StackId?: string; LogicalResourceId: string } }).event;
      const context = this.contexts.get(`${event.StackId}|${event.LogicalResourceId}`);
      if (!context) return { ok: false, error: { name: 'Lambda.Unknown', message: `no handler for ${event.LogicalResourceId}` } };
      const lambda = await this.pool.acquire(context.modulePath, context.environment, context.timeoutMs);
      try {
        return await lambda.invoke('waitStep', { ...(payload as object), [ACCESS_KEY_FIELD]: context.accessKeyId });
      } finally {
        this.pool.release(lambda);
      }
    });
  }

  /** The step's properties with the emulator's handle URL and waiter ARN in place of the template's. */
  resolve(resource: CutoverResource, properties: Record<string, unknown>): Record<string, unknown> {
    const template = resource.resolver.resources;
    const raw = template[resource.logicalId]?.Properties ?? {};
    const handleId = (raw[LongWaitProps.WAIT_HANDLE] as { Ref?: string } | undefined)?.Ref;
    const machineId = (raw[LongWaitProps.WAITER] as { Ref?: string } | undefined)?.Ref;
    if (!handleId || !machineId) return properties;
    const { region, account } = resource.stack;
    const machineArn = `arn:aws:states:${region}:${account}:stateMachine:${resource.stack.stackName}-${machineId}`;
    const definition = JSON.parse(String(resource.resolver.resolve(template[machineId]?.Properties?.DefinitionString))) as Record<string, unknown>;
    this.emulator.stepFunctions.registerStateMachine(machineArn, definition, { WaiterFunctionArn: `${machineArn}-look` });
    const key = `${resource.stack.stackName}|${handleId}`;
    let url = this.handles.get(key);
    if (!url) {
      const condition = Object.values(template).find(
        (r) => r.Type === 'AWS::CloudFormation::WaitCondition' && (r.Properties?.Handle as { Ref?: string } | undefined)?.Ref === handleId,
      );
      url = this.emulator.waitConditions.createHandle(Number(condition?.Properties?.Timeout ?? 43200)).url;
      this.handles.set(key, url);
    }
    return { ...properties, [LongWaitProps.WAIT_HANDLE]: url, [LongWaitProps.WAITER]: machineArn };
  }

  /** How the waiter's looks at this step run (its handler, environment and credentials). */
  register(stackArn: string, logicalId: string, context: WaiterContext): void {
    this.contexts.set(`${stackArn}|${logicalId}`, context);
  }

  /**
   * After the custom resource answered a Create or Update: when it handed the wait to a waiter (or
   * signalled the wait condition itself), the step ends with its wait condition. Undefined when the
   * step waited in its custom resource as usual.
   */
  async follow(properties: Record<string, unknown>, outcome: CfnOutcome, waiting: (text: string) => void): Promise<CarriedStep | undefined> {
    const url = properties[LongWaitProps.WAIT_HANDLE];
    const waiter = outcome.data[LongWaitData.WAITER];
    if (typeof url !== 'string' || outcome.status !== 'SUCCESS' || !waiter) return undefined;
    const carriedBy = waiter.startsWith('arn:') ? `Step Functions execution ${waiter.split(':').pop()} (the provider's waiter)` : 'the custom resource itself (settled on its first look)';
    waiting(`waiting for its wait condition; carried by ${carriedBy}`);
    // CloudFormation creates the wait condition only now, after the custom resource answered.
    if (this.emulator.waitConditions.status(url) === 'WAITING') this.emulator.waitConditions.createCondition(url);
    const settled = await this.emulator.waitConditions.settled(url);
    const handle = this.emulator.waitConditions.handleOf(url)!;
    const signal = handle.signals.find((s) => s.status === 'SUCCESS' || s.status === 'FAILURE');
    if (settled === 'SUCCESS') {
      const data = JSON.parse(signal?.data ?? '{}') as Record<string, string>;
      return { waiter: carriedBy, outcome: { ...outcome, data: { ...data, [LongWaitData.WAITER]: waiter } } };
    }
    const reason =
      settled === 'FAILURE'
        ? `WaitCondition received failed message: '${signal?.reason ?? ''}' for uniqueId: ${signal?.uniqueId ?? ''}`
        : `WaitCondition timed out after ${handle.timeoutSeconds} s: no signal reached its handle`;
    return { waiter: carriedBy, outcome: { ...outcome, status: 'FAILED', reason } };
  }
}
