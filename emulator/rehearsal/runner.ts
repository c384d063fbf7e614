import type { FaultSpec } from '../core/faults';
import { CfnRequest, Emulator } from '../index';
import { CallAttribution } from './call-attribution';
import { LambdaPool } from './lambda-pool';
import { withLiveAttributes } from './live-attributes';
import { logicalIdsForPath } from './logical-ids';
import { LongWaitRehearsal } from './long-wait';
import type { CutoverResource, StackPlan } from './plan';
import { runInOrder } from './scheduler';
import { registerAssumedRole, SeededTarget, StateEntry } from './seeders';
import { emulatorStackStatusHook, StackStatus, StackStatuses, StackStatusHook } from './stack-status';
import { Deployed, notRun, StepRunner } from './step';
import type { Phase, Reporter, StepRecord } from './timeline';
import { updateStack } from './update';

export interface RehearsalOptions {
  readonly stacks: readonly StackPlan[];
  /** How much faster than real time service durations and the Provider's polling run. @default 60 */
  readonly speed?: number;
  readonly faults?: readonly FaultSpec[];
  /** Also rehearse an update in which every target is replaced (Update with changed properties). */
  readonly update?: boolean;
  /** --state entries by logical id or construct path. */
  readonly state?: Readonly<Record<string, Record<string, unknown>>>;
  readonly reporter?: Reporter;
  /**
   * Also receives each stack's status as the rehearsal moves through its phases (the emulator's
   * CloudFormation service receives it anyway when it has one). @default none
   */
  readonly stackStatus?: StackStatusHook;
}

export interface RehearsalResult {
  readonly ok: boolean;
  readonly steps: readonly StepRecord[];
  readonly speed: number;
  /** Everything the handler processes wrote (their CloudWatch logs in AWS). */
  readonly handlerLogs: string;
}

// CloudFormation works on independent resources in parallel; a few are enough for a rehearsal.
const MAX_PARALLEL = 4;

/**
 * Plays CloudFormation for the stacks' cdk-cutover resources against the emulator: seeds their
 * targets, then Create in dependency order (rolled back on failure), optionally an Update with
 * changed properties (rolled back on failure, cleaned up on success), and Delete in reverse order,
 * invoking the real handler bundle through the Provider driver. Each phase sets the stack status
 * a handler reads with DescribeStacks.
 */
export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  const speed = options.speed ?? 60;
  if (!(speed >= 1)) throw new Error(`--speed must be at least 1, got ${speed}`);
  const state = matchState(options.stacks, options.state ?? {});
  const emulator = await Emulator.start({ speed });
  const pool = new LambdaPool();
  const hooks = [emulatorStackStatusHook(emulator), options.stackStatus].filter((h): h is StackStatusHook => h !== undefined);
  const rehearsal = new Rehearsal(emulator, pool, speed, options.reporter, state, new StackStatuses(hooks));
  try {
    const ok = await rehearsal.run(options.stacks, options.faults ?? [], options.update ?? false);
    return { ok, steps: rehearsal.steps, speed, handlerLogs: pool.output() };
  } finally {
    options.reporter?.finish();
    await pool.stop();
    await emulator.stop();
  }
}

export class Rehearsal {
  readonly steps: StepRecord[] = [];
  private readonly targets = new Map<string, SeededTarget>();
  private readonly runner: StepRunner;
  private readonly longWait: LongWaitRehearsal;

  constructor(
    private readonly emulator: Emulator,
    pool: LambdaPool,
    speed: number,
    readonly reporter: Reporter | undefined,
    private readonly state: Map<CutoverResource, StateEntry>,
    readonly statuses: StackStatuses,
  ) {
    const attribution = new CallAttribution(emulator);
    this.longWait = new LongWaitRehearsal(emulator, pool);
    this.runner = new StepRunner(emulator, pool, speed, statuses, attribution, (step) => this.record(step), reporter, this.longWait);
  }

  async run(stacks: readonly StackPlan[], faults: readonly FaultSpec[], update: boolean): Promise<boolean> {
    const deployed = new Map<StackPlan, Map<string, Deployed>>();
    for (const plan of stacks) {
      const resources = new Map<string, Deployed>();
      for (const resource of plan.resources) {
        resources.set(resource.logicalId, { resource, properties: resource.resolver.properties(resource.logicalId), target: undefined! });
      }
      deployed.set(plan, resources);
    }
    // Targets exist before the deployment: created earlier in the stack, or live outside it. A
    // target several resources act on is seeded once, so resources with a --state entry go first.
    const all = [...deployed.values()].flatMap((m) => [...m.values()]);
    const rank = (d: Deployed) => (this.state.has(d.resource) ? 0 : d.resource.seeder.seedsFirst ? 1 : 2);
    for (const d of [...all].sort((a, b) => rank(a) - rank(b))) {
      d.target = this.seed(d.resource, d.properties);
    }
    for (const fault of faults) this.emulator.faults.inject(fault);

    const created: StackPlan[] = [];
    this.reporter?.phase('Create', 'deploy: CloudFormation creates the resources in dependency order');
    for (const plan of stacks) {
      if (created.length < stacks.indexOf(plan)) {
        // An earlier stack failed: CloudFormation never got to this one.
        const failed = stacks[created.length].stack.displayName;
        for (const d of deployed.get(plan)!.values()) this.record(notRun('Create', d, `stack ${failed} failed to deploy first`));
        continue;
      }
      if (await this.create(plan, deployed.get(plan)!)) created.push(plan);
    }
    let ok = created.length === stacks.length;
    if (ok) this.goLive(all);

    if (ok && update) {
      this.reporter?.phase('Update', 'update: every target is replaced, so each resource gets new properties');
      for (const plan of created) {
        if (!(await updateStack(this, plan, deployed.get(plan)!))) {
          ok = false;
          break;
        }
      }
    }

    if (created.length > 0) this.reporter?.phase('Delete', 'teardown: CloudFormation deletes the resources in reverse dependency order');
    for (const plan of [...created].reverse()) {
      this.setStatus(plan, 'DELETE_IN_PROGRESS');
      if (!(await this.runPhase('Delete', [...deployed.get(plan)!.values()], 'reverse', (d) => this.deleteRequest(d)))) {
        this.setStatus(plan, 'DELETE_FAILED');
        ok = false;
        break;
      }
      this.setStatus(plan, 'DELETE_COMPLETE');
    }
    return ok;
  }

  /** Create; on failure CloudFormation rolls the stack back by deleting what it created. */
  private async create(plan: StackPlan, resources: Map<string, Deployed>): Promise<boolean> {
    const all = [...resources.values()];
    this.setStatus(plan, 'CREATE_IN_PROGRESS');
    const ok = await this.runPhase('Create', all, 'forward', (d) => ({
      RequestType: 'Create',
      ResourceType: d.resource.resourceType,
      LogicalResourceId: d.resource.logicalId,
      ResourceProperties: this.handlerProperties(d, d.properties),
    }));
    if (ok) {
      this.setStatus(plan, 'CREATE_COMPLETE');
      return true;
    }
    this.setStatus(plan, 'ROLLBACK_IN_PROGRESS');
    this.rollbackHeading(plan, 'Create', 'CloudFormation deletes what it created; this Delete undoes a failed deployment, it is not a teardown');
    await this.runPhase('Rollback', all.filter((d) => d.physicalId !== undefined), 'reverse', (d) => this.deleteRequest(d));
    this.setStatus(plan, 'ROLLBACK_COMPLETE');
    return false;
  }

  /** Announces a rollback: which status it runs in, and which step of which phase failed. */
  rollbackHeading(plan: StackPlan, failedPhase: Phase, what: string): void {
    const failed = this.steps.filter((s) => s.phase === failedPhase && s.stack === plan.stack.displayName && s.result === 'FAILED').map((s) => s.resource);
    const status = this.statuses.statusOf(plan.stack);
    this.reporter?.phase(
      'Rollback',
      `${status}: stack ${plan.stack.displayName} failed to ${failedPhase === 'Create' ? 'create' : 'update'} (${failedPhase} of ${failed.join(', ') || 'a resource'} failed): ${what}`,
    );
  }

  setStatus(plan: StackPlan, status: StackStatus): void {
    this.statuses.set(plan.stack, status);
  }

  deleteRequest(d: Deployed): CfnRequest {
    return {
      RequestType: 'Delete',
      ResourceType: d.resource.resourceType,
      LogicalResourceId: d.resource.logicalId,
      PhysicalResourceId: d.physicalId,
      ResourceProperties: this.handlerProperties(d, d.properties),
    };
  }

  /**
   * Runs one request per resource, in CloudFormation's order, stopping new work after a failure;
   * a resource that never started is recorded as NOT RUN, with the failed step it waited for.
   */
  runPhase(phase: Phase, items: readonly Deployed[], order: 'forward' | 'reverse', request: (d: Deployed) => CfnRequest): Promise<boolean> {
    const ids = new Set(items.map((d) => d.resource.logicalId));
    const first = this.steps.length;
    const jobs = items.map((d) => {
      const before = [...d.resource.dependsOn].filter((id) => ids.has(id));
      const after =
        order === 'forward'
          ? before
          : items.filter((other) => other.resource.dependsOn.has(d.resource.logicalId)).map((other) => other.resource.logicalId);
      return {
        id: d.resource.logicalId,
        after,
        run: () => this.runner.run(phase, d, request(d)),
        skip: () => this.record(notRun(phase, d, this.whyNotRun(d, after, this.steps.slice(first), items, order), this.statuses.statusOf(d.resource.stack))),
      };
    });
    return runInOrder(jobs, MAX_PARALLEL);
  }

  /** A step waits for the failed (or itself not run) step it comes after; otherwise the failure stopped new work. */
  private whyNotRun(d: Deployed, after: readonly string[], phaseSteps: readonly StepRecord[], items: readonly Deployed[], order: 'forward' | 'reverse'): string {
    const stack = d.resource.stack.displayName;
    const failed = phaseSteps.filter((s) => s.result === 'FAILED' && s.stack === stack);
    // The failed steps this one waited for, directly or through steps that did not run because of them.
    const before = (id: string): string[] => {
      const item = items.find((i) => i.resource.logicalId === id);
      if (!item) return [];
      return order === 'forward'
        ? [...item.resource.dependsOn].filter((dep) => items.some((i) => i.resource.logicalId === dep))
        : items.filter((other) => other.resource.dependsOn.has(id)).map((other) => other.resource.logicalId);
    };
    const upstream = new Set<string>();
    const pending = [...after];
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (upstream.has(id)) continue;
      upstream.add(id);
      pending.push(...before(id));
    }
    const waitedFor = failed.filter((s) => upstream.has(s.logicalId));
    if (waitedFor.length > 0) return `it comes after ${waitedFor.map((s) => s.resource).join(', ')}, which failed`;
    const names = failed.map((s) => s.resource).join(', ') || 'an earlier step';
    return `${names} failed, and CloudFormation starts nothing new after a failure`;
  }

  private record(step: StepRecord): void {
    this.steps.push(step);
    this.reporter?.stepFinished(step);
  }

  seed(resource: CutoverResource, properties: Record<string, unknown>): SeededTarget {
    const { resolver } = resource;
    registerAssumedRole(this.emulator, properties, resolver.env.account);
    const template = resolver.stack.template.Resources?.[resource.logicalId]?.Properties ?? {};
    return resource.seeder.seed({
      emulator: this.emulator,
      resourceName: `${resource.name} in stack ${resource.stack.displayName}`,
      properties,
      source: (key) => resolver.sourceOf(template[key]),
      sourceProperties: (source) => (source.sameStack ? resolver.properties(source.logicalId) : {}),
      env: resolver.env,
      state: this.state.get(resource) ?? new StateEntry({}, resource.name),
      shared: (key, create) => {
        let target = this.targets.get(key);
        if (!target) this.targets.set(key, (target = create()));
        return target;
      },
    });
  }

  goLive(items: readonly Deployed[]): void {
    for (const target of new Set(items.map((d) => d.target))) target.goLive();
  }

  /**
   * Properties as the handler receives them: the template's, with the seeder's adjustments. The
   * timeout is not compressed: the handler runs on the emulator's clock (handler-runtime.mjs).
   */
  handlerProperties(d: Deployed, properties: Record<string, unknown>): Record<string, unknown> {
    const live = withLiveAttributes(d.resource, properties, this.steps);
    // A step beyond one hour: the emulator's wait-condition handle and waiter stand in for the stack's.
    return this.longWait.resolve(d.resource, d.resource.seeder.handlerProperties?.(live, this.emulator) ?? live);
  }
}

/** Matches --state entries to resources by logical id or construct path, and checks their keys. */
function matchState(stacks: readonly StackPlan[], entries: Readonly<Record<string, Record<string, unknown>>>): Map<CutoverResource, StateEntry> {
  const resources = stacks.flatMap((p) => p.resources);
  const matched = new Map<CutoverResource, StateEntry>();
  for (const [key, values] of Object.entries(entries)) {
    const resource =
      resources.find((r) => [r.logicalId, r.name, `${r.stack.displayName}/${r.name}`].includes(key)) ??
      // A construct path in an assembly without path metadata: the logical id it stands for.
      resources.find((r) => {
        const stackPrefix = `${r.stack.displayName}/`;
        const parts = (key.startsWith(stackPrefix) ? key.slice(stackPrefix.length) : key).split('/');
        return logicalIdsForPath(parts).includes(r.logicalId);
      });
    if (!resource) {
      throw new Error(`--state: "${key}" is not a cdk-cutover resource of the rehearsed stacks (they are ${resources.map((r) => r.name).join(', ')})`);
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new Error(`--state: "${key}" must map to an object`);
    const unknown = Object.keys(values).filter((k) => !(k in resource.seeder.stateKeys));
    if (unknown.length > 0) {
      const accepted = Object.entries(resource.seeder.stateKeys).map(([k, meaning]) => `  ${k}: ${meaning}`).join('\n');
      throw new Error(`--state: "${key}" has unknown keys ${unknown.join(', ')}; a ${resource.resourceType} accepts:\n${accepted}`);
    }
    matched.set(resource, new StateEntry(values, `--state "${key}"`));
  }
  return matched;
}
