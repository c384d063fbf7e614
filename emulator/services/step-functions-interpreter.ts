import type { Clock } from '../core/clock';

/** Invokes a Lambda function as the lambda:invoke integration does: the function's result, or its error. */
export type LambdaInvoker = (functionArn: string, payload: unknown) => Promise<{ ok: boolean; result?: unknown; error?: { name: string; message: string } }>;

/** One execution as the interpreter drives it. */
export interface RunningExecution {
  readonly executionArn: string;
  /** Set by StopExecution: the run ends before its next state. */
  stopped: boolean;
  /** Emulated times at which a Task state invoked its function. */
  readonly invocations: number[];
}

type State = Record<string, unknown> & { Type: string; Next?: string };

/** A failed Task after its retries, as Step Functions names it (e.g. "Lambda.Unknown"). */
class TaskFailed extends Error {
  constructor(readonly error: string, readonly cause: string) {
    super(`${error}: ${cause}`);
  }
}

/**
 * Runs the Amazon States Language subset the cdk-cutover waiter uses — Wait (Seconds/SecondsPath),
 * Task on arn:aws:states:::lambda:invoke (Parameters with ".$" paths and $$.Execution.Id,
 * OutputPath, Retry, Catch with ResultPath), Choice (BooleanEquals), Succeed, Fail — on the
 * emulator's clock. Anything else is refused, so the emulator never runs a definition it does not
 * understand. Resolves with the final status.
 */
export async function interpret(
  definition: Record<string, unknown>,
  input: unknown,
  execution: RunningExecution,
  clock: Clock,
  invoke: LambdaInvoker,
): Promise<{ status: 'SUCCEEDED' | 'FAILED' | 'ABORTED'; output?: unknown; error?: string; cause?: string }> {
  const states = definition.States as Record<string, State>;
  let name = definition.StartAt as string;
  let data: unknown = input;
  for (;;) {
    if (execution.stopped) return { status: 'ABORTED' };
    const state = states[name];
    if (!state) throw new Error(`The emulator's Step Functions has no state "${name}" in the definition`);
    switch (state.Type) {
      case 'Wait': {
        const seconds = state.SecondsPath ? Number(path(data, state.SecondsPath as string)) : Number(state.Seconds);
        if (!(await sleepUntil(clock, clock.now() + seconds * 1000, execution))) return { status: 'ABORTED' };
        break;
      }
      case 'Task': {
        try {
          data = await runTask(state, data, execution, clock, invoke);
        } catch (error) {
          if (!(error instanceof TaskFailed)) throw error;
          const handler = (state.Catch as Array<{ ErrorEquals: string[]; ResultPath?: string; Next: string }> | undefined)?.find((c) =>
            c.ErrorEquals.some((e) => e === 'States.ALL' || e === error.error),
          );
          if (!handler) return { status: 'FAILED', error: error.error, cause: error.cause };
          data = setPath(data, handler.ResultPath ?? '$', { Error: error.error, Cause: error.cause });
          name = handler.Next;
          continue;
        }
        break;
      }
      case 'Choice': {
        const choices = state.Choices as Array<{ Variable: string; BooleanEquals?: boolean; Next: string }>;
        const hit = choices.find((c) => c.BooleanEquals !== undefined && path(data, c.Variable) === c.BooleanEquals);
        name = hit?.Next ?? (state.Default as string);
        continue;
      }
      case 'Succeed':
        return { status: 'SUCCEEDED', output: data };
      case 'Fail':
        return { status: 'FAILED', error: state.Error as string, cause: state.Cause as string };
      default:
        throw new Error(`The emulator's Step Functions does not run ${state.Type} states`);
    }
    if (!state.Next) return { status: 'SUCCEEDED', output: data };
    name = state.Next;
  }
}

async function runTask(state: State, data: unknown, execution: RunningExecution, clock: Clock, invoke: LambdaInvoker): Promise<unknown> {
  if (state.Resource !== 'arn:aws:states:::lambda:invoke') throw new Error(`The emulator's Step Functions runs only lambda:invoke tasks, not ${String(state.Resource)}`);
  const parameters = template(state.Parameters, data, execution) as { FunctionName: string; Payload: unknown };
  const retriers = (state.Retry as Array<{ ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number }> | undefined) ?? [];
  const attempts = new Map<number, number>();
  for (;;) {
    execution.invocations.push(clock.now());
    const answer = await invoke(parameters.FunctionName, parameters.Payload);
    // lambda:invoke puts the function's result under Payload; a function error is "<ErrorType>" or Lambda.Unknown.
    if (answer.ok) return applyOutputPath(state, { Payload: answer.result, StatusCode: 200 });
    const error = answer.error?.name && answer.error.name !== 'Error' ? answer.error.name : 'Lambda.Unknown';
    const index = retriers.findIndex((r) => r.ErrorEquals.some((e) => e === 'States.ALL' || e === error));
    const retrier = retriers[index];
    const done = attempts.get(index) ?? 0;
    if (!retrier || done >= (retrier.MaxAttempts ?? 3)) throw new TaskFailed(error, answer.error?.message ?? 'the function failed');
    attempts.set(index, done + 1);
    const delay = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** done * 1000;
    if (!(await sleepUntil(clock, clock.now() + delay, execution))) throw new TaskFailed('States.Aborted', 'stopped');
  }
}

function applyOutputPath(state: State, result: unknown): unknown {
  return state.OutputPath ? path(result, state.OutputPath as string) : result;
}

/** Parameters with "key.$" paths resolved against the state input ($) or the context object ($$). */
function template(value: unknown, data: unknown, execution: RunningExecution): unknown {
  if (Array.isArray(value)) return value.map((v) => template(v, data, execution));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!key.endsWith('.$')) {
      out[key] = template(v, data, execution);
      continue;
    }
    const p = String(v);
    out[key.slice(0, -2)] = p.startsWith('$$.') ? path({ Execution: { Id: execution.executionArn } }, `$${p.slice(2)}`) : path(data, p);
  }
  return out;
}

/** A reference path "$", "$.a.b". */
function path(data: unknown, p: string): unknown {
  if (p === '$') return data;
  return p
    .slice(2)
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
}

function setPath(data: unknown, p: string, value: unknown): unknown {
  if (p === '$') return value;
  const keys = p.slice(2).split('.');
  const root = { ...(data as Record<string, unknown>) };
  let node = root;
  for (const key of keys.slice(0, -1)) node = node[key] = { ...(node[key] as Record<string, unknown>) };
  node[keys[keys.length - 1]] = value;
  return root;
}

/** Waits until emulated time `at` (tests may jump the clock); false when the execution was stopped meanwhile. */
async function sleepUntil(clock: Clock, at: number, execution: RunningExecution): Promise<boolean> {
  while (clock.now() < at) {
    if (execution.stopped) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.max(2, Math.min(50, clock.toRealMs(at - clock.now())))));
  }
  return !execution.stopped;
}
