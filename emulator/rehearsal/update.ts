import type { StackPlan } from './plan';
import type { Rehearsal } from './runner';
import type { Deployed } from './step';

/** Properties that wire a resource to its provider rather than describe its target. */
const PROVIDER_PROPERTIES = new Set(['ServiceToken', 'ServiceTimeout']);

/**
 * An update of one stack: the resources a cutover resource refers to are replaced (new physical
 * ids), and a target given literally is changed by its seeder, so each resource gets an Update with
 * new properties. A new physical id is a replacement: CloudFormation deletes the old one in the
 * cleanup (UPDATE_COMPLETE_CLEANUP_IN_PROGRESS). On failure every resource that received an Update
 * gets one back to its old properties (UPDATE_ROLLBACK_IN_PROGRESS), and the cleanup deletes what
 * the failed update created (UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS).
 */
export async function updateStack(rehearsal: Rehearsal, plan: StackPlan, resources: Map<string, Deployed>): Promise<boolean> {
  const cutoverIds = new Set(resources.keys());
  for (const d of resources.values()) {
    for (const [key, value] of Object.entries(plan.stack.template.Resources?.[d.resource.logicalId]?.Properties ?? {})) {
      if (PROVIDER_PROPERTIES.has(key)) continue;
      const source = plan.resolver.sourceOf(value);
      if (source?.sameStack && !cutoverIds.has(source.logicalId)) plan.resolver.physicalIds.replace(source.logicalId);
    }
  }
  const before = new Map([...resources.values()].map((d) => [d, { properties: d.properties, physicalId: d.physicalId, target: d.target }]));
  for (const d of resources.values()) {
    let next = plan.resolver.properties(d.resource.logicalId);
    if (sameTarget(next, d.properties)) next = d.resource.seeder.changeTarget(d.properties);
    d.properties = next;
    d.target = rehearsal.seed(d.resource, next);
  }
  const all = [...resources.values()];
  rehearsal.setStatus(plan, 'UPDATE_IN_PROGRESS');
  const ok = await rehearsal.runPhase('Update', all, 'forward', (d) => {
    const old = before.get(d)!;
    return {
      RequestType: 'Update',
      ResourceType: d.resource.resourceType,
      LogicalResourceId: d.resource.logicalId,
      PhysicalResourceId: old.physicalId,
      ResourceProperties: rehearsal.handlerProperties(d, d.properties),
      OldResourceProperties: rehearsal.handlerProperties(d, old.properties),
    };
  });
  const replaced: Deployed[] = [];
  if (ok) {
    rehearsal.goLive(all);
    for (const d of all) {
      const old = before.get(d)!;
      if (d.physicalId !== old.physicalId) replaced.push({ resource: d.resource, properties: old.properties, physicalId: old.physicalId, target: old.target });
    }
  } else {
    rehearsal.setStatus(plan, 'UPDATE_ROLLBACK_IN_PROGRESS');
    rehearsal.rollbackHeading(plan, 'Update', 'CloudFormation updates the resources back to their old properties');
    const sent = all.filter((d) => rehearsal.steps.some((s) => s.phase === 'Update' && s.stack === d.resource.stack.displayName && s.logicalId === d.resource.logicalId && s.result !== 'NOT_RUN'));
    const attempts = new Map(sent.map((d) => [d, { properties: d.properties, physicalId: d.physicalId, target: d.target }]));
    for (const d of sent) {
      d.properties = before.get(d)!.properties;
      d.target = before.get(d)!.target;
    }
    // In reverse dependency order, as CloudFormation rolls back: a step is changed back only after
    // every step that comes after it (an undo of a cutover stop runs after what followed it).
    await rehearsal.runPhase('Rollback', sent, 'reverse', (d) => ({
      RequestType: 'Update',
      ResourceType: d.resource.resourceType,
      LogicalResourceId: d.resource.logicalId,
      PhysicalResourceId: attempts.get(d)!.physicalId,
      ResourceProperties: rehearsal.handlerProperties(d, before.get(d)!.properties),
      OldResourceProperties: rehearsal.handlerProperties(d, attempts.get(d)!.properties),
    }));
    for (const d of sent) {
      const attempted = attempts.get(d)!;
      if (attempted.physicalId !== d.physicalId) replaced.push({ resource: d.resource, ...attempted });
    }
  }
  const cleanup = ok ? 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' : 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS';
  rehearsal.setStatus(plan, cleanup);
  if (replaced.length > 0) {
    rehearsal.reporter?.phase(
      'Cleanup',
      ok
        ? `${cleanup}: the update succeeded; CloudFormation deletes the replaced physical resources (a teardown of the old targets)`
        : `${cleanup}: the update was rolled back; CloudFormation deletes the physical resources the failed update created`,
    );
    if (!(await rehearsal.runPhase('Cleanup', replaced, 'reverse', (d) => rehearsal.deleteRequest(d)))) return false;
  }
  rehearsal.setStatus(plan, ok ? 'UPDATE_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE');
  return ok;
}

function sameTarget(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const strip = (p: Record<string, unknown>) => JSON.stringify(Object.entries(p).filter(([k]) => !PROVIDER_PROPERTIES.has(k)));
  return strip(a) === strip(b);
}
