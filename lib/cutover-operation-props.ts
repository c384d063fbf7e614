import type { Duration } from 'aws-cdk-lib';
import type { LifecycleEvent } from '../contract';
import type { CutoverProvider } from './cutover-provider';

/** Options every cdk-cutover operation accepts. */
export interface CutoverOperationProps {
  /**
   * The stack events on which the operation runs. Events not listed do nothing and succeed.
   *
   * @default - each construct documents its own default ([DELETE] for teardown operations)
   */
  readonly runOn?: LifecycleEvent[];

  /**
   * Whether the stack operation waits until the target reaches its end state. When false, the
   * resource completes as soon as the service has accepted the request.
   *
   * @default true
   */
  readonly waitForCompletion?: boolean;

  /**
   * How long the operation may take, waiting included. When it runs out, the stack operation
   * fails with a reason that names the target, its current state and the elapsed time.
   *
   * Up to 1 hour the custom resource waits, as CloudFormation allows. Up to 12 hours when the step runs
   * on CREATE or UPDATE (and waits for completion): the custom resource then acts
   * and returns, a Step Functions waiter deployed with the provider looks on with the same rules,
   * and signals an `AWS::CloudFormation::WaitCondition` (Timeout = this timeout) that steps after
   * this one depend on; the attributes are then read from that signal. A Delete still waits at most
   * 1 hour (CloudFormation waits on nothing at deletion), so a step that runs only on Delete is
   * refused a timeout above 1 hour. A provider in a VPC needs a route to Amazon S3 for the signal.
   *
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;

  /**
   * The provider that runs this operation, for memory, logging, VPC placement, role or poll
   * interval of your own: `new CutoverProvider(stack, 'Cutover', { vpc })`. It must be in the
   * same stack as the construct.
   *
   * @default - the stack's shared provider (created on first use, with CutoverProvider's defaults)
   */
  readonly provider?: CutoverProvider;
}

/** Options of the operations that tear down an external target (stop, cancel) on Delete. */
export interface TeardownOperationProps extends CutoverOperationProps {
  /**
   * Whether the Delete of a rollback acts too. By default a Delete that undoes a failed deployment
   * (the stack, or its root stack, is ROLLBACK_IN_PROGRESS, UPDATE_ROLLBACK_IN_PROGRESS or
   * UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS) leaves the target as it was, with outcome
   * `SKIPPED` and a `note` saying why; only a stack deletion or the cleanup of a successful update
   * tears it down. Requires `LifecycleEvent.DELETE` among the events the operation runs on.
   *
   * @default false
   */
  readonly runOnRollback?: boolean;
}

/**
 * Options of every operation on an AWS target: how to reach a target in another account. The
 * names are those of aws-cdk-lib's AwsCustomResource.
 */
export interface AwsCutoverOperationProps extends CutoverOperationProps {
  /**
   * A role in the target's account for the handler to assume (through the STS endpoint of the
   * target's region); every call about the target is then made with that role's credentials. The
   * construct grants the handler `sts:AssumeRole` on exactly this role instead of the service
   * actions: the role holds those in its own account, and its trust policy must allow the handler's
   * role (the provider's `role`, or the stack's shared provider role). Required for a target in
   * another account than the stack's, and only allowed with a role of the target's account.
   *
   * @default - the handler's own role, in the stack's account
   */
  readonly assumedRoleArn?: string;

  /**
   * The external id the role's trust policy demands (its `sts:ExternalId` condition), passed to
   * AssumeRole. Only with an assumed role.
   *
   * @default - no external id
   */
  readonly externalId?: string;
}
