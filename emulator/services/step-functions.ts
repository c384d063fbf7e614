import type { Clock } from '../core/clock';
import { awsJsonRouting, dispatchAwsJson, JsonOperation, requestIdHeader } from '../core/protocols';
import type { Caller } from '../core/identity';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';
import { interpret, LambdaInvoker, RunningExecution } from './step-functions-interpreter';

export type { LambdaInvoker } from './step-functions-interpreter';

const TYPE = { 'content-type': 'application/x-amz-json-1.0' };

/** awsJson1_0 as Step Functions speaks it: errors are {"__type","message"}. */
const json10 = {
  ok: (body: unknown): EmulatorResponse => ({ status: 200, headers: { ...TYPE, ...requestIdHeader() }, body: JSON.stringify(body) }),
  error: (code: string, message: string, status = 400): EmulatorResponse => ({
    status,
    headers: { ...TYPE, ...requestIdHeader() },
    body: JSON.stringify({ __type: code, message }),
  }),
};

/** One execution of a registered state machine. */
export interface SfnExecution extends RunningExecution {
  readonly name: string;
  readonly stateMachineArn: string;
  readonly input: string;
  readonly startedAt: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  stoppedAt?: number;
  error?: string;
  cause?: string;
  /** Settles when the execution ends. */
  readonly finished: Promise<void>;
}

interface StateMachine {
  readonly definition: Record<string, unknown>;
}

/**
 * AWS Step Functions over awsJson1_0: StartExecution (a name is unique per state machine: the same
 * name and input of a running execution answers that execution, anything else ExecutionAlreadyExists),
 * DescribeExecution and StopExecution (ABORTED at once). Executions really run: the registered
 * definition is interpreted on the emulator's clock, its lambda:invoke tasks going to `invoker`.
 */
export class StepFunctionsService implements ServiceModule {
  readonly name = 'states';
  private readonly machines = new Map<string, StateMachine>();
  private readonly executions = new Map<string, SfnExecution>();
  private readonly routing = awsJsonRouting('AWSStepFunctions.');
  readonly matches = this.routing.matches;
  readonly operationOf = this.routing.operationOf;
  private invoker?: LambdaInvoker;
  private readonly operations = new Map<string, JsonOperation>([
    ['StartExecution', (input, caller) => this.start(input, caller)],
    ['DescribeExecution', (input) => this.describe(String(input.executionArn ?? ''))],
    ['StopExecution', (input) => this.stop(String(input.executionArn ?? ''))],
  ]);

  constructor(private readonly clock: Clock) {}

  /** Registers a deployed state machine: its definition with the definition substitutions applied. */
  registerStateMachine(arn: string, definition: Record<string, unknown>, substitutions: Record<string, string> = {}): void {
    let text = JSON.stringify(definition);
    for (const [key, value] of Object.entries(substitutions)) text = text.split(`\${${key}}`).join(value);
    this.machines.set(arn, { definition: JSON.parse(text) as Record<string, unknown> });
  }

  /** Where lambda:invoke tasks go (the test's or the rehearsal's local Lambda). */
  setInvoker(invoker: LambdaInvoker): void {
    this.invoker = invoker;
  }

  execution(executionArn: string): SfnExecution | undefined {
    return this.executions.get(executionArn);
  }

  allExecutions(): SfnExecution[] {
    return [...this.executions.values()];
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    return dispatchAwsJson(this.operationOf(request), request, this.operations, json10);
  }

  renderFault(kind: RenderedFaultKind): EmulatorResponse {
    switch (kind) {
      case 'throttle':
        return json10.error('ThrottlingException', 'Rate exceeded');
      case 'server-error':
        return json10.error('InternalFailure', 'An internal error occurred', 500);
      case 'unavailable':
        return json10.error('ServiceUnavailable', 'Service is unavailable', 503);
      case 'access-denied':
        return json10.error('AccessDeniedException', 'User is not authorized to perform: states:StartExecution');
      case 'malformed':
        return { status: 200, headers: TYPE, body: '{"executionAr' };
      case 'empty':
        return { status: 200, headers: TYPE, body: '' };
    }
  }

  private start(input: Record<string, unknown>, _caller: Caller): EmulatorResponse {
    const stateMachineArn = String(input.stateMachineArn ?? '');
    const machine = this.machines.get(stateMachineArn);
    if (!machine) return json10.error('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const name = String(input.name ?? '');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) return json10.error('InvalidName', `Invalid Name: '${name}'`);
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const text = String(input.input ?? '{}');
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === text) return json10.ok({ executionArn, startDate: existing.startedAt / 1000 });
      return json10.error('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    if (!this.invoker) throw new Error('The emulated Step Functions has no Lambda invoker; call setInvoker() first');
    const invoker = this.invoker;
    let finish!: () => void;
    const execution: SfnExecution = {
      executionArn,
      name,
      stateMachineArn,
      input: text,
      startedAt: this.clock.now(),
      status: 'RUNNING',
      stopped: false,
      invocations: [],
      finished: new Promise<void>((resolve) => (finish = resolve)),
    };
    this.executions.set(executionArn, execution);
    void interpret(machine.definition, JSON.parse(text), execution, this.clock, invoker)
      .then((end) => {
        if (execution.status !== 'RUNNING') return;
        execution.status = end.status;
        execution.error = end.error;
        execution.cause = end.cause;
        execution.stoppedAt = this.clock.now();
      })
      .catch((error: Error) => {
        execution.status = 'FAILED';
        execution.error = 'Emulator';
        execution.cause = error.message;
      })
      .finally(finish);
    return json10.ok({ executionArn, startDate: execution.startedAt / 1000 });
  }

  private describe(executionArn: string): EmulatorResponse {
    const e = this.executions.get(executionArn);
    if (!e) return json10.error('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return json10.ok({
      executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: e.startedAt / 1000,
      ...(e.stoppedAt ? { stopDate: e.stoppedAt / 1000 } : {}),
      ...(e.error ? { error: e.error, cause: e.cause } : {}),
    });
  }

  private stop(executionArn: string): EmulatorResponse {
    const e = this.executions.get(executionArn);
    if (!e) return json10.error('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    if (e.status === 'RUNNING') {
      e.stopped = true;
      e.status = 'ABORTED';
      e.stoppedAt = this.clock.now();
    }
    return json10.ok({ stopDate: (e.stoppedAt ?? this.clock.now()) / 1000 });
  }
}
