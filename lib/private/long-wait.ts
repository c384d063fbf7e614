import { createHash } from 'node:crypto';
import { CfnResource, CfnWaitCondition, CfnWaitConditionHandle, CustomResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LONG_WAIT_RESULT_TYPE, LongWaitProps, LongWaitResultProps, MAX_TIMEOUT_SECONDS, type TimeoutCeiling } from '../../contract';
import type { CutoverProvider } from '../cutover-provider';
import { acknowledgeExecutionPattern } from './long-waiter';

/**
 * Why a step cannot wait `timeoutSeconds` (more than an hour), or undefined when it can: the
 * ceiling (contract/timeout-ceiling.ts, the rule the handler's reasons also name) says whether it
 * may wait through a wait condition, and if not, why; this words it for the synth error.
 */
export function longWaitProblem(timeoutSeconds: number, shown: string, ceiling: TimeoutCeiling, pollIntervalSeconds: number): string | undefined {
  if (timeoutSeconds <= MAX_TIMEOUT_SECONDS) return undefined;
  switch (ceiling.limit) {
    case 'wait-condition':
      return undefined;
    case 'delete':
    case 'runs-only-on-delete':
      return (
        `"timeout" is ${shown}; it must be between ${pollIntervalSeconds * 2} seconds and 1 hour, because this step runs only on Delete, and a ` +
        'Delete waits at most 1 hour: CloudFormation waits on nothing at deletion, so no wait condition can hold a teardown. Set "timeout" to at ' +
        'most Duration.hours(1), or add CREATE or UPDATE to "runOn" (only those can wait up to 12 hours)'
      );
    case 'does-not-wait':
      return `"timeout" is ${shown}, but "waitForCompletion" is false, so nothing waits beyond the request; set "timeout" to at most 1 hour, or remove "waitForCompletion: false"`;
    case 'undo-on-rollback':
      // An undo record lives in the physical id the custom resource returns, while a step beyond one hour settles later, in its waiter.
      return (
        `"timeout" is ${shown} and "undoOnRollback" is true; a step beyond 1 hour settles in a background waiter after its custom resource ` +
        'answered, so its physical id cannot record what it did for a rollback to undo. Set "timeout" to at most Duration.hours(1), or remove "undoOnRollback"'
      );
    case 'orders-around-change':
      // Named as users know it: the limit is raised by its inner steps, whose class names they never wrote.
      return `"timeout" is ${shown}; DmsPauseDuringChange stops and resumes replication inside its custom resources, which wait at most 1 hour. Set "timeout" to at most Duration.hours(1)`;
  }
}

/** What a long-waiting step adds around its custom resource. */
export class LongWaitWiring {
  /** The resource whose attributes are the step's: it parses the wait condition's Data. */
  result?: CustomResource;
  readonly handle: CfnWaitConditionHandle;
  /** The properties the custom resource carries: its handle and the waiter to start. */
  readonly properties: Record<string, string>;
  private readonly fingerprint: string;

  /**
   * Creates the handle. Its logical id, and the wait condition's, derive from a fingerprint of the
   * step's properties as the template writes them: a step whose properties change gets a new wait
   * condition and a new handle (CloudFormation cannot update a wait condition, nor reuse a handle),
   * an unchanged step keeps both, so an unrelated update waits on nothing.
   */
  constructor(
    private readonly step: Construct,
    private readonly provider: CutoverProvider,
    stepProperties: Record<string, unknown>,
    private readonly timeoutSeconds: number,
  ) {
    this.fingerprint = createHash('sha256')
      .update(JSON.stringify(Stack.of(step).resolve(stepProperties)))
      .digest('hex')
      .slice(0, 8)
      .toUpperCase();
    this.handle = new CfnWaitConditionHandle(step, `WaitHandle${this.fingerprint}`);
    this.properties = {
      [LongWaitProps.WAIT_HANDLE]: this.handle.ref,
      [LongWaitProps.WAITER]: provider._longWaiter().stateMachine.stateMachineArn,
    };
  }

  /**
   * The wait condition after the custom resource (which starts the waiter), the result resource after
   * it, and the grants to start and stop the waiter. Steps that come after the construct depend on
   * all of its resources, so they wait for the wait condition.
   */
  attach(resource: CustomResource): CustomResource {
    const waitCondition = new CfnWaitCondition(this.step, `Wait${this.fingerprint}`, {
      handle: this.handle.ref,
      timeout: String(this.timeoutSeconds),
      count: 1,
    });
    waitCondition.node.addDependency(resource);
    const result = new CustomResource(this.step, 'Result', {
      serviceToken: this.provider.serviceToken,
      resourceType: LONG_WAIT_RESULT_TYPE,
      properties: { [LongWaitResultProps.WAIT_CONDITION_DATA]: waitCondition.attrData },
    });
    const cfn = result.node.defaultChild as CfnResource;
    cfn.cfnOptions.deletionPolicy = undefined;
    cfn.cfnOptions.updateReplacePolicy = undefined;
    const waiter = this.provider._longWaiter();
    this.provider._grant(resource, waiter.statements);
    for (const policy of resource.node.dependencies.filter((d) => d instanceof iam.ManagedPolicy)) acknowledgeExecutionPattern(policy, waiter.executions);
    this.result = result;
    return result;
  }
}
