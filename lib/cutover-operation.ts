import { CfnResource, CustomResource, Duration, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  CommonAttributes,
  DEFAULT_RUN_ON,
  DEFAULT_TIMEOUT_SECONDS,
  encodeCommonProperties,
  LifecycleEvent,
  MAX_TIMEOUT_SECONDS,
  ResourceType,
} from '../contract';
import type { CutoverOperationProps, TeardownOperationProps } from './cutover-operation-props';
import { providerFor, validateCommonProps, validateTimeout } from './private/operation-rules';
import { DEFAULT_QUERY_INTERVAL } from './private/provider-settings';
import { assumeRoleStatement, encodeTarget, TargetSpec } from './private/target-location';
import { claimTarget } from './private/target-claims';
import { undoOnRollbackEnabled, UndoSpec } from './private/undo-settings';
import { LongWaitWiring } from './private/long-wait';
import { ProviderNetwork } from './private/vpc-access';

/**
 * What a construct hands to the base class to create its custom resource.
 *
 * @internal
 */
export interface CutoverResourceSpec {
  /** Also selects the default runOn (the contract's defaults table). */
  readonly resourceType: ResourceType;
  /** The operation's wire properties, as the contract's `encode` returns them. */
  readonly properties: Record<string, unknown>;
  /** Permissions scoped to this construct's target. */
  readonly statements: iam.PolicyStatement[];
  /** Actions without resource-level permissions, granted on "*" (documented per construct). */
  readonly unscopedActions?: string[];
  /** Runs this resource's handler in a VPC (a provider of its own per placement). */
  readonly network?: ProviderNetwork;
  /**
   * Where an AWS target lives (its ARN, or region) and the role that reaches it. With a role, the
   * statements and unscoped actions are replaced by sts:AssumeRole on that role.
   */
  readonly target?: TargetSpec;
  /**
   * The operation tears down an external target on Delete: its handler reads the stack status to
   * tell a teardown from a rollback, and the construct's props are TeardownOperationProps.
   */
  readonly teardown?: boolean;
  /**
   * The handler reads the stack's status on every event in runOn (to tell a rollback from a forward
   * change), so the provider grants cloudformation:DescribeStacks once, as for a teardown.
   */
  readonly readsStackStatus?: boolean;
  /**
   * The prop that names the target and its value (several props joined for a composite id, and
   * the region where the id alone does not say it): the same operation twice on one literal
   * target with overlapping runOn is refused at synth.
   */
  readonly identity: { readonly prop: string; readonly value: string };
  /** A step a rollback can reverse (undoOnRollback): the permissions of its inverse. Absent: the prop is refused. */
  readonly undo?: UndoSpec;
}

/**
 * True when a value is only known at deploy time: the contract's rules skip it at synth.
 *
 * @internal
 */
export const isUnresolved = (value: unknown): boolean => Token.isUnresolved(value);

/**
 * The shape every cdk-cutover construct shares: it validates the common props, creates the one
 * custom resource (construct id `Resource`) on its provider (by default the stack's shared one), grants the
 * target-scoped permissions and exposes the common attributes. A subclass holds only its
 * target-specific props, grants and attributes.
 */
export abstract class CutoverOperation extends Construct {
  /**
   * Runs `steps` one after the other: each is created (and updated) only once the one before it
   * succeeded, and deleted before it. `CutoverOperation.sequence(gate, stopTask, stopCache)` is
   * `gate.next(stopTask).next(stopCache)`.
   */
  static sequence(...steps: CutoverOperation[]): void {
    if (steps.length < 2) {
      throw new Error(`CutoverOperation.sequence() orders steps after each other and got ${steps.length}; pass at least two steps, e.g. sequence(gate, stop)`);
    }
    steps.reduce((previous, step) => previous.next(step));
  }

  private readonly commonProps: CutoverOperationProps;
  /** The operations this one was ordered after with next(), to refuse a cycle. */
  private readonly predecessors: CutoverOperation[] = [];
  private cutoverResource?: CustomResource;
  /** Beyond one hour: the resource that reads the step's attributes from its wait condition. */
  private longWaitResult?: CustomResource;

  protected constructor(scope: Construct, id: string, props: CutoverOperationProps) {
    super(scope, id);
    validateCommonProps(props);
    this.commonProps = props;
  }

  /**
   * Declares that `step` runs only after this operation succeeded: CloudFormation creates and
   * updates `step` after this one, so a gate that fails holds it back, and deletes it before this
   * one. Returns `step`, so steps chain in order: `gate.next(stopTask).next(stopCache)`.
   */
  next(step: CutoverOperation): CutoverOperation {
    if (step === this) throw new Error(`${this.node.path} cannot run after itself; pass "next" another operation`);
    if (step.runsBefore(this)) {
      throw new Error(
        `${this.node.path}.next(${step.node.path}) would make a cycle: ${this.node.path} already runs after ${step.node.path} ` +
          '(through next() or sequence()), so neither could ever start; remove one of the two next() calls',
      );
    }
    step.node.addDependency(this);
    step.predecessors.push(this);
    return step;
  }

  /** True when `other` runs after this operation, directly or through other steps. */
  private runsBefore(other: CutoverOperation): boolean {
    const seen = new Set<CutoverOperation>();
    const pending = [...other.predecessors];
    while (pending.length > 0) {
      const step = pending.pop()!;
      if (step === this) return true;
      if (seen.has(step)) continue;
      seen.add(step);
      pending.push(...step.predecessors);
    }
    return false;
  }

  /** The target's status when the operation finished, or `NOT_FOUND` (empty when skipped). */
  get status(): string {
    return this.attribute(CommonAttributes.STATUS);
  }

  /** What the handler did: DONE, ISSUED, NOTHING_TO_DO, NOT_FOUND or SKIPPED. */
  get outcome(): string {
    return this.attribute(CommonAttributes.OUTCOME);
  }

  /**
   * Why the handler did what it did when that needs saying: a rollback's Delete that left the
   * target as it was, a gate's run let through (warnings, or a gate told not to fail the deployment); empty otherwise.
   */
  get note(): string {
    return this.attribute(CommonAttributes.NOTE);
  }

  /** Epoch milliseconds at which the last run of the operation started. */
  get startedAt(): string {
    return this.attribute(CommonAttributes.STARTED_AT);
  }

  /**
   * Creates the custom resource on the construct's provider and grants its permissions. Call
   * it once, after validating the target-specific props.
   *
   * @internal
   */
  protected _createResource(spec: CutoverResourceSpec): CustomResource {
    if (this.cutoverResource) throw new Error(`${this.node.path} already created its custom resource`);
    const provider = providerFor(this, this.commonProps.provider, spec.network);
    const runOnRollback = spec.teardown ? (this.commonProps as TeardownOperationProps).runOnRollback : undefined;
    const runOn = this.commonProps.runOn ?? DEFAULT_RUN_ON[spec.resourceType];
    if (runOnRollback && !runOn.includes(LifecycleEvent.DELETE)) {
      throw new Error('"runOnRollback" is true but "runOn" does not include LifecycleEvent.DELETE; add DELETE to "runOn", or remove "runOnRollback"');
    }
    const undoOnRollback = undoOnRollbackEnabled({
      construct: this.constructor.name,
      undoOnRollback: (this.commonProps as { readonly undoOnRollback?: unknown }).undoOnRollback,
      spec: spec.undo,
      runOn,
      runOnRollback,
    });
    validateTimeout(this.commonProps, { resourceType: spec.resourceType, runOn, waitForCompletion: this.commonProps.waitForCompletion, undoOnRollback });
    claimTarget(this, spec.resourceType, spec.identity, runOn);
    const common = encodeCommonProperties(spec.resourceType, {
      runOn: this.commonProps.runOn,
      waitForCompletion: this.commonProps.waitForCompletion,
      timeoutSeconds: this.commonProps.timeout?.toSeconds(),
      runOnRollback,
      undoOnRollback,
    });
    const location = spec.target ? encodeTarget(this, spec.target) : {};
    const properties = { ...spec.properties, ...location, ...common.properties };
    // Beyond an hour the step waits through a wait condition (issue 22, lib/private/long-wait.ts).
    const longWait = common.timeoutSeconds > MAX_TIMEOUT_SECONDS ? new LongWaitWiring(this, provider, properties, common.timeoutSeconds) : undefined;
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: spec.resourceType,
      // Defaults stay out of the template (encodeCommonProperties): hundreds of operations would each repeat them.
      properties: { ...properties, ...longWait?.properties },
      // CloudFormation gives up one poll after the operation's own deadline; the handler always
      // fails first, with a reason, so this never shows as a bare timeout.
      serviceTimeout: Duration.seconds(Math.min(MAX_TIMEOUT_SECONDS, common.timeoutSeconds + provider.queryInterval.toSeconds())),
    });
    // Delete is CloudFormation's default for a custom resource; writing it out only adds bytes.
    const cfn = resource.node.defaultChild as CfnResource;
    cfn.cfnOptions.deletionPolicy = undefined;
    cfn.cfnOptions.updateReplacePolicy = undefined;
    const role = spec.target?.assumedRoleArn;
    // Through an assumed role the service permissions are the role's, in the target's account.
    if (role !== undefined) provider._grant(resource, [assumeRoleStatement(role)]);
    else provider._grant(resource, [...spec.statements, ...(undoOnRollback ? spec.undo!.statements : [])], spec.unscopedActions);
    // With runOnRollback every Delete acts, so the handler never reads the stack status (in this
    // stack, with the handler's own role: the assumed role is only for the target); undoOnRollback and the pause read it.
    if ((spec.teardown && !runOnRollback) || undoOnRollback || spec.readsStackStatus) provider._grantStackStatusRead();
    this.longWaitResult = longWait?.attach(resource);
    this.cutoverResource = resource;
    return resource;
  }

  /**
   * The effective timeout and the provider's poll interval, in seconds (for a subclass's own rules).
   *
   * @internal
   */
  protected _timing(): { timeoutSeconds: number; pollIntervalSeconds: number } {
    return {
      timeoutSeconds: this.commonProps.timeout?.toSeconds() ?? DEFAULT_TIMEOUT_SECONDS,
      pollIntervalSeconds: (this.commonProps.provider?.queryInterval ?? DEFAULT_QUERY_INTERVAL).toSeconds(),
    };
  }

  /**
   * An attribute of the step, as a token (for a subclass's own attributes): the custom resource's,
   * or beyond one hour its result resource's, which reads them from the wait condition's signal.
   */
  protected attribute(name: string): string {
    if (!this.cutoverResource) throw new Error(`${this.node.path} has not created its custom resource yet`);
    return (this.longWaitResult ?? this.cutoverResource).getAttString(name);
  }
}
