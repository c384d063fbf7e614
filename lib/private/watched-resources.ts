import { createHash } from 'node:crypto';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ResourceTypes } from '../../contract';

const CUTOVER_TYPES = new Set<string>(Object.values(ResourceTypes));

/**
 * The CloudFormation resources of a `watch` list: each entry is a CfnResource, or a construct whose
 * default child is one (an L2). Refuses an empty list, a construct without a resource, a resource of
 * another stack (a dependency across stacks cannot order one update), a cdk-cutover resource, and
 * one listed twice, naming the prop and what to do.
 */
export function watchedResources(scope: IConstruct, watch: readonly IConstruct[]): CfnResource[] {
  if (!Array.isArray(watch) || watch.length === 0) {
    throw new Error('"watch" is empty; list the resources that must change only while replication is stopped, e.g. watch: [sourceEndpoint, task]');
  }
  const stack = Stack.of(scope);
  const seen = new Set<CfnResource>();
  return watch.map((entry, i) => {
    const resource = cfnResourceOf(entry);
    if (!resource) {
      throw new Error(
        `"watch"[${i}] (${entry?.node?.path ?? String(entry)}) is not a CloudFormation resource; pass a CfnResource (e.g. a CfnEndpoint), or a construct whose node.defaultChild is one`,
      );
    }
    if (Stack.of(resource) !== stack) {
      throw new Error(
        `"watch"[${i}] ${resource.node.path} is in stack ${Stack.of(resource).stackName}, not in ${stack.stackName} with ${scope.node.path}; ` +
          'CloudFormation orders only the resources of one stack: create the DmsPauseDuringChange in the stack of the watched resources',
      );
    }
    if (CUTOVER_TYPES.has(resource.cfnResourceType)) {
      throw new Error(`"watch"[${i}] ${resource.node.path} is a cdk-cutover step (${resource.cfnResourceType}); watch the DMS resources it acts on instead`);
    }
    if (seen.has(resource)) throw new Error(`"watch" lists ${resource.node.path} twice; list each resource once`);
    seen.add(resource);
    return resource;
  });
}

function cfnResourceOf(entry: IConstruct | undefined): CfnResource | undefined {
  if (!entry || typeof entry !== 'object' || !entry.node) return undefined;
  if (CfnResource.isCfnResource(entry)) return entry;
  const child = entry.node.defaultChild;
  return child && CfnResource.isCfnResource(child) ? child : undefined;
}

/**
 * 16 hex digits of sha256 over the watched resources' synthesized type and properties (overrides
 * included, intrinsics as CloudFormation sees them, keys sorted). Only what CloudFormation would
 * update a watched resource for changes it: not their DependsOn (which names the pause), not
 * metadata, not other resources.
 */
export function watchedFingerprint(stack: Stack, watched: readonly CfnResource[]): string {
  const rendered = watched.map((resource) => {
    const template = stack.resolve(resource._toCloudFormation()) as { Resources: Record<string, { Type: string; Properties?: unknown }> };
    const [logicalId, body] = Object.entries(template.Resources)[0];
    return { logicalId, type: body.Type, properties: body.Properties ?? {} };
  });
  rendered.sort((a, b) => a.logicalId.localeCompare(b.logicalId));
  return createHash('sha256').update(canonicalJson(rendered)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
