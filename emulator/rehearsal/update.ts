import type { CfnRequest } from '../index';
import type { CutoverResource, StackPlan } from './plan';
import type { SeededTarget } from './seeders';
import type { StackStatus } from './stack-status';
import type { Deployed } from './step';
import type { Phase, Reporter, StepRecord } from './timeline';
import { announceWatchedChange } from './watched-change';

/**
 * What an update needs of the rehearsal that plays it (runner.ts's Rehearsal provides it): declared
 * here so that this file does not import the runner, which imports this file.
 */
export interface UpdatePlayer {
  readonly steps: readonly StepRecord[];
  readonly reporter: Reporter | undefined;
  seed(resource: CutoverResource, properties: Record<string, unknown>): SeededTarget;
  setStatus(plan: StackPlan, status: StackStatus): void;
  rollbackHeading(plan: StackPlan, failedPhase: Phase, what: string): void;
  runPhase(phase: Phase, items: readonly Deployed[], order: 'forward' | 'reverse', request: (d: Deployed) => CfnRequest): Promise<boolean>;
  goLive(items: readonly Deployed[]): void;
  handlerProperties(d: Deployed, properties: Record<string, unknown>): Record<string, unknown>;
  deleteRequest(d: Deployed): CfnRequest;
}

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
export async function updateStack(rehearsal: UpdatePlayer, plan: StackPlan, resources: Map<string, Deployed>): Promise<boolean> {
  const cutoverIds = new Set(resources.keys());
  for (const d of resources.values()) {
    for (const [key, value] of Object.entries(plan.stack.template.Resources?.[d.resource.logicalId]?.Properties ?? {})) {
      if (PROVIDER_PROPERTIES.has(key)) continue;
      const source = plan.resolver.sourceOf(value);
      if (source?.sameStack && !cutoverIds.has(source.logicalId)) plan.resolver.physicalIds.replace(source.logicalId);
    }
  }
  const before = new Map([...resources.values()].map((d) => [d, { properties: d.properties, physicalId: d.physicalId, target: d.target, sent: d.sent }]));
  for (const d of resources.values()) {
    let next = plan.resolver.properties(d.resource.logicalId);
    if (sameTarget(next, d.properties)) next = d.resource.seeder.changeTarget(d.properties);
    d.properties = next;
    d.target = rehearsal.seed(d.resource, next);
  }
  const all = [...resources.values()];
  rehearsal.setStatus(plan, 'UPDATE_IN_PROGRESS');
  // What each Update carried, failed ones included: a rollback Update carries it as the old properties.
  const requested = new Map<Deployed, Record<string, unknown>>();
  const ok = await rehearsal.runPhase('Update', all, 'forward', (d) => {
    const old = before.get(d)!;
    announceWatchedChange(rehearsal.reporter, d, 'forward');
    const properties = rehearsal.handlerProperties(d, d.properties);
    requested.set(d, properties);
    return {
      RequestType: 'Update',
      ResourceType: d.resource.resourceType,
      LogicalResourceId: d.resource.logicalId,
      PhysicalResourceId: old.physicalId,
      ResourceProperties: properties,
      // What CloudFormation sent last time (other resources' attributes as they were then).
      OldResourceProperties: old.sent ?? rehearsal.handlerProperties(d, old.properties),
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
    // In reverse dependency order, as CloudFormation rolls back: a resource before those it depends on.
    await rehearsal.runPhase('Rollback', sent, 'reverse', (d) => {
      const old = before.get(d)!;
      const attempted = attempts.get(d)!;
      d.properties = old.properties;
      d.target = old.target;
      announceWatchedChange(rehearsal.reporter, d, 'back');
      return {
        RequestType: 'Update',
        ResourceType: d.resource.resourceType,
        LogicalResourceId: d.resource.logicalId,
        PhysicalResourceId: attempted.physicalId,
        ResourceProperties: old.sent ?? rehearsal.handlerProperties(d, old.properties),
        OldResourceProperties: requested.get(d) ?? rehearsal.handlerProperties(d, attempted.properties),
      };
    });
    for (const d of sent) {
      const attempted = attempts.get(d)!;
      if (attempted.physicalId !== d.physicalId) replaced.push({ resource: d.resource, properties: attempted.properties, physicalId: attempted.physicalId, target: attempted.target });
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
