import { join } from 'node:path';
import { POLL_INTERVAL_ENV } from '../../contract';
import { CfnOutcome, CfnRequest, Emulator, ProviderDriver } from '../index';
import { ACCESS_KEY_FIELD, CallAttribution } from './call-attribution';
import { LambdaPool } from './lambda-pool';
import type { LongWaitRehearsal } from './long-wait';
import type { CutoverResource } from './plan';
import type { SeededTarget } from './seeders';
import type { StackStatuses } from './stack-status';
import { describePlace, targetPlace } from './target-place';
import type { Phase, Reporter, StepRecord } from './timeline';
import { CommonProps, DEFAULT_RUN_ON, ResourceType } from '../../contract';

/** A cutover resource as deployed so far. */
export interface Deployed {
  readonly resource: CutoverResource;
  properties: Record<string, unknown>;
  physicalId?: string;
  target: SeededTarget;
  /**
   * The properties CloudFormation last sent with success, as the handler received them (attributes
   * of other resources resolved): what a later Update carries as OldResourceProperties.
   */
  sent?: Record<string, unknown>;
}

// The Provider's 10-second poll compressed by --speed, but never a busy loop.
const MIN_POLL_MS = 25;

/** Outcomes of a step that only looked at its target: no service work was waited for. */
const LOOKED_ONLY = new Set(['NOTHING_TO_DO', 'NOT_FOUND', 'SKIPPED']);

/** The layer the handler bundle runs in: the emulator's clock, and the step's credentials per invocation. */
const HANDLER_RUNTIME = join(__dirname, 'handler-runtime.mjs');

/** Sends one CloudFormation request to one resource's handler, the way the Provider does, and records what came of it. */
export class StepRunner {
  /** The emulator's time when the handler processes' clocks were set, so theirs reads the same. */
  private readonly clock: string;

  constructor(
    private readonly emulator: Emulator,
    private readonly pool: LambdaPool,
    private readonly speed: number,
    private readonly statuses: StackStatuses,
    private readonly attribution: CallAttribution,
    private readonly record: (step: StepRecord) => void,
    private readonly reporter?: Reporter,
    private readonly longWait?: LongWaitRehearsal,
  ) {
    this.clock = JSON.stringify({ realAt: Date.now(), emulatedAt: emulator.clock.now(), speed });
  }

  async run(phase: Phase, d: Deployed, request: CfnRequest): Promise<boolean> {
    const { resource, target } = d;
    const { handler, stack } = resource;
    const place = targetPlace(d.properties, stack);
    const targetText = `${target.description}${describePlace(place)}`;
    const pollIntervalMs = Math.max(MIN_POLL_MS, (handler.pollIntervalSeconds * 1000) / this.speed);
    const accessKeyId = this.attribution.accessKeyOf(stack.displayName, resource.logicalId, stack.account);
    const environment = {
        ...handler.environment,
        ...this.emulator.environment({ region: stack.region, account: stack.account }),
        AWS_REGION: stack.region,
        AWS_DEFAULT_REGION: stack.region,
        // Expired, so the SDK reads each invocation's access key again (see handler-runtime.mjs).
        AWS_CREDENTIAL_EXPIRATION: new Date(0).toISOString(),
        CUTOVER_REHEARSAL_HANDLER: handler.modulePath,
        CUTOVER_REHEARSAL_CLOCK: this.clock,
        // The Provider's poll in emulated seconds: the template's, unless MIN_POLL_MS slows it down.
        [POLL_INTERVAL_ENV]: String((pollIntervalMs * this.speed) / 1000),
    };
    const lambda = await this.pool.acquire(HANDLER_RUNTIME, environment, handler.lambdaTimeoutMs);
    // The waiter of a step beyond one hour runs the same bundle, environment and credentials.
    this.longWait?.register(this.statuses.arnOf(stack), resource.logicalId, { modulePath: HANDLER_RUNTIME, environment, timeoutMs: handler.lambdaTimeoutMs, accessKeyId });
    const stackStatus = this.statuses.statusOf(stack);
    const startedAt = this.emulator.clock.now();
    const realStart = Date.now();
    const firstCall = this.emulator.callLog().length;
    // The target's status, and what the handler waits for that the status cannot show (a gate holding a stop).
    let waitCondition: string | undefined;
    const statusNow = () => {
      if (waitCondition) return `${target.status()} — ${waitCondition}`;
      const waiting = target.waitingFor?.(this.attribution.callsOf(accessKeyId, target.ids, firstCall, this.emulator.clock.now()));
      return waiting ? `${target.status()} — ${waiting}` : target.status();
    };
    const states: { at: number; status: string }[] = [];
    const sample = () => {
      const status = statusNow();
      if (states[states.length - 1]?.status !== status) states.push({ at: this.emulator.clock.now(), status });
    };
    sample();
    this.reporter?.stepStarted({
      phase,
      resource: resource.name,
      stack: stack.displayName,
      target: targetText,
      elapsedMs: () => this.emulator.clock.now() - startedAt,
      status: statusNow,
    });
    let outcome: CfnOutcome;
    try {
      const driver = new ProviderDriver(lambda, {
        pollIntervalMs,
        totalTimeoutMs: (handler.totalTimeoutSeconds * 1000) / this.speed,
        serviceTimeoutMs: resource.serviceTimeoutSeconds === undefined ? undefined : (resource.serviceTimeoutSeconds * 1000) / this.speed,
        onPoll: sample,
      });
      const event = { ...request, StackId: this.statuses.arnOf(stack), [ACCESS_KEY_FIELD]: accessKeyId };
      outcome = await driver.send(event);
    } finally {
      this.pool.release(lambda);
    }
    // Beyond one hour the step ends with its wait condition, not with its custom resource.
    const carried = request.RequestType === 'Delete' ? undefined : await this.longWait?.follow(request.ResourceProperties, outcome, (text) => (waitCondition = text));
    if (carried) outcome = carried.outcome;
    sample();
    const endedAt = this.emulator.clock.now();
    const calls = this.attribution.callsOf(accessKeyId, target.ids, firstCall, endedAt);
    const failed = outcome.status === 'FAILED';
    const timedOut = !failed && outcome.exceededServiceTimeout;
    if (!failed || request.RequestType === 'Create') d.physicalId = outcome.physicalResourceId;
    if (!failed && !timedOut && request.RequestType !== 'Delete') d.sent = request.ResourceProperties;
    const result = failed || timedOut ? 'FAILED' : 'SUCCESS';
    const reported = outcome.data.Outcome ?? (outcome.polls === 0 ? 'SKIPPED' : 'DONE');
    // A step that only looked waited for no service: what it took in AWS is the Provider's wait
    // before each isComplete. Its real run time times --speed would be fiction.
    const lookedOnly = result === 'SUCCESS' && LOOKED_ONLY.has(reported);
    const durationMs = lookedOnly ? outcome.polls * pollIntervalMs * this.speed : endedAt - startedAt;
    const step: StepRecord = {
      stack: stack.displayName,
      stackId: this.statuses.arnOf(stack),
      ...(stackStatus ? { stackStatus } : {}),
      resource: resource.name,
      logicalId: resource.logicalId,
      resourceType: resource.resourceType,
      phase,
      requestType: request.RequestType,
      target: targetText,
      ...(place.region ? { targetRegion: place.region } : {}),
      ...(place.account ? { targetAccount: place.account } : {}),
      result,
      outcome: result === 'FAILED' ? 'FAILED' : reported,
      status: outcome.data.Status || states[states.length - 1]?.status,
      reason: timedOut
        ? `CloudFormation stopped waiting after the resource's ServiceTimeout (${resource.serviceTimeoutSeconds} s) before the handler answered`
        : outcome.reason,
      ...(outcome.data.Note ? { note: outcome.data.Note } : reported === 'SKIPPED' && result === 'SUCCESS' ? { note: skippedNote(request) } : {}),
      ...(carried ? { waiter: carried.waiter } : {}),
      physicalResourceId: outcome.physicalResourceId,
      attributes: outcome.data,
      startedAt,
      endedAt,
      durationMs,
      realDurationMs: Date.now() - realStart,
      polls: outcome.polls,
      accessKeyId,
      apiCalls: calls.map((c) => ({ service: c.service, operation: c.operation, at: c.at, status: c.status, ...(c.fault ? { fault: c.fault } : {}) })),
      states,
    };
    this.record(step);
    return result === 'SUCCESS';
  }
}

/**
 * Why the handler skipped a request without a Note of its own: its event is not in runOn (the
 * handler's only silent skip), named with the runOn that applied.
 */
function skippedNote(request: CfnRequest): string {
  const raw = request.ResourceProperties?.[CommonProps.RUN_ON];
  let runOn: readonly string[] | undefined = DEFAULT_RUN_ON[request.ResourceType as ResourceType];
  try {
    const parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
    if (Array.isArray(parsed)) runOn = parsed.map(String);
  } catch {
    // Unreadable: the default is named.
  }
  const event = request.RequestType.toUpperCase();
  return `runOn does not include ${event} (runOn: ${runOn ? runOn.map((e) => e.toUpperCase()).join(', ') : 'unknown'}${raw === undefined ? ', the default' : ''}), so the ${request.RequestType} did nothing`;
}

/** The record of a step that never started, and why. */
export function notRun(phase: Phase, d: Deployed, why: string, stackStatus?: string): StepRecord {
  const place = targetPlace(d.properties, d.resource.stack);
  return {
    stack: d.resource.stack.displayName,
    ...(stackStatus ? { stackStatus } : {}),
    resource: d.resource.name,
    logicalId: d.resource.logicalId,
    resourceType: d.resource.resourceType,
    phase,
    requestType: phase === 'Create' ? 'Create' : phase === 'Update' ? 'Update' : 'Delete',
    target: `${d.target.description}${describePlace(place)}`,
    ...(place.region ? { targetRegion: place.region } : {}),
    ...(place.account ? { targetAccount: place.account } : {}),
    status: d.target.status(),
    result: 'NOT_RUN',
    outcome: 'NOT RUN',
    reason: `not started: ${why}`,
    apiCalls: [],
    states: [],
  };
}
