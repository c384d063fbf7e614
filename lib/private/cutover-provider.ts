import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Aspects, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { DEFAULT_POLL_INTERVAL_SECONDS, MAX_TIMEOUT_SECONDS, POLL_INTERVAL_ENV } from '../../contract';
import { estimatePolicyChars } from './policy-size';
import { unscopedReason } from './unscoped-actions';

/** IAM quotas that bound how many operations one provider's role can carry. */
const MANAGED_POLICY_MAX_CHARS = 6144;
// IAM allows 10 per role. A changed policy is replaced (see nameByContent), and CloudFormation
// attaches the new one before it deletes the old one, so at most half of them are used.
const MANAGED_POLICIES_PER_ROLE = 5;
// Room for the policy envelope ({"Version":…,"Statement":[…]}) and estimation slack.
const MANAGED_POLICY_BUDGET = MANAGED_POLICY_MAX_CHARS - 400;

/** The folder of the prebundled handler (built by `npm run build`, shipped in the package). */
export const HANDLER_ASSET_DIR = path.join(__dirname, '..', '..', 'assets', 'handler');

/** Seconds between isComplete polls. */
export const POLL_INTERVAL = Duration.seconds(DEFAULT_POLL_INTERVAL_SECONDS);

/** Where VPC-attached handler functions run (for operations that must reach out through a NAT). */
export interface ProviderNetwork {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

interface PackedPolicy {
  readonly policy: iam.ManagedPolicy;
  chars: number;
  /** Statements that more resources may join, by their actions. */
  readonly mergeable: Map<string, iam.PolicyStatement>;
  readonly unscopedActions: Set<string>;
}

/** Allow statements with the same actions and nothing else (no conditions) can share a resource list. */
function mergeKey(statement: iam.PolicyStatement): string {
  const plain =
    statement.effect === iam.Effect.ALLOW &&
    !statement.hasPrincipal &&
    statement.notActions.length === 0 &&
    statement.notResources.length === 0 &&
    Object.keys(statement.conditions ?? {}).length === 0;
  return plain ? [...statement.actions].sort().join(',') : '';
}

/**
 * The one custom-resource provider of a stack, shared by every cdk-cutover construct in it:
 * an onEvent and an isComplete function (one prebundled asset, one role) behind aws-cdk-lib's
 * Provider framework, which sends the CloudFormation responses and runs the polling.
 *
 * Permissions are granted per construct, scoped to that construct's target, and packed into
 * customer-managed policies on the shared role so that hundreds of constructs stay within IAM's
 * size quotas (inline policies of one role may not exceed 10,240 characters in total).
 */
export class CutoverProvider extends Construct {
  /** Returns the stack's provider, creating it on first use. */
  static getOrCreate(scope: IConstruct, network?: ProviderNetwork): CutoverProvider {
    const stack = Stack.of(scope);
    // A function has one network placement, so each distinct VPC placement gets a provider of its
    // own; the default provider keeps its id (ids are contract: a new one replaces resources).
    const id = network ? `CdkCutoverProviderVpc${networkKey(stack, network)}` : 'CdkCutoverProvider';
    return (stack.node.tryFindChild(id) as CutoverProvider | undefined) ?? new CutoverProvider(stack, id, network);
  }

  readonly serviceToken: string;
  readonly role: iam.Role;
  private readonly policies: PackedPolicy[] = [];

  private constructor(scope: Construct, id: string, network?: ProviderNetwork) {
    super(scope, id);
    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-cutover handler: runs migration operations for the custom resources of this stack',
    });
    const makeFunction = (name: string, handler: string) => {
      const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.THREE_MONTHS });
      const fn = new lambda.Function(this, name, {
        code: lambda.Code.fromAsset(HANDLER_ASSET_DIR),
        handler,
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 256,
        // Each invocation is one look at the target and at most one action, with the SDK's retries.
        timeout: Duration.minutes(3),
        role: this.role,
        logGroup,
        environment: {
          [POLL_INTERVAL_ENV]: String(POLL_INTERVAL.toSeconds()),
          POWERTOOLS_SERVICE_NAME: 'cdk-cutover',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
        description: `cdk-cutover ${handler}`,
        ...(network ? { vpc: network.vpc, vpcSubnets: network.vpcSubnets, securityGroups: network.securityGroups } : {}),
      });
      // Written by the functions themselves rather than through an AWS managed policy.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      );
      return fn;
    };

    const onEvent = makeFunction('OnEvent', 'index.onEvent');
    const isComplete = makeFunction('IsComplete', 'index.isComplete');
    if (network) this.grantNetworkInterfaces(network, [onEvent, isComplete]);

    // The framework functions get roles of our own, logging only to their log group, instead of
    // the default roles with the AWS managed AWSLambdaBasicExecutionRole policy. Two roles, as
    // aws-cdk-lib intends: one role for all three would form a dependency cycle with the waiter.
    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    const frameworkRole = (id: string, description: string) => {
      const role = new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [frameworkLogs.logGroupArn] }),
      );
      return role;
    };
    const onEventRole = frameworkRole('FrameworkOnEventRole', 'cdk-cutover: Provider framework onEvent (starts the waiter)');
    const waiterRole = frameworkRole('FrameworkWaiterRole', 'cdk-cutover: Provider framework isComplete and onTimeout (answer CloudFormation)');

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: POLL_INTERVAL,
      // A backstop only: every operation fails itself, with a reason, before its own timeout.
      totalTimeout: Duration.seconds(MAX_TIMEOUT_SECONDS + POLL_INTERVAL.toSeconds()),
      frameworkOnEventRole: onEventRole,
      frameworkCompleteAndTimeoutRole: waiterRole,
      logGroup: frameworkLogs,
    });
    this.acknowledgeFrameworkFindings(provider, [onEventRole, waiterRole], [onEvent, isComplete]);
    // Once every construct has granted what it needs, name each permissions policy by its content.
    Aspects.of(this).add({ visit: (node) => (node === this ? this.nameByContent() : undefined) });
    this.serviceToken = provider.serviceToken;
  }

  /**
   * Grants the handler `statements` for one construct, plus `unscopedActions` (actions IAM only
   * grants on "*", each documented in unscoped-actions.ts), and makes the construct depend on the one
   * policy holding them, so the permissions exist before its Create and outlive its Delete.
   */
  grant(dependent: IConstruct, statements: iam.PolicyStatement[], unscopedActions: string[] = []): void {
    dependent.node.addDependency(this.place(statements, unscopedActions));
  }

  /**
   * Puts statements into the first managed policy with room for them. Statements with the same
   * actions and no conditions share one statement with a list of resources, and the unscoped
   * actions a construct needs sit in the same policy as its scoped ones (one dependency each).
   */
  private place(statements: iam.PolicyStatement[], unscopedActions: string[]): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const unscoped = unscopedActions.length > 0 ? new iam.PolicyStatement({ actions: unscopedActions, resources: ['*'] }) : undefined;
    const wanted = unscoped ? [...statements, unscoped] : statements;
    const cost = (packed: PackedPolicy) =>
      wanted.reduce((n, statement) => {
        const existing = packed.mergeable.get(mergeKey(statement));
        if (!existing) return n + estimatePolicyChars(stack, statement.toStatementJson()) + 1;
        const added = statement.resources.filter((r) => !existing.resources.includes(r));
        return n + added.reduce((m, r) => m + estimatePolicyChars(stack, r) + 1, 0);
      }, 0);
    let packed = this.policies.find((p) => p.chars + cost(p) <= MANAGED_POLICY_BUDGET);
    if (!packed) {
      if (this.policies.length >= MANAGED_POLICIES_PER_ROLE) {
        throw new Error(
          `This stack has more cdk-cutover operations than the permissions of one handler role can hold ` +
            `(${MANAGED_POLICIES_PER_ROLE} managed policies of ${MANAGED_POLICY_MAX_CHARS} characters, half of IAM's 10 per role so that updates can replace them). Split the operations across stacks.`,
        );
      }
      const policy = new iam.ManagedPolicy(this, `Permissions${this.policies.length + 1}`, {
        roles: [this.role],
        description: "cdk-cutover: permissions scoped to the targets of this stack's operations",
      });
      packed = { policy, chars: 0, mergeable: new Map(), unscopedActions: new Set() };
      this.policies.push(packed);
    }
    packed.chars += cost(packed);
    for (const statement of wanted) {
      const key = mergeKey(statement);
      const existing = packed.mergeable.get(key);
      if (existing) {
        existing.addResources(...statement.resources.filter((r) => !existing.resources.includes(r)));
        continue;
      }
      packed.policy.addStatements(statement);
      if (key) packed.mergeable.set(key, statement);
    }
    if (unscoped) {
      unscopedActions.forEach((a) => packed!.unscopedActions.add(a));
      // One acknowledgement per policy, naming every unscoped action it holds.
      Validations.of(packed.policy).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: unscopedReason([...packed.unscopedActions]) });
    }
    return packed.policy;
  }

  /**
   * Gives each permissions policy a logical id derived from its document. When a construct is
   * removed or points at another target, its grant changes; under a stable id CloudFormation would
   * update the policy in place during the update, and the Delete it sends afterwards, in cleanup,
   * for the old target would run without permission (and cleanup failures are ignored, leaving the
   * target running). A new id makes it a new policy, created in the update, while the old one is
   * deleted in cleanup only after the custom resources that depended on it.
   */
  private nameByContent(): void {
    const stack = Stack.of(this);
    for (const { policy } of this.policies) {
      const cfn = policy.node.defaultChild as iam.CfnManagedPolicy;
      const digest = createHash('sha256').update(JSON.stringify(stack.resolve(policy.document))).digest('hex').slice(0, 8).toUpperCase();
      cfn.overrideLogicalId(`${stack.getLogicalId(cfn)}${digest}`);
    }
  }

  /**
   * What Lambda needs to manage the network interfaces of VPC-attached functions (it checks them
   * when it creates a function; aws-cdk-lib adds AWSLambdaVPCAccessExecutionRole only to roles it
   * creates). Scoped as Lambda's documentation allows: interfaces in this account and region, the
   * selected subnets and the functions' security groups; only the Describe actions need "*".
   */
  private grantNetworkInterfaces(network: ProviderNetwork, functions: lambda.Function[]): void {
    const stack = Stack.of(this);
    const arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ec2', resource, resourceName });
    const interfaces = arn('network-interface', '*');
    const subnets = network.vpc.selectSubnets(network.vpcSubnets).subnetIds.map((id) => arn('subnet', id));
    const groups = [...new Set(functions.flatMap((fn) => fn.connections.securityGroups.map((sg) => sg.securityGroupId)))].map((id) =>
      arn('security-group', id),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface'], resources: [interfaces, ...subnets, ...groups] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: [interfaces],
      }),
    );
    const describe = ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'];
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: describe, resources: ['*'] }));
    Validations.of(this.role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: unscopedReason(describe) });
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:${stack.region}:${stack.account}:network-interface/*]`,
      reason:
        'Lambda creates and deletes the network interfaces of VPC-attached functions itself, so their ids are unknown when the ' +
        'stack is deployed; Lambda documents granting DeleteNetworkInterface on all interfaces of the account and region',
    });
  }

  /**
   * Acknowledges, with their reasons, the cdk-nag findings on parts aws-cdk-lib's Provider creates
   * and does not let us configure.
   */
  private acknowledgeFrameworkFindings(provider: cr.Provider, frameworkRoles: iam.Role[], handlers: lambda.Function[]): void {
    const stack = Stack.of(this);
    const arnOf = (fn: lambda.IFunction) => `<${stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*`;
    const qualifiedInvoke =
      'Lambda authorizes invoking a function\'s versions and aliases only through the qualified ARN <function-arn>:*; ' +
      'the wildcard covers qualifiers of this one function, no other function';
    for (const role of frameworkRoles) {
      for (const fn of handlers) {
        Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${arnOf(fn)}]`, reason: qualifiedInvoke });
      }
    }
    const waiter = provider.node.findChild('waiter-state-machine');
    for (const name of ['framework-isComplete', 'framework-onTimeout']) {
      const fn = provider.node.findChild(name) as lambda.Function;
      Validations.of(waiter).acknowledge({ id: `AwsSolutions-IAM5[Resource::${arnOf(fn)}]`, reason: qualifiedInvoke });
    }
    Validations.of(waiter).acknowledge({
      id: 'AwsSolutions-SF1',
      reason:
        "aws-cdk-lib's Provider, when its waiter logs to CloudWatch, grants logs:CreateLogStream and logs:PutLogEvents on \"*\" " +
        '(not scoped to the log group), and its execution data holds the pre-signed response URL; the waiter only sleeps and ' +
        'invokes isComplete, and every isComplete call is logged by the handler, so waiter logging stays off'
    });
    Validations.of(waiter).acknowledge({
      id: 'AwsSolutions-SF2',
      reason:
        "The waiter state machine is created by aws-cdk-lib's Provider, which exposes no tracing option; it only waits and " +
        'invokes isComplete, whose every call is logged, and X-Ray would need xray:PutTraceSegments on "*" (no resource-level permissions)',
    });
  }
}

/** A short stable key of a network placement: the VPC, the selected subnets and the security groups. */
function networkKey(stack: Stack, network: ProviderNetwork): string {
  const placement = stack.resolve({
    vpc: network.vpc.vpcId,
    subnets: network.vpc.selectSubnets(network.vpcSubnets).subnetIds,
    securityGroups: (network.securityGroups ?? []).map((sg) => sg.securityGroupId),
  });
  return createHash('sha256').update(JSON.stringify(placement)).digest('hex').slice(0, 8);
}
