import { CfnResource, CustomResource, Duration, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  CommonProps,
  DEFAULT_RUN_ON,
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_WAIT_FOR_COMPLETION,
  LifecycleEvent,
  MAX_TIMEOUT_SECONDS,
  ResourceType,
} from '../contract';
import { CutoverProvider, POLL_INTERVAL, ProviderNetwork } from './private/cutover-provider';

/** Options every cdk-cutover operation accepts. */
export interface CutoverOperationProps {
  /**
   * The stack events on which the operation runs. Events not listed do nothing and succeed.
   *
   * The type is a mutable array because jsii (which publishes this library to Python) does not
   * support `readonly` arrays; the construct never modifies it. To pass a readonly or `as const`
   * array, spread it: `const cutover = [LifecycleEvent.CREATE] as const;` then `runOn: [...cutover]`.
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
   * At most 1 hour: CloudFormation stops waiting on a custom resource after that.
   *
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;
}

/**
 * What a construct hands to {@link createCutoverResource}.
 *
 * @internal
 */
export interface CutoverResourceOptions {
  /** Also selects the default runOn (DEFAULT_RUN_ON in the contract). */
  readonly resourceType: ResourceType;
  /** Operation-specific properties (keys from the contract module). */
  readonly properties: Record<string, unknown>;
  /** Permissions scoped to this construct's target. */
  readonly statements: iam.PolicyStatement[];
  /** Actions without resource-level permissions, granted on "*" (documented per construct). */
  readonly unscopedActions?: string[];
  /** Runs this resource's handler in a VPC (a provider of its own per placement). @default - no VPC */
  readonly network?: ProviderNetwork;
}

/**
 * Validates the common props; call it in the constructor before creating children.
 *
 * @internal
 */
export function validateCutoverProps(props: CutoverOperationProps): void {
  if (props.runOn !== undefined) {
    if (props.runOn.length === 0) {
      throw new Error('"runOn" is empty; list at least one of LifecycleEvent.CREATE, UPDATE, DELETE, or remove the construct');
    }
    const seen = new Set<LifecycleEvent>();
    for (const event of props.runOn) {
      if (!Object.values(LifecycleEvent).includes(event)) {
        throw new Error(`"runOn" contains ${JSON.stringify(event)}; use LifecycleEvent.CREATE, UPDATE or DELETE`);
      }
      if (seen.has(event)) throw new Error(`"runOn" lists ${event} twice; list each event once`);
      seen.add(event);
    }
  }
  if (props.timeout?.isUnresolved()) {
    // It sets the custom resource's ServiceTimeout, which CloudFormation needs as a number.
    throw new Error('"timeout" is a token; pass a literal Duration such as Duration.minutes(30), because it also sets CloudFormation\'s ServiceTimeout at synth time');
  }
  if (props.timeout !== undefined) {
    const seconds = props.timeout.toSeconds();
    if (seconds < POLL_INTERVAL.toSeconds() * 2 || seconds > MAX_TIMEOUT_SECONDS) {
      throw new Error(
        `"timeout" is ${props.timeout.toHumanString()}; it must be between ${POLL_INTERVAL.toSeconds() * 2} seconds and 1 hour ` +
          '(CloudFormation stops waiting on a custom resource after one hour)',
      );
    }
  }
}

/**
 * Creates the custom resource on the stack's shared provider and grants its permissions.
 *
 * @internal
 */
export function createCutoverResource(scope: Construct, props: CutoverOperationProps, options: CutoverResourceOptions): CustomResource {
  const provider = CutoverProvider.getOrCreate(scope, options.network);
  const timeoutSeconds = props.timeout?.toSeconds() ?? DEFAULT_TIMEOUT_SECONDS;
  const runOn = props.runOn ?? DEFAULT_RUN_ON[options.resourceType];
  const isDefaultRunOn = runOn.length === DEFAULT_RUN_ON[options.resourceType].length && runOn.every((e) => DEFAULT_RUN_ON[options.resourceType].includes(e));
  const wait = props.waitForCompletion ?? DEFAULT_WAIT_FOR_COMPLETION;
  const resource = new CustomResource(scope, 'Resource', {
    serviceToken: provider.serviceToken,
    resourceType: options.resourceType,
    // Defaults stay out of the template: hundreds of operations would each repeat them.
    properties: {
      ...options.properties,
      ...(isDefaultRunOn ? {} : { [CommonProps.RUN_ON]: runOn }),
      ...(wait === DEFAULT_WAIT_FOR_COMPLETION ? {} : { [CommonProps.WAIT_FOR_COMPLETION]: String(wait) }),
      ...(timeoutSeconds === DEFAULT_TIMEOUT_SECONDS ? {} : { [CommonProps.TIMEOUT_SECONDS]: String(timeoutSeconds) }),
    },
    // CloudFormation gives up one poll after the operation's own deadline; the handler always
    // fails first, with a reason, so this never shows as a bare timeout.
    serviceTimeout: Duration.seconds(Math.min(MAX_TIMEOUT_SECONDS, timeoutSeconds + POLL_INTERVAL.toSeconds())),
  });
  // Delete is CloudFormation's default for a custom resource; writing it out only adds bytes.
  const cfn = resource.node.defaultChild as CfnResource;
  cfn.cfnOptions.deletionPolicy = undefined;
  cfn.cfnOptions.updateReplacePolicy = undefined;
  provider.grant(resource, options.statements, options.unscopedActions);
  return resource;
}

const DMS_TASK_ARN = /^arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:task:[A-Za-z0-9-]+$/;

/**
 * Validates a DMS replication task ARN prop (tokens pass: they are only known at deploy time).
 *
 * @internal
 */
export function validateReplicationTaskArn(arn: string | undefined): void {
  if (!isToken(arn) && !DMS_TASK_ARN.test(arn ?? '')) {
    throw new Error(
      `"replicationTaskArn" must be a DMS replication task ARN like arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP; got ${JSON.stringify(arn)}. ` +
        'Pass task.ref of a CfnReplicationTask, or the ARN shown by "aws dms describe-replication-tasks".',
    );
  }
}

/**
 * True when a string is only known at deploy time (skip literal validation for it).
 *
 * @internal
 */
export function isToken(value: string | undefined): boolean {
  return value !== undefined && Token.isUnresolved(value);
}
