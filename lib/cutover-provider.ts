import * as path from 'node:path';
import { Annotations, ArnFormat, Aspects, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { POLL_INTERVAL_ENV } from '../contract';
import { acknowledgeFrameworkFindings, acknowledgeRootStackArn } from './private/nag-acknowledgements';
import { PolicyPacker } from './private/policy-packing';
import { isImmutableRole, trustedServices, trustsService } from './private/trust-check';
import {
  DEFAULT_LOG_RETENTION,
  DEFAULT_MEMORY_SIZE,
  DEFAULT_QUERY_INTERVAL,
  differingSettings,
  frameworkTotalTimeout,
  validateProviderSettings,
} from './private/provider-settings';
import { grantNetworkInterfaces, networkKey, ProviderNetwork } from './private/vpc-access';
import { createLongWaiter, LongWaiter } from './private/long-waiter';
import type { CutoverProviderProps } from './cutover-provider-props';

/** The folder of the prebundled handler (built by `npm run build`, shipped in the package). */
const HANDLER_ASSET_DIR = path.join(__dirname, '..', 'assets', 'handler');
/** The construct id of a stack's shared provider: contract, a new id would replace its resources. */
const SHARED_ID = 'CdkCutoverProvider';

/**
 * The custom-resource provider that runs cdk-cutover operations: an onEvent and an isComplete
 * function (one prebundled asset, one role) behind aws-cdk-lib's Provider framework, which sends the
 * CloudFormation responses and runs the polling.
 *
 * Every construct uses the stack's shared provider unless given one. Create one to set
 * memory, logging, VPC placement, the role or the poll interval.
 * Permissions are granted per construct, scoped to that construct's target, and packed into
 * customer-managed policies on the handler role.
 *
 * @example
 * declare const vpc: ec2.IVpc;
 * const provider = new CutoverProvider(this, 'InVpc', { vpc });
 * new DmsStopReplicationTask(this, 'StopInVpc', { replicationTaskArn: 'arn:aws:dms:eu-west-1:123456789012:task:ORDERS', provider });
 */
export class CutoverProvider extends Construct {
  /**
   * The stack's shared provider (or the shared one of a VPC placement), created on first use.
   *
   * @internal
   */
  static _getOrCreate(scope: IConstruct, network?: ProviderNetwork): CutoverProvider {
    const stack = Stack.of(scope);
    // A function has one network placement, so each distinct VPC placement gets a provider of its
    // own; the default provider keeps its id (ids are contract: a new one replaces resources).
    const id = network ? `${SHARED_ID}Vpc${networkKey(stack, network)}` : SHARED_ID;
    const existing = stack.node.tryFindChild(id);
    if (existing === undefined) return new CutoverProvider(stack, id, network ?? {});
    if (!(existing instanceof CutoverProvider)) {
      throw new Error(`The id "${id}" at the root of stack ${stack.stackName} is reserved for cdk-cutover's shared provider; give your construct another id`);
    }
    const differing = differingSettings(stack, existing.settings, network ?? {});
    if (differing.length > 0) {
      throw new Error(
        `The CutoverProvider "${id}" of stack ${stack.stackName} is the one shared by constructs without "provider", but it was created with other settings ` +
          `(${differing.map((p) => `"${p}"`).join(', ')}); pass it as "provider" to the constructs that need those settings and give it another id`,
      );
    }
    return existing;
  }

  /** The token CloudFormation custom resources use to reach this provider. */
  readonly serviceToken: string;
  /** The execution role of the handler functions. */
  readonly role: iam.IRole;
  /** How often operations on this provider look at their targets while they wait. */
  readonly queryInterval: Duration;
  private readonly settings: CutoverProviderProps;
  private readonly packer: PolicyPacker;
  /** Adds a statement the handler needs for itself (its own role inline, or the user role's policy). */
  private readonly grantHandler: (statement: iam.PolicyStatement) => void;
  private stackStatusGranted = false;
  /** Makes a handler function of the provider's asset, role, settings and network placement. */
  private readonly makeHandlerFunction: (name: string, handler: string) => lambda.Function;
  private longWaiter?: LongWaiter;

  constructor(scope: Construct, id: string, props: CutoverProviderProps = {}) {
    super(scope, id);
    validateProviderSettings(props);
    this.settings = props;
    this.queryInterval = props.queryInterval ?? DEFAULT_QUERY_INTERVAL;
    const logProps = { retention: props.logRetention ?? DEFAULT_LOG_RETENTION, removalPolicy: props.logRemovalPolicy };

    if (props.role && trustsService(props.role, 'lambda.amazonaws.com') === false) {
      throw new Error(
        `"role" ${props.role.node.path} does not trust lambda.amazonaws.com (it trusts ${trustedServices(props.role)}), so the handler ` +
          "functions could not run as it; create it with assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com')",
      );
    }
    const ownRole = props.role
      ? undefined
      : new iam.Role(this, 'HandlerRole', {
          assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
          description: 'cdk-cutover handler: runs migration operations for the custom resources of this stack',
        });
    this.role = props.role ?? ownRole!;
    // Our own role keeps its grants inline as it always has; a role the user brings (possibly
    // imported and immutable) gets them from a managed policy that attaches itself to the role.
    let userRolePolicy: iam.ManagedPolicy | undefined;
    // An immutable role is left alone, as CDK leaves it: the synth lists what to add to it instead.
    const immutable = isImmutableRole(props.role);
    const handlerStatements: iam.PolicyStatement[] = [];
    const grantHandler = (this.grantHandler = (statement: iam.PolicyStatement) => {
      if (ownRole) {
        ownRole.addToPrincipalPolicy(statement);
        return;
      }
      if (immutable) {
        handlerStatements.push(statement);
        return;
      }
      userRolePolicy ??= new iam.ManagedPolicy(this, 'HandlerPermissions', {
        roles: [this.role],
        description: 'cdk-cutover: what the handler functions of this provider need for themselves (logs, network interfaces)',
      });
      userRolePolicy.addStatements(statement);
    });

    const makeFunction = (name: string, handler: string, securityGroups = props.securityGroups) => {
      const logGroup = new logs.LogGroup(this, `${name}Logs`, logProps);
      const fn = new lambda.Function(this, name, {
        code: lambda.Code.fromAsset(HANDLER_ASSET_DIR),
        handler,
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: props.memorySize ?? DEFAULT_MEMORY_SIZE,
        // Each invocation is one look at the target and at most one action, with the SDK's retries.
        timeout: Duration.minutes(3),
        role: this.role,
        logGroup,
        environment: {
          [POLL_INTERVAL_ENV]: String(this.queryInterval.toSeconds()),
          POWERTOOLS_SERVICE_NAME: 'cdk-cutover',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
        description: `cdk-cutover ${handler}`,
        ...(props.vpc ? { vpc: props.vpc, vpcSubnets: props.vpcSubnets, securityGroups } : {}),
      });
      // Written by the functions themselves rather than through an AWS managed policy.
      grantHandler(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
      return fn;
    };
    const handlers = [makeFunction('OnEvent', 'index.onEvent'), makeFunction('IsComplete', 'index.isComplete')];
    if (props.vpc) {
      grantNetworkInterfaces(grantHandler, () => userRolePolicy ?? this.role, { vpc: props.vpc, vpcSubnets: props.vpcSubnets, securityGroups: props.securityGroups }, handlers);
    }
    // Lambda checks the network-interface permissions when it creates a VPC-attached function. Only
    // the function itself waits: its security group is named in the policy.
    if (userRolePolicy) handlers.forEach((fn) => fn.node.defaultChild!.node.addDependency(userRolePolicy!));
    this.makeHandlerFunction = (name, handler) => {
      // In a VPC it shares isComplete's security groups, which the network-interface grants name.
      const fn = makeFunction(name, handler, props.vpc ? handlers[1].connections.securityGroups : undefined);
      if (userRolePolicy) fn.node.defaultChild!.node.addDependency(userRolePolicy);
      return fn;
    };

    // The framework functions get roles of our own, logging only to their log group, instead of
    // the default roles with the AWS managed AWSLambdaBasicExecutionRole policy. Two roles, as
    // aws-cdk-lib intends: one role for all three would form a dependency cycle with the waiter.
    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', logProps);
    const frameworkRole = (roleId: string, description: string) => {
      const role = new iam.Role(this, roleId, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [frameworkLogs.logGroupArn] }),
      );
      return role;
    };
    const onEventRole = frameworkRole('FrameworkOnEventRole', 'cdk-cutover: Provider framework onEvent (starts the waiter)');
    const waiterRole = frameworkRole('FrameworkWaiterRole', 'cdk-cutover: Provider framework isComplete and onTimeout (answer CloudFormation)');

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handlers[0],
      isCompleteHandler: handlers[1],
      queryInterval: this.queryInterval,
      // A backstop only: every operation fails itself, with a reason, before its own timeout.
      totalTimeout: frameworkTotalTimeout(this.queryInterval),
      frameworkOnEventRole: onEventRole,
      frameworkCompleteAndTimeoutRole: waiterRole,
      logGroup: frameworkLogs,
    });
    acknowledgeFrameworkFindings(provider, [onEventRole, waiterRole], handlers);
    this.packer = new PolicyPacker(this, this.role, immutable);
    // Once every construct has granted what it needs, name each permissions policy by its content.
    Aspects.of(this).add({
      visit: (node) => {
        if (node !== this) return;
        this.packer.nameByContent();
        if (immutable) annotateUnattached(this, this.role, [...handlerStatements, ...this.packer.unattached]);
      },
    });
    this.serviceToken = provider.serviceToken;
  }

  /**
   * Grants the handler `statements` for one construct, plus `unscopedActions` (actions IAM only
   * grants on "*", each documented in private/unscoped-actions.ts), and makes the construct depend on
   * the one policy holding them, so the permissions exist before its Create and outlive its Delete.
   *
   * @internal
   */
  _grant(dependent: IConstruct, statements: iam.PolicyStatement[], unscopedActions: string[] = []): void {
    const policy = this.packer.place(statements, unscopedActions);
    if (policy) dependent.node.addDependency(policy);
  }

  /**
   * The waiter of the operations on this provider that wait beyond one hour, created on first use:
   * a Step Functions standard workflow that loops Wait → Look (the handler's `waitStep`).
   *
   * @internal
   */
  _longWaiter(): LongWaiter {
    this.longWaiter ??= createLongWaiter(this, {
      makeFunction: this.makeHandlerFunction,
      logRetention: this.settings.logRetention,
      logRemovalPolicy: this.settings.logRemovalPolicy,
      vpc: this.settings.vpc,
    });
    return this.longWaiter;
  }

  /**
   * Lets the handler read the status of its own stack (and of the root stack when nested), which
   * tells a teardown's Delete from a rollback's. Granted once per provider, on the first teardown
   * operation, with the handler's own permissions: the functions depend on them, so they exist
   * before any custom resource and outlive its Delete.
   *
   * @internal
   */
  _grantStackStatusRead(): void {
    if (this.stackStatusGranted) return;
    this.stackStatusGranted = true;
    const stack = Stack.of(this);
    const resources = [stack.stackId];
    let root = stack;
    while (root.nestedStackParent) root = root.nestedStackParent;
    if (root !== stack) {
      // The root's ARN ends in a GUID CloudFormation assigns when it creates that stack; only its name is known here.
      const rootArn = root.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${root.stackName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
      resources.push(rootArn);
      acknowledgeRootStackArn(this, rootArn);
    }
    this.grantHandler(new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources }));
  }
}

/**
 * Tells the user what an immutable role needs: a warning at synth with the policy document to add
 * to it (tokens shown as CloudFormation intrinsics), since nothing was attached.
 */
function annotateUnattached(provider: Construct, role: iam.IRole, statements: iam.PolicyStatement[]): void {
  if (statements.length === 0) return;
  const document = new iam.PolicyDocument({ statements, minimize: false });
  const json = JSON.stringify(Stack.of(provider).resolve(document.toJSON()));
  Annotations.of(provider).addWarningV2(
    'cdk-cutover:immutable-role',
    `"role" ${Token.isUnresolved(role.roleArn) ? role.node.path : role.roleArn} was imported with mutable: false, so cdk-cutover attached no policy to it; ` +
      `add these statements to it yourself before deploying, or the operations fail with AccessDenied: ${json}`,
  );
}
