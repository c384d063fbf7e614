/**
 * Waits beyond one hour (issue 22): what the construct, the handler, the waiter state machine and
 * the emulator share. A step whose `timeout` exceeds one hour and that waits on Create or Update
 * does not wait in its custom resource: the custom resource acts once, starts a waiter (a Step
 * Functions standard workflow that loops Wait → Look) and returns; the waiter looks with the same
 * handler code and signals an AWS::CloudFormation::WaitCondition through its handle.
 */

/**
 * CloudFormation's ceiling for a WaitCondition's Timeout, so for a step's timeout: 12 hours.
 *
 * @internal
 */
export const MAX_LONG_TIMEOUT_SECONDS = 43200;

/**
 * Properties a long-waiting custom resource carries besides its operation's own.
 *
 * @internal
 */
export const LongWaitProps = {
  /** The WaitConditionHandle's Ref: the presigned URL the waiter signals (a credential: never logged). */
  WAIT_HANDLE: 'WaitHandle',
  /** The ARN of the provider's waiter state machine. */
  WAITER: 'WaiterStateMachineArn',
} as const;

/**
 * Data keys of a long-waiting custom resource's own answer (not the step's attributes: those are
 * signalled to the wait condition and read back through the result resource).
 *
 * @internal
 */
export const LongWaitData = {
  /** Which waiter carries the step: a Step Functions execution ARN, or who settled it instead. */
  WAITER: 'Waiter',
} as const;

/**
 * The custom resource that turns the wait condition's Data (a JSON object of UniqueId → Data) back
 * into the step's attributes: CloudFormation has no intrinsic that parses JSON.
 *
 * @internal
 */
export const LONG_WAIT_RESULT_TYPE = 'Custom::CutoverLongWaitResult';

/** @internal */
export const LongWaitResultProps = {
  /** Fn::GetAtt of the WaitCondition's Data attribute. */
  WAIT_CONDITION_DATA: 'WaitConditionData',
} as const;

/**
 * The UniqueId of the one signal a step's waiter sends (WaitCondition Count 1).
 *
 * @internal
 */
export const SIGNAL_UNIQUE_ID = 'cutover';

/**
 * The shape the waiter state machine passes between its states and to the handler's `waitStep`.
 *
 * @internal
 */
export interface WaiterState {
  /** The CloudFormation event the custom resource received, with the Data its first call carried. */
  readonly event: Record<string, unknown>;
  /** Seconds to wait before the next look. */
  readonly waitSeconds: number;
  /** True once the handler has signalled (or found nothing left to signal): the execution ends. */
  readonly done: boolean;
  /** Set by the state machine's Catch when a look failed outright (the Lambda itself failed). */
  readonly failure?: { readonly Error?: string; readonly Cause?: string };
  /** The execution's own ARN ($$.Execution.Id), so the handler can check it was not stopped. */
  readonly execution?: string;
}

/**
 * The longest look interval beyond the first hour: at most one look per minute per step.
 *
 * @internal
 */
export const MAX_LONG_LOOK_SECONDS = 60;

/**
 * Seconds until the waiter's next look: the provider's poll interval for the first hour (as a
 * custom resource would poll), then backing off by doubling to one look per minute (or the poll
 * interval, if that is longer).
 *
 * @internal
 */
export function nextLookSeconds(elapsedMs: number, pollSeconds: number, previousSeconds: number): number {
  if (elapsedMs < 3600_000) return pollSeconds;
  const ceiling = Math.max(pollSeconds, MAX_LONG_LOOK_SECONDS);
  return Math.min(ceiling, Math.max(pollSeconds, previousSeconds * 2));
}

/**
 * The waiter state machine's definition (Amazon States Language), with `${WaiterFunctionArn}` for
 * the definition substitution. The construct deploys exactly this object; the emulator runs it.
 *
 * @internal
 */
export function waiterDefinition(): Record<string, unknown> {
  const lookPayload = { 'event.$': '$.event', 'waitSeconds.$': '$.waitSeconds', 'done.$': '$.done', 'execution.$': '$$.Execution.Id' };
  return {
    Comment: 'cdk-cutover: looks at one long-waiting step until it is over, then signals its wait condition',
    StartAt: 'Wait',
    // The longest step (12 hours) plus the failure path's retries.
    TimeoutSeconds: MAX_LONG_TIMEOUT_SECONDS + 3600,
    States: {
      Wait: { Type: 'Wait', SecondsPath: '$.waitSeconds', Next: 'Look' },
      Look: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: '${WaiterFunctionArn}', Payload: lookPayload },
        OutputPath: '$.Payload',
        Retry: [
          {
            ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
            IntervalSeconds: 5,
            MaxAttempts: 6,
            BackoffRate: 2,
          },
        ],
        // A look that failed outright still ends in a FAILURE signal with the error, not a bare timeout.
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'ReportFailure' }],
        Next: 'Over?',
      },
      'Over?': { Type: 'Choice', Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'Over' }], Default: 'Wait' },
      ReportFailure: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: '${WaiterFunctionArn}', Payload: { ...lookPayload, 'failure.$': '$.failure' } },
        OutputPath: '$.Payload',
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 }],
        Next: 'Over',
      },
      Over: { Type: 'Succeed' },
    },
  };
}

/**
 * The execution name of the waiter of one wait-condition handle: the same handle always gives the
 * same name, so a handle that already had a waiter is recognised (Step Functions keeps a name for
 * 90 days), and a Delete or Update stops exactly the waiter of the handle it replaces.
 *
 * @internal
 */
export function waiterExecutionName(handleDigest: string, logicalId: string): string {
  return `${logicalId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40)}-${handleDigest.slice(0, 32)}`;
}

/**
 * The execution ARN of a named execution of a state machine (arn:…:stateMachine:NAME → arn:…:execution:NAME:EXEC).
 *
 * @internal
 */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
