import type { Template } from './assembly';

/** The logical ids a resource depends on: DependsOn, Ref, Fn::GetAtt and Fn::Sub references. */
export function directDependencies(template: Template, logicalId: string): Set<string> {
  const resources = template.Resources ?? {};
  const resource = resources[logicalId];
  const found = new Set<string>();
  if (!resource) return found;
  const dependsOn = resource.DependsOn === undefined ? [] : ([] as string[]).concat(resource.DependsOn);
  dependsOn.forEach((d) => found.add(d));
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    for (const [key, arg] of Object.entries(value)) {
      if (key === 'Ref' && typeof arg === 'string') found.add(arg);
      else if (key === 'Fn::GetAtt') found.add(Array.isArray(arg) ? String(arg[0]) : String(arg).split('.')[0]);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(arg) ? String(arg[0]) : String(arg);
        for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) found.add(match[1].split('.')[0]);
        if (Array.isArray(arg)) visit(arg[1]);
      } else visit(arg);
    }
  };
  visit(resource.Properties);
  for (const id of [...found]) if (!resources[id]) found.delete(id);
  return found;
}

/**
 * For each of `nodes` (the cutover resources), the other nodes it depends on through any chain of
 * resources: CloudFormation creates a resource only after everything it depends on, and deletes
 * it before any of them.
 */
export function nodeDependencies(template: Template, nodes: readonly string[]): Map<string, Set<string>> {
  const memo = new Map<string, Set<string>>();
  const reachable = (id: string, trail: Set<string>): Set<string> => {
    const cached = memo.get(id);
    if (cached) return cached;
    if (trail.has(id)) throw new Error(`Resources ${[...trail].join(' → ')} → ${id} depend on each other in a cycle`);
    trail.add(id);
    const all = new Set<string>();
    for (const dep of directDependencies(template, id)) {
      all.add(dep);
      reachable(dep, trail).forEach((d) => all.add(d));
    }
    trail.delete(id);
    memo.set(id, all);
    return all;
  };
  const result = new Map<string, Set<string>>();
  for (const node of nodes) {
    result.set(node, new Set([...reachable(node, new Set())].filter((d) => nodes.includes(d))));
  }
  return result;
}
