import { randomUUID } from 'node:crypto';
import type { Invokable } from './environment-pool';
import type { Invocation } from './local-lambda';

/** Physical id the Provider framework answers a failed Create with; the Delete that follows is skipped. */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

export interface CfnRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** The stack the event comes from (its status tells a teardown from a rollback). @default the driver's stackId */
  readonly StackId?: string;
  /** The same RequestId twice is the same event delivered twice. @default a new id */
  readonly RequestId?: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

export interface CfnOutcome {
  readonly status: 'SUCCESS' | 'FAILED';
  /** CloudFormation's status reason on failure. */
  readonly reason?: string;
  readonly physicalResourceId: string;
  readonly data: Record<string, string>;
  /** How many times isComplete ran. */
  readonly polls: number;
  readonly elapsedMs: number;
  /** Every invocation's unhandled promise rejections (there should be none). */
  readonly unhandledRejections: readonly string[];
  /** True when CloudFormation's own serviceTimeout would have expired before the provider answered. */
  readonly exceededServiceTimeout: boolean;
}

export interface ProviderDriverOptions {
  /** The Provider's queryInterval. */
  readonly pollIntervalMs: number;
  /** The Provider's totalTimeout, after which it answers "Operation timed out". */
  readonly totalTimeoutMs: number;
  /** The custom resource's ServiceTimeout, if set. */
  readonly serviceTimeoutMs?: number;
  /** The response URL placed in events (a credential in real life; it must never be logged). */
  readonly responseUrl?: string;
  /** The StackId of events that name none. @default a new, unknown stack per event */
  readonly stackId?: string;
  /** Called after every isComplete poll (progress display). */
  readonly onPoll?: (poll: number, invocation: Invocation<{ IsComplete: boolean }>) => void;
}

/**
 * Plays what aws-cdk-lib's custom_resources.Provider does with one CloudFormation request: invoke
 * onEvent, merge its answer into the event, then invoke isComplete every poll interval until it is
 * complete, throws, or the total timeout passes. The same rules as the framework apply (a Delete of
 * a failed Create never reaches the handler; Delete cannot change the physical id; the failure
 * reason is the handler's error message).
 */
export class ProviderDriver {
  constructor(
    private readonly lambda: Invokable,
    private readonly options: ProviderDriverOptions,
  ) {}

  async send(request: CfnRequest): Promise<CfnOutcome> {
    const started = Date.now();
    const unhandled: string[] = [];
    const event = {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:framework-onEvent',
      ResponseURL: this.options.responseUrl ?? `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/${randomUUID()}?X-Amz-Signature=${randomUUID()}`,
      StackId: this.options.stackId ?? 'arn:aws:cloudformation:us-east-1:123456789012:stack/CutoverStack/' + randomUUID(),
      RequestId: randomUUID(),
      ...request,
    };
    const finish = (status: 'SUCCESS' | 'FAILED', physicalResourceId: string, data: Record<string, string>, polls: number, reason?: string): CfnOutcome => {
      const elapsedMs = Date.now() - started;
      return {
        status,
        reason,
        physicalResourceId,
        data,
        polls,
        elapsedMs,
        unhandledRejections: unhandled,
        exceededServiceTimeout: this.options.serviceTimeoutMs !== undefined && elapsedMs > this.options.serviceTimeoutMs,
      };
    };

    if (request.RequestType === 'Delete' && request.PhysicalResourceId === CREATE_FAILED_MARKER) {
      return finish('SUCCESS', CREATE_FAILED_MARKER, {}, 0);
    }

    const onEvent = await this.lambda.invoke<{ PhysicalResourceId?: string; Data?: Record<string, string> }>('onEvent', event);
    unhandled.push(...onEvent.unhandledRejections);
    if (!onEvent.ok) {
      const physicalId = request.PhysicalResourceId ?? (request.RequestType === 'Create' ? CREATE_FAILED_MARKER : '');
      return finish('FAILED', physicalId, {}, 0, onEvent.error?.message);
    }
    const result = onEvent.result ?? {};
    const physicalResourceId = result.PhysicalResourceId ?? request.PhysicalResourceId ?? event.RequestId;
    if (request.RequestType === 'Delete' && physicalResourceId !== request.PhysicalResourceId) {
      return finish('FAILED', request.PhysicalResourceId!, {}, 0, `DELETE: cannot change the physical resource ID from "${request.PhysicalResourceId}" to "${physicalResourceId}" during deletion`);
    }
    const waitingEvent = { ...event, ...result, PhysicalResourceId: physicalResourceId };

    let polls = 0;
    const maxPolls = Math.floor(this.options.totalTimeoutMs / this.options.pollIntervalMs);
    while (polls < maxPolls) {
      await sleep(this.options.pollIntervalMs);
      polls += 1;
      const poll = await this.lambda.invoke<{ IsComplete: boolean; PhysicalResourceId?: string; Data?: Record<string, string> }>('isComplete', waitingEvent);
      unhandled.push(...poll.unhandledRejections);
      this.options.onPoll?.(polls, poll);
      if (!poll.ok) return finish('FAILED', physicalResourceId, {}, polls, poll.error?.message);
      if (poll.result?.IsComplete) {
        // The framework answers CloudFormation with isComplete's result over the event: its physical id wins.
        const finalId = poll.result.PhysicalResourceId ?? physicalResourceId;
        if (request.RequestType === 'Delete' && finalId !== physicalResourceId) {
          return finish('FAILED', physicalResourceId, {}, polls, `DELETE: cannot change the physical resource ID from "${physicalResourceId}" to "${finalId}" during deletion`);
        }
        return finish('SUCCESS', finalId, { ...(waitingEvent.Data ?? {}), ...(poll.result.Data ?? {}) }, polls);
      }
      if (poll.result?.Data && Object.keys(poll.result.Data).length > 0) {
        return finish('FAILED', physicalResourceId, {}, polls, '"Data" is not allowed if "IsComplete" is "False"');
      }
    }
    return finish('FAILED', physicalResourceId, {}, polls, 'Operation timed out');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
