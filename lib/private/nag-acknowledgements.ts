import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';
import { unscopedReason } from './unscoped-actions';

/**
 * Every cdk-nag (AwsSolutions) acknowledgement the library makes, each with its reason. A reason
 * names a limitation outside our control that AWS or aws-cdk-lib documents (test/nag checks this):
 * the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
 * Lambda's execution-role guide for VPC access
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions),
 * or what aws-cdk-lib's Provider creates without letting us configure it.
 */

/** The form cdk-nag gives a resource in finding ids: tokens rendered as <Ref> / <LogicalId.Attr>. */
export function nagResource(stack: Stack, value: string): string {
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Record<string, unknown>;
    if (o.Ref) return `<${String(o.Ref)}>`;
    if (o['Fn::GetAtt']) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
    if (o['Fn::Join']) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
    return JSON.stringify(v);
  };
  return render(stack.resolve(value));
}

/** Acknowledges AwsSolutions-IAM5 (a wildcard resource) for `resource` on `scope`. */
function acknowledgeWildcard(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${nagResource(Stack.of(scope), resource)}]`, reason });
}

/** Actions IAM only grants on "*"; the reasons come from the table in unscoped-actions.ts. */
export function acknowledgeUnscopedActions(scope: IConstruct, actions: readonly string[]): void {
  acknowledgeWildcard(scope, '*', unscopedReason(actions));
}

/** The account's and region's network interfaces, which Lambda manages for VPC-attached functions. */
export function acknowledgeNetworkInterfaces(scope: IConstruct, interfacesArn: string): void {
  acknowledgeWildcard(
    scope,
    interfacesArn,
    'Lambda creates and deletes the network interfaces of VPC-attached functions itself, so their ids are unknown when the ' +
      'stack is deployed; Lambda documents granting DeleteNetworkInterface on all interfaces of the account and region',
  );
}

/** The run ARN pattern of DMS assessment runs, on the handler policies that hold it. */
export function acknowledgeRunPattern(resource: IConstruct, pattern: string): void {
  const reason =
    'Assessment runs get service-generated IDs when DMS starts them, so no run ARN exists at synth time; the pattern is the ' +
    'ReplicationTaskAssessmentRun resource type the Service Authorization Reference defines, limited to this account and region';
  for (const policy of resource.node.dependencies.filter((d) => d instanceof iam.ManagedPolicy)) acknowledgeWildcard(policy, pattern, reason);
}

/** The report objects under the result folder, on the DMS assessment service role's policy. */
export function acknowledgeReportObjects(role: iam.IRole, objects: string): void {
  const policy = role.node.tryFindChild('DefaultPolicy') ?? role.node.tryFindChild('Policy');
  if (!policy) return;
  acknowledgeWildcard(
    policy,
    objects,
    'DMS chooses the names of the assessment report objects it writes under the result folder (AWS documents only the bucket and folder), ' +
      "so the write grant covers that folder's objects",
  );
}

/** A nested stack's grant to read its root stack's status: the root's name is known, its GUID is not. */
export function acknowledgeRootStackArn(scope: IConstruct, rootArn: string): void {
  acknowledgeWildcard(
    scope,
    rootArn,
    'AWS documents a stack ARN as arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<guid>, the GUID assigned when the ' +
      'root stack is created, so a nested stack knows only its root\'s name at synth; the grant covers DescribeStacks on stacks of that one name',
  );
}

/** The findings on parts aws-cdk-lib's Provider creates and does not let us configure. */
export function acknowledgeFrameworkFindings(provider: cr.Provider, frameworkRoles: iam.IRole[], handlers: lambda.IFunction[]): void {
  const qualifiedArn = (fn: lambda.IFunction) => `${fn.functionArn}:*`;
  const qualifiedInvoke =
    "Lambda authorizes invoking a function's versions and aliases only through the qualified ARN <function-arn>:*; " +
    'the wildcard covers qualifiers of this one function, no other function';
  for (const role of frameworkRoles) for (const fn of handlers) acknowledgeWildcard(role, qualifiedArn(fn), qualifiedInvoke);
  const waiter = provider.node.findChild('waiter-state-machine');
  for (const name of ['framework-isComplete', 'framework-onTimeout']) {
    acknowledgeWildcard(waiter, qualifiedArn(provider.node.findChild(name) as lambda.Function), qualifiedInvoke);
  }
  Validations.of(waiter).acknowledge({
    id: 'AwsSolutions-SF1',
    reason:
      "aws-cdk-lib's Provider, when its waiter logs to CloudWatch, grants logs:CreateLogStream and logs:PutLogEvents on \"*\" " +
      '(not scoped to the log group), and its execution data holds the pre-signed response URL; the waiter only sleeps and ' +
      'invokes isComplete, and every isComplete call is logged by the handler, so waiter logging stays off',
  });
  Validations.of(waiter).acknowledge({
    id: 'AwsSolutions-SF2',
    reason:
      "The waiter state machine is created by aws-cdk-lib's Provider, which exposes no tracing option; it only waits and " +
      'invokes isComplete, whose every call is logged, and X-Ray would need xray:PutTraceSegments on "*" (no resource-level permissions)',
  });
}
