import {
  autoStartType,
  CommonAttributes,
  DmsStartAttributes as Attributes,
  DmsStartOptions,
  FINISHED_BY_ITSELF,
  mayFallBackToFreshStart,
  Outcomes,
  RunTraces,
  SentStartType,
} from '../../contract';
import { OperationFailedError, isServiceError } from '../engine/errors';
import type { StepContext, StepResult } from '../engine/operation';

/**
 * The start flow both DMS start steps share (a classic task and a serverless replication differ
 * only in how they are read and started): decide the start type, send it once the target accepts
 * it, and wait until `running` (or a finish the target's configuration asks for).
 */

/** What one look at the target found, in the terms the flow needs. */
export interface StartLook {
  readonly status: string;
  readonly traces: RunTraces;
  /** When the current (or last) run started, as DMS reports it. */
  readonly startedAt?: Date;
  /** When the last run stopped. */
  readonly stoppedAt?: Date;
  readonly stopReason?: string;
  /** DMS's failure message(s), for a reason. */
  readonly failure?: string;
}

/** The target's side: how to read it, start it, and how it names its states. */
export interface StartTarget {
  /** "DMS replication task arn:…", for messages. */
  readonly name: string;
  /** States that accept a start. */
  readonly accepting: ReadonlySet<string>;
  /** States on the way from a start to `running` (starting; serverless: initializing … replication_starting). */
  readonly startingUp: ReadonlySet<string>;
  look(): Promise<StartLook>;
  /** A fresh look, never from a shared listing (after a refusal). */
  lookDirectly(): Promise<StartLook>;
  /** Sends the start; the SDK error propagates. */
  start(type: SentStartType, options: DmsStartOptions): Promise<void>;
}

/** Not an attribute: what the first call decided to send, for the poll that sends it. */
export const PLANNED_START_TYPE = 'PlannedStartType';
// DMS's clock and the handler's agree within this (start dates compared with the operation's start).
const CLOCK_SKEW_MS = 5000;
const RUNNING = 'running';
const MAX_MESSAGE = 300;
// A start refused while the target reads a state that accepts one is asked again once, after this pause.
const REFUSALS_BEFORE_FAILING = 2;
const REFUSAL_PAUSE_MS = 1000;

const short = (text: string) => text.replace(/\s+/g, ' ').slice(0, MAX_MESSAGE);

/** The attributes of a start sent now. */
function sentAttributes(type: SentStartType, options: DmsStartOptions, at: number): Record<string, string> {
  return {
    [Attributes.START_TYPE_SENT]: type,
    [Attributes.CDC_START_SENT]: options.cdcStartPosition ?? options.cdcStartTime ?? '',
    [Attributes.CDC_STOP_SENT]: options.cdcStopPosition ?? '',
    [Attributes.START_REQUESTED_AT]: String(at),
  };
}

const NOTHING_SENT: Record<string, string> = {
  [Attributes.START_TYPE_SENT]: '',
  [Attributes.CDC_START_SENT]: '',
  [Attributes.CDC_STOP_SENT]: '',
  [Attributes.START_REQUESTED_AT]: '',
};

/** Not an attribute: the start date the first call saw ('' for none), to tell a later start from it. */
export const PRIOR_START = 'PriorStart';

/**
 * Whether DMS reports a run that began after the first call looked: a start sent on a poll (whose
 * Data polls cannot carry), or one made by someone else meanwhile.
 */
function startedSinceFirstLook(look: StartLook, context: StepContext): boolean {
  if (look.startedAt === undefined) return false;
  const prior = context.firstCallData?.[PRIOR_START];
  // The first call never looked (a fault): only a start after this operation began counts.
  if (prior === undefined) return look.startedAt.getTime() > context.startedAt;
  return prior === '' || look.startedAt.getTime() > Number(prior);
}

/** What the first call's result carries to the polls besides the step's own values. */
function firstLook(look: StartLook, context: StepContext, values: Record<string, string> = {}): { carry?: Record<string, string> } {
  return context.firstCall ? { carry: { [PRIOR_START]: look.startedAt ? String(look.startedAt.getTime()) : '', ...values } } : {};
}

/** The start type to send: the one asked for, or AUTO's choice (decided on the first look that could send it). */
function typeToSend(options: DmsStartOptions, look: StartLook, context: StepContext): SentStartType {
  if (options.startType !== 'auto') return options.startType;
  const planned = context.firstCallData?.[PLANNED_START_TYPE];
  return planned === 'start-replication' || planned === 'resume-processing' ? planned : autoStartType(look.traces);
}

/**
 * One look (and at most one start, or a start and AUTO's fresh-start fallback) at a DMS target.
 * Reusable by other steps (an undo, a pause) with their own options and context.
 */
export async function startStep(target: StartTarget, options: DmsStartOptions, context: StepContext): Promise<StepResult> {
  const look = await target.look();
  const { status } = look;
  context.observed(status);
  const carried = context.firstCallData ?? {};
  const requestedAt = Number(carried[Attributes.START_REQUESTED_AT]) || undefined;
  // Started during this operation: the first call's start was accepted, or DMS reports a start since
  // this operation began (a start sent on a later poll, whose attributes polls cannot carry).
  const startedHere = !context.firstCall && (requestedAt !== undefined || startedSinceFirstLook(look, context));

  if (status === RUNNING) {
    if (startedHere) return { kind: 'complete', status, data: requestedAt ? {} : sentOnPoll(options, look, context) };
    return { kind: 'complete', status, data: { ...NOTHING_SENT, [CommonAttributes.OUTCOME]: Outcomes.NOTHING_TO_DO, [CommonAttributes.NOTE]: alreadyRunningNote(context, carried) } };
  }
  if (startedHere) {
    if (target.startingUp.has(status)) return { kind: 'waiting', status, issued: true };
    if (status === 'stopped' || status === 'failed') return ended(target, look, options, requestedAt, context);
    // modifying, testing, …: DMS is busy with it after the start; its next state decides.
    return { kind: 'waiting', status, issued: true };
  }
  if (target.startingUp.has(status)) {
    // Started by someone else (a console user, another pipeline): it will run without our call.
    const note = `${target.name} was already ${status} when this step looked: nothing was sent; the step waited until it ran.`;
    return { kind: 'waiting', status, issued: true, ...firstLook(look, context, { [PLANNED_START_TYPE]: '', [CommonAttributes.NOTE]: note }) };
  }
  if (!target.accepting.has(status)) {
    // stopping, modifying, testing, creating, moving, deleting: refuses a start. Wait it out, then act.
    const planned = options.startType === 'auto' ? autoStartType(look.traces) : options.startType;
    return { kind: 'waiting', status, issued: false, ...firstLook(look, context, { [PLANNED_START_TYPE]: planned }) };
  }
  return send(target, options, typeToSend(options, look, context), context, look);
}

async function send(target: StartTarget, options: DmsStartOptions, type: SentStartType, context: StepContext, look: StartLook, attempt = 1): Promise<StepResult> {
  try {
    await target.start(type, options);
  } catch (error) {
    if (!isServiceError(error, 'InvalidResourceStateFault')) throw explained(target, type, options, error);
    // Refused: either the target moved (a race: look again at the next poll), or DMS will not start it so.
    const again = await target.lookDirectly();
    context.observed(again.status);
    if (!target.accepting.has(again.status)) return { kind: 'waiting', status: again.status, issued: false, ...firstLook(look, context) };
    if (options.startType === 'auto' && type === 'resume-processing' && mayFallBackToFreshStart(again.traces)) {
      // Its only trace of a run is a date that may be a schedule, and DMS will not resume it: it never ran.
      return send(target, options, 'start-replication', context, look, attempt);
    }
    if (attempt < REFUSALS_BEFORE_FAILING) {
      // Still in a state that accepts a start: a refusal may have raced a change DMS has not shown yet; ask once more.
      await new Promise((resolve) => setTimeout(resolve, REFUSAL_PAUSE_MS));
      return send(target, options, type, context, look, attempt + 1);
    }
    throw new OperationFailedError(
      `DMS refused to start ${target.name} ("${again.status}") with ${type}: ${short(error.message)}. ` +
        (type === 'start-replication'
          ? 'Check the task in the DMS console, then retry the stack operation.'
          : `A target that never ran accepts only a fresh start: set "startType" to DmsStartType.START_REPLICATION if it never ran (it shows no start date and no recovery checkpoint: ${describeTraces(again)}), then retry the stack operation.`),
    );
  }
  const at = Date.now();
  const data = sentAttributes(type, options, at);
  return { kind: 'waiting', status: 'starting', issued: true, data, ...firstLook(look, context, { ...data, [PLANNED_START_TYPE]: type }) };
}

/** A start DMS answered with a fault that no wait fixes: the reason names the target, the type and the fix. */
function explained(target: StartTarget, type: SentStartType, options: DmsStartOptions, error: unknown): unknown {
  if (isServiceError(error, 'InvalidParameterCombinationException', 'InvalidParameterValueException')) {
    const cdc = [options.cdcStartTime && `cdcStartTime ${options.cdcStartTime}`, options.cdcStartPosition && `cdcStartPosition ${options.cdcStartPosition}`, options.cdcStopPosition && `cdcStopPosition ${options.cdcStopPosition}`]
      .filter(Boolean)
      .join(', ');
    return new OperationFailedError(
      `DMS refused the ${type} start of ${target.name}${cdc ? ` with ${cdc}` : ''}: ${error.code}: ${short(error.message)}. ` +
        'CDC positions apply only to a task or replication with CDC (migration type cdc or full-load-and-cdc); fix or remove them, then retry the stack operation.',
    );
  }
  if (isServiceError(error, 'ResourceNotFoundFault')) return error;
  return error;
}

/** A run that ended after this operation's start: success if it finished as configured. */
function ended(target: StartTarget, look: StartLook, options: DmsStartOptions, requestedAt: number | undefined, context: StepContext): StepResult {
  // A stop dated before our start is the run before it (DMS has not shown our start yet): wait.
  if (requestedAt !== undefined && look.stoppedAt !== undefined && look.stoppedAt.getTime() < requestedAt - CLOCK_SKEW_MS) {
    return { kind: 'waiting', status: look.status, issued: true };
  }
  if (look.status === 'stopped' && look.stopReason && FINISHED_BY_ITSELF.has(look.stopReason)) {
    const note = `${target.name} ran and then stopped by itself as configured (${look.stopReason}).`;
    return { kind: 'complete', status: look.status, data: { ...(requestedAt ? {} : sentOnPoll(options, look, context)), [CommonAttributes.NOTE]: note } };
  }
  throw new OperationFailedError(
    `${target.name} was started but is "${look.status}"${look.stopReason ? ` (${look.stopReason})` : ''}` +
      `${look.failure ? `: ${short(look.failure)}` : ''}. Fix the cause in the DMS console (the task's logs in CloudWatch), then retry the stack operation.`,
  );
}

/** Attributes of a start sent on a poll: polls cannot carry Data, so they are rebuilt from the plan. */
function sentOnPoll(options: DmsStartOptions, _look: StartLook, context: StepContext): Record<string, string> {
  const planned = context.firstCallData?.[PLANNED_START_TYPE];
  if (planned === '') return { ...NOTHING_SENT, [CommonAttributes.OUTCOME]: Outcomes.NOTHING_TO_DO };
  const type = options.startType !== 'auto' ? options.startType : planned === 'start-replication' || planned === 'resume-processing' ? planned : undefined;
  return {
    ...NOTHING_SENT,
    [Attributes.START_TYPE_SENT]: type ?? '',
    [Attributes.CDC_START_SENT]: options.cdcStartPosition ?? options.cdcStartTime ?? '',
    [Attributes.CDC_STOP_SENT]: options.cdcStopPosition ?? '',
  };
}

function alreadyRunningNote(context: StepContext, carried: Record<string, string>): string {
  return carried[CommonAttributes.NOTE] || (context.firstCall ? 'Already running: nothing was sent.' : 'It started running without this step: nothing was sent.');
}

function describeTraces(look: StartLook): string {
  const all = [...look.traces.strong, ...look.traces.weak];
  return all.length ? `it shows ${all.join(', ')}` : 'it shows none';
}

/** The CDC members of a StartReplicationTask or StartReplication request: the same three in both APIs. */
export function cdcRequestMembers(options: DmsStartOptions): { CdcStartTime?: Date; CdcStartPosition?: string; CdcStopPosition?: string } {
  return {
    ...(options.cdcStartTime !== undefined ? { CdcStartTime: new Date(options.cdcStartTime) } : {}),
    ...(options.cdcStartPosition !== undefined ? { CdcStartPosition: options.cdcStartPosition } : {}),
    ...(options.cdcStopPosition !== undefined ? { CdcStopPosition: options.cdcStopPosition } : {}),
  };
}

/** Timeout advice shared by both DMS start steps; `raise` is the engine's sentence on raising "timeout". */
export function startTimeoutAdvice(status: string | undefined, startingUp: ReadonlySet<string>, kind: string, raise: string): string {
  if (status !== undefined && (startingUp.has(status) || status === RUNNING)) {
    return `The start stays in effect and DMS will finish it; check the ${kind} in the DMS console, then retry the stack operation. ${raise}`;
  }
  return `The ${kind} never reached a state that accepts a start (it may be stopping, being modified, tested or deleted); check it in the DMS console, then retry the stack operation. ${raise}`;
}
