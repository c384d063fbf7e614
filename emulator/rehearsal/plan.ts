import { LONG_WAIT_RESULT_TYPE, ResourceTypes } from '../../contract';
import { AssemblyStack, deploymentOrder } from './assembly';
import { nodeDependencies } from './graph';
import { resolversFor, StackResolver } from './intrinsics';
import { HandlerSetup, handlerOf } from './provider';
import { seederFor, seededTypes, Seeder } from './seeders';

/** One cdk-cutover custom resource to rehearse. */
export interface CutoverResource {
  readonly stack: AssemblyStack;
  readonly resolver: StackResolver;
  readonly logicalId: string;
  /** Its construct path inside the stack, e.g. "StopOrdersTask". */
  readonly name: string;
  readonly resourceType: string;
  readonly seeder: Seeder;
  readonly handler: HandlerSetup;
  /** Other cutover resources of the stack it depends on (CloudFormation creates them first). */
  readonly dependsOn: ReadonlySet<string>;
  /** The custom resource's ServiceTimeout, when set. */
  readonly serviceTimeoutSeconds?: number;
}

export interface StackPlan {
  readonly stack: AssemblyStack;
  readonly resolver: StackResolver;
  readonly resources: readonly CutoverResource[];
}

const CUTOVER_TYPES = new Set<string>(Object.values(ResourceTypes));

function isCutoverType(type: string): boolean {
  // A long wait's result resource only reads its step's wait condition: it is part of that step.
  if (type === LONG_WAIT_RESULT_TYPE) return false;
  return CUTOVER_TYPES.has(type) || type.startsWith('Custom::Cutover');
}

/**
 * Finds the cdk-cutover resources of the selected stacks (default: every stack that has some),
 * in deployment order. `selectors` match a stack's artifact id, display name or stack name, with
 * "*" as a wildcard.
 */
export function planRehearsal(allStacks: readonly AssemblyStack[], selectors: readonly string[] = []): StackPlan[] {
  const ordered = deploymentOrder(allStacks);
  const resolvers = resolversFor(ordered);
  const plans = ordered.map((stack) => planStack(stack, resolvers.get(stack.id)!));
  const names = ordered.map((s) => s.displayName).join(', ') || '(none)';
  if (selectors.length === 0) {
    const withResources = plans.filter((p) => p.resources.length > 0);
    if (withResources.length === 0) {
      throw new Error(`No stack of the cloud assembly has cdk-cutover resources (stacks: ${names}); there is nothing to rehearse`);
    }
    return withResources;
  }
  const selected = plans.filter((p) => selectors.some((s) => matches(s, p.stack)));
  for (const selector of selectors) {
    const hits = plans.filter((p) => matches(selector, p.stack));
    if (hits.length === 0) throw new Error(`--stack ${selector} matches no stack of the cloud assembly (stacks: ${names})`);
    if (hits.every((p) => p.resources.length === 0)) {
      throw new Error(`--stack ${selector} matches ${hits.map((p) => p.stack.displayName).join(', ')}, which has no cdk-cutover resources`);
    }
  }
  return selected.filter((p) => p.resources.length > 0);
}

function matches(selector: string, stack: AssemblyStack): boolean {
  const pattern = new RegExp(`^${selector.split('*').map(escapeRegExp).join('.*')}$`);
  return [stack.id, stack.displayName, stack.stackName].some((name) => pattern.test(name));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function planStack(stack: AssemblyStack, resolver: StackResolver): StackPlan {
  const resources = stack.template.Resources ?? {};
  const ids = Object.keys(resources).filter(
    (id) => isCutoverType(resources[id].Type) && (!resources[id].Condition || resolver.condition(resources[id].Condition!)),
  );
  const dependencies = nodeDependencies(stack.template, ids);
  return {
    stack,
    resolver,
    resources: ids.map((logicalId) => {
      const resource = resources[logicalId];
      const seeder = seederFor(resource.Type);
      if (!seeder) {
        throw new Error(
          `${logicalId} in stack ${stack.displayName} is a ${resource.Type}, which this version of the rehearsal cannot seed ` +
            `(it seeds ${seededTypes().join(', ')}); use the cdk-cutover version the app was built with`,
        );
      }
      const timeout = resolver.resolve(resource.Properties?.ServiceTimeout);
      return {
        stack,
        resolver,
        logicalId,
        name: constructName(stack, logicalId, resource.Metadata?.['aws:cdk:path']),
        resourceType: resource.Type,
        seeder,
        handler: handlerOf(resolver, logicalId),
        dependsOn: dependencies.get(logicalId)!,
        serviceTimeoutSeconds: timeout === undefined ? undefined : Number(timeout),
      };
    }),
  };
}

/** "CutoverExampleStack/StopOrdersTask/Resource/Default" → "StopOrdersTask". */
function constructName(stack: AssemblyStack, logicalId: string, path: unknown): string {
  if (typeof path !== 'string') return logicalId;
  const parts = path.split('/');
  const stackParts = stack.displayName.split('/').length;
  const inner = parts.slice(stackParts);
  while (inner.length > 1 && (inner[inner.length - 1] === 'Default' || inner[inner.length - 1] === 'Resource')) inner.pop();
  return inner.join('/') || logicalId;
}
