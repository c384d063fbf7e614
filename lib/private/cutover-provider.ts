import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { DEFAULT_POLL_INTERVAL_SECONDS, MAX_TIMEOUT_SECONDS, POLL_INTERVAL_ENV } from '../contract';
import { estimatePolicyChars } from './policy-size';

/** IAM quotas that bound how many operations one provider's role can carry. */
const MANAGED_POLICY_MAX_CHARS = 6144;
const MANAGED_POLICIES_PER_ROLE = 10;
// Room for the policy envelope ({"Version":…,"Statement":[…]}) and estimation slack.
const MANAGED_POLICY_BUDGET = MANAGED_POLICY_MAX_CHARS - 400;

/** The folder of the prebundled handler (built by `npm run build`, shipped in the package). */
export const HANDLER_ASSET_DIR = path.join(__dirname, '..', '..', 'assets', 'handler');

/** Seconds between isComplete polls. */
export const POLL_INTERVAL = Duration.seconds(DEFAULT_POLL_INTERVAL_SECONDS);

interface PackedPolicy {
  readonly policy: iam.ManagedPolicy;
  chars: number;
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
  static getOrCreate(scope: IConstruct): CutoverProvider {
    const stack = Stack.of(scope);
    const id = 'CdkCutoverProvider';
    return (stack.node.tryFindChild(id) as CutoverProvider | undefined) ?? new CutoverProvider(stack, id);
  }

  readonly serviceToken: string;
  readonly role: iam.Role;
  private readonly policies: PackedPolicy[] = [];
  private readonly sharedActions = new Map<string, iam.ManagedPolicy>();

  private constructor(scope: Construct, id: string) {
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

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: makeFunction('OnEvent', 'index.onEvent'),
      isCompleteHandler: makeFunction('IsComplete', 'index.isComplete'),
      queryInterval: POLL_INTERVAL,
      // A backstop only: every operation fails itself, with a reason, before its own timeout.
      totalTimeout: Duration.seconds(MAX_TIMEOUT_SECONDS + POLL_INTERVAL.toSeconds()),
    });
    this.serviceToken = provider.serviceToken;
  }

  /**
   * Grants the handler `statements` for one construct and makes that construct depend on the
   * policy holding them, so the permissions exist before Create and outlive its Delete.
   */
  grant(dependent: IConstruct, statements: iam.PolicyStatement[]): void {
    dependent.node.addDependency(this.place(statements));
  }

  /**
   * Grants actions that have no resource-level permissions (IAM only accepts "*" for them), once
   * per stack, and makes `dependent` depend on the policy holding them.
   */
  grantUnscoped(dependent: IConstruct, actions: string[]): void {
    const key = [...actions].sort().join(',');
    let policy = this.sharedActions.get(key);
    if (!policy) {
      policy = this.place([new iam.PolicyStatement({ actions, resources: ['*'] })]);
      this.sharedActions.set(key, policy);
    }
    dependent.node.addDependency(policy);
  }

  /** Puts statements into the first managed policy with room for them. */
  private place(statements: iam.PolicyStatement[]): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const chars = statements.reduce((n, s) => n + estimatePolicyChars(stack, s.toStatementJson()) + 1, 0);
    let packed = this.policies.find((p) => p.chars + chars <= MANAGED_POLICY_BUDGET);
    if (!packed) {
      if (this.policies.length >= MANAGED_POLICIES_PER_ROLE) {
        throw new Error(
          `This stack has more cdk-cutover operations than the permissions of one handler role can hold ` +
            `(${MANAGED_POLICIES_PER_ROLE} managed policies of ${MANAGED_POLICY_MAX_CHARS} characters). Split the operations across stacks.`,
        );
      }
      const policy = new iam.ManagedPolicy(this, `Permissions${this.policies.length + 1}`, {
        roles: [this.role],
        description: "cdk-cutover: permissions scoped to the targets of this stack's operations",
      });
      packed = { policy, chars: 0 };
      this.policies.push(packed);
    }
    for (const statement of statements) packed.policy.addStatements(statement);
    packed.chars += chars;
    return packed.policy;
  }
}
