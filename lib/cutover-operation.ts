import { CfnResource, CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
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
import { CutoverProvider } from './cutover-provider';
import { DEFAULT_QUERY_INTERVAL } from './private/provider-settings';
import { ProviderNetwork } from './private/vpc-access';

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
   * At most 1 hour: CloudFormation stops waiting on a custom resource after that.
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

/** What a construct hands to {@link createCutoverResource}. */
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

/** Validates the common props; call it in the constructor before creating children. */
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
  const poll = (props.provider?.queryInterval ?? DEFAULT_QUERY_INTERVAL).toSeconds();
  const seconds = props.timeout?.toSeconds() ?? DEFAULT_TIMEOUT_SECONDS;
  if (seconds < poll * 2 || seconds > MAX_TIMEOUT_SECONDS) {
    const given = props.timeout ? `"timeout" is ${props.timeout.toHumanString()}` : `the default "timeout" of ${DEFAULT_TIMEOUT_SECONDS / 60} minutes`;
    throw new Error(
      `${given}; it must be between ${poll * 2} seconds and 1 hour ` +
        '(CloudFormation stops waiting on a custom resource after one hour' +
        (seconds < poll * 2 ? `, and the operation must span two polls of its provider's "queryInterval" of ${poll} seconds)` : ')') +
        (seconds < poll * 2 && props.provider ? '; set a longer "timeout" or a shorter "queryInterval"' : ''),
    );
  }
}

/** The construct's provider: the one given, or the stack's shared one (of its VPC placement). */
function providerFor(scope: Construct, props: CutoverOperationProps, network: ProviderNetwork | undefined): CutoverProvider {
  if (!props.provider) return CutoverProvider._getOrCreate(scope, network);
  if (network) {
    throw new Error('"vpc" and "provider" cannot both be set; place the provider in the VPC instead: new CutoverProvider(stack, \'Vpc\', { vpc })');
  }
  if (Stack.of(props.provider) !== Stack.of(scope)) {
    throw new Error(
      `"provider" ${props.provider.node.path} is in another stack than ${scope.node.path}; its permission policies must live and change ` +
        'with the operations that need them, so create a CutoverProvider in the same stack',
    );
  }
  return props.provider;
}

/** Creates the custom resource on the stack's shared provider and grants its permissions. */
export function createCutoverResource(scope: Construct, props: CutoverOperationProps, options: CutoverResourceOptions): CustomResource {
  const provider = providerFor(scope, props, options.network);
  const poll = provider.queryInterval.toSeconds();
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
    serviceTimeout: Duration.seconds(Math.min(MAX_TIMEOUT_SECONDS, timeoutSeconds + poll)),
  });
  // Delete is CloudFormation's default for a custom resource; writing it out only adds bytes.
  const cfn = resource.node.defaultChild as CfnResource;
  cfn.cfnOptions.deletionPolicy = undefined;
  cfn.cfnOptions.updateReplacePolicy = undefined;
  provider._grant(resource, options.statements, options.unscopedActions);
  return resource;
}

const DMS_TASK_ARN = /^arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:task:[A-Za-z0-9-]+$/;

/** Validates a DMS replication task ARN prop (tokens pass: they are only known at deploy time). */
export function validateReplicationTaskArn(arn: string | undefined): void {
  if (!isToken(arn) && !DMS_TASK_ARN.test(arn ?? '')) {
    throw new Error(
      `"replicationTaskArn" must be a DMS replication task ARN like arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP; got ${JSON.stringify(arn)}. ` +
        'Pass task.ref of a CfnReplicationTask, or the ARN shown by "aws dms describe-replication-tasks".',
    );
  }
}

/** True when a string is only known at deploy time (skip literal validation for it). */
export function isToken(value: string | undefined): boolean {
  return value !== undefined && Token.isUnresolved(value);
}
