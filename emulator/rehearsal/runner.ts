import { CommonProps, DEFAULT_TIMEOUT_SECONDS, POLL_INTERVAL_ENV } from '../../contract';
import type { FaultSpec } from '../core/faults';
import { CfnOutcome, CfnRequest, Emulator, ProviderDriver } from '../index';
import { LambdaPool } from './lambda-pool';
import type { CutoverResource, StackPlan } from './plan';
import { runInOrder } from './scheduler';
import { SeededTarget, StateEntry } from './seeders';
import type { Phase, Reporter, StepRecord } from './timeline';

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
}

export interface RehearsalResult {
  readonly ok: boolean;
  readonly steps: readonly StepRecord[];
  readonly speed: number;
  /** Everything the handler processes wrote (their CloudWatch logs in AWS). */
  readonly handlerLogs: string;
}

// The Provider's 10-second poll compressed by --speed, but never a busy loop.
const MIN_POLL_MS = 25;
// CloudFormation works on independent resources in parallel; a few are enough for a rehearsal.
const MAX_PARALLEL = 4;

/** A cutover resource as deployed so far. */
interface Deployed {
  readonly resource: CutoverResource;
  properties: Record<string, unknown>;
  physicalId?: string;
  target: SeededTarget;
}

/**
 * Plays CloudFormation for the stacks' cdk-cutover resources against the emulator: seeds their
 * targets, then Create in dependency order (rolled back on failure), optionally an Update with
 * changed properties (rolled back on failure, cleaned up on success), and Delete in reverse order,
 * invoking the real handler bundle through the Provider driver.
 */
export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  const speed = options.speed ?? 60;
  if (!(speed >= 1)) throw new Error(`--speed must be at least 1, got ${speed}`);
  const state = matchState(options.stacks, options.state ?? {});
  const emulator = await Emulator.start({ speed });
  const pool = new LambdaPool();
  const rehearsal = new Rehearsal(emulator, pool, speed, options.reporter, state);
  try {
    const ok = await rehearsal.run(options.stacks, options.faults ?? [], options.update ?? false);
    return { ok, steps: rehearsal.steps, speed, handlerLogs: pool.output() };
  } finally {
    options.reporter?.finish();
    await pool.stop();
    await emulator.stop();
  }
}

class Rehearsal {
  readonly steps: StepRecord[] = [];
  private readonly targets = new Map<string, SeededTarget>();

  constructor(
    private readonly emulator: Emulator,
    private readonly pool: LambdaPool,
    private readonly speed: number,
    private readonly reporter: Reporter | undefined,
    private readonly state: Map<CutoverResource, StateEntry>,
  ) {}

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
    for (const d of [...all.filter((d) => this.state.has(d.resource)), ...all.filter((d) => !this.state.has(d.resource))]) {
      d.target = this.seed(d.resource, d.properties);
    }
    for (const fault of faults) this.emulator.faults.inject(fault);

    let ok = true;
    const created: StackPlan[] = [];
    this.reporter?.phase('Create', 'deploy: CloudFormation creates the resources in dependency order');
    for (const plan of stacks) {
      if (await this.create(plan, deployed.get(plan)!)) {
        created.push(plan);
        continue;
      }
      ok = false;
      break;
    }
    if (ok) this.goLive(all);

    if (ok && update) {
      this.reporter?.phase('Update', 'update: every target is replaced, so each resource gets new properties');
      for (const plan of created) {
        if (!(await this.update(plan, deployed.get(plan)!))) {
          ok = false;
          break;
        }
      }
    }

    if (created.length > 0) this.reporter?.phase('Delete', 'teardown: CloudFormation deletes the resources in reverse dependency order');
    for (const plan of [...created].reverse()) {
      if (!(await this.runPhase('Delete', [...deployed.get(plan)!.values()], 'reverse', (d) => this.deleteRequest(d)))) {
        ok = false;
        break;
      }
    }
    return ok;
  }

  /** Create; on failure CloudFormation rolls the stack back by deleting what it created. */
  private async create(plan: StackPlan, resources: Map<string, Deployed>): Promise<boolean> {
    const all = [...resources.values()];
    const ok = await this.runPhase('Create', all, 'forward', (d) => ({
      RequestType: 'Create',
      ResourceType: d.resource.resourceType,
      LogicalResourceId: d.resource.logicalId,
      ResourceProperties: this.handlerProperties(d, d.properties),
    }));
    if (ok) return true;
    this.reporter?.phase('Rollback', `stack ${plan.stack.displayName} failed to create: CloudFormation deletes what it created`);
    await this.runPhase('Rollback', all.filter((d) => d.physicalId !== undefined), 'reverse', (d) => this.deleteRequest(d));
    return false;
  }

  /**
   * Update: the resources a cutover resource refers to are replaced (new physical ids), and a
   * target given literally is changed by its seeder, so each resource gets an Update with new
   * properties. A new physical id is a replacement: CloudFormation deletes the old one in cleanup.
   */
  private async update(plan: StackPlan, resources: Map<string, Deployed>): Promise<boolean> {
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
      d.target = this.seed(d.resource, next);
    }
    const all = [...resources.values()];
    const ok = await this.runPhase('Update', all, 'forward', (d) => {
      const old = before.get(d)!;
      return {
        RequestType: 'Update',
        ResourceType: d.resource.resourceType,
        LogicalResourceId: d.resource.logicalId,
        PhysicalResourceId: old.physicalId,
        ResourceProperties: this.handlerProperties(d, d.properties),
        OldResourceProperties: this.handlerProperties(d, old.properties),
      };
    });
    const replaced: Deployed[] = [];
    if (ok) {
      this.goLive(all);
      for (const d of all) {
        const old = before.get(d)!;
        if (d.physicalId !== old.physicalId) replaced.push({ resource: d.resource, properties: old.properties, physicalId: old.physicalId, target: old.target });
      }
    } else {
      // UPDATE_ROLLBACK: every resource that received an Update gets one back to its old properties.
      this.reporter?.phase('Rollback', `stack ${plan.stack.displayName} failed to update: CloudFormation updates back to the old properties`);
      const sent = all.filter((d) => this.steps.some((s) => s.phase === 'Update' && s.stack === d.resource.stack.displayName && s.logicalId === d.resource.logicalId && s.result !== 'NOT_RUN'));
      for (const d of sent) {
        const old = before.get(d)!;
        const attempted = { properties: d.properties, physicalId: d.physicalId, target: d.target };
        d.properties = old.properties;
        d.target = old.target;
        await this.runPhase('Rollback', [d], 'forward', () => ({
          RequestType: 'Update',
          ResourceType: d.resource.resourceType,
          LogicalResourceId: d.resource.logicalId,
          PhysicalResourceId: attempted.physicalId,
          ResourceProperties: this.handlerProperties(d, old.properties),
          OldResourceProperties: this.handlerProperties(d, attempted.properties),
        }));
        if (attempted.physicalId !== d.physicalId) replaced.push({ resource: d.resource, ...attempted });
      }
    }
    if (replaced.length > 0) {
      this.reporter?.phase('Cleanup', 'update cleanup: CloudFormation deletes the replaced physical resources');
      if (!(await this.runPhase('Cleanup', replaced, 'reverse', (d) => this.deleteRequest(d)))) return false;
    }
    return ok;
  }

  private deleteRequest(d: Deployed): CfnRequest {
    return {
      RequestType: 'Delete',
      ResourceType: d.resource.resourceType,
      LogicalResourceId: d.resource.logicalId,
      PhysicalResourceId: d.physicalId,
      ResourceProperties: this.handlerProperties(d, d.properties),
    };
  }

  /** Runs one request per resource, in CloudFormation's order, stopping new work after a failure. */
  private runPhase(phase: Phase, items: readonly Deployed[], order: 'forward' | 'reverse', request: (d: Deployed) => CfnRequest): Promise<boolean> {
    const ids = new Set(items.map((d) => d.resource.logicalId));
    const jobs = items.map((d) => {
      const before = [...d.resource.dependsOn].filter((id) => ids.has(id));
      const after =
        order === 'forward'
          ? before
          : items.filter((other) => other.resource.dependsOn.has(d.resource.logicalId)).map((other) => other.resource.logicalId);
      return {
        id: d.resource.logicalId,
        after,
        run: () => this.step(phase, d, request(d)),
        skip: () => this.record(notRun(phase, d)),
      };
    });
    return runInOrder(jobs, MAX_PARALLEL);
  }

  private async step(phase: Phase, d: Deployed, request: CfnRequest): Promise<boolean> {
    const { resource, target } = d;
    const handler = resource.handler;
    const pollIntervalMs = Math.max(MIN_POLL_MS, (handler.pollIntervalSeconds * 1000) / this.speed);
    const lambda = await this.pool.acquire(handler.modulePath, {
      ...handler.environment,
      // The function runs in its stack's account and region, and sees only what lives there.
      ...this.emulator.environment({ region: resource.stack.region, account: resource.stack.account }),
      AWS_REGION: resource.stack.region,
      AWS_DEFAULT_REGION: resource.stack.region,
      [POLL_INTERVAL_ENV]: String(pollIntervalMs / 1000),
    }, handler.lambdaTimeoutMs);
    const states: { at: number; status: string }[] = [];
    const sample = () => {
      const status = target.status();
      if (states[states.length - 1]?.status !== status) states.push({ at: this.emulator.clock.now(), status });
    };
    const startedAt = this.emulator.clock.now();
    const realStart = Date.now();
    const firstCall = this.emulator.callLog().length;
    sample();
    const live = { phase, resource: resource.name, stack: resource.stack.displayName, target: target.description, elapsedMs: () => this.emulator.clock.now() - startedAt, status: () => target.status() };
    this.reporter?.stepStarted(live);
    let outcome: CfnOutcome;
    try {
      const driver = new ProviderDriver(lambda, {
        pollIntervalMs,
        totalTimeoutMs: (handler.totalTimeoutSeconds * 1000) / this.speed,
        serviceTimeoutMs: resource.serviceTimeoutSeconds === undefined ? undefined : (resource.serviceTimeoutSeconds * 1000) / this.speed,
        onPoll: sample,
      });
      outcome = await driver.send(request);
    } finally {
      this.pool.release(lambda);
    }
    sample();
    const endedAt = this.emulator.clock.now();
    const ids = target.ids;
    const calls = this.emulator
      .callLog()
      .slice(firstCall)
      .filter((c) => c.at <= endedAt && ids.some((id) => JSON.stringify(c.params).includes(id)));
    const failed = outcome.status === 'FAILED';
    const timedOut = !failed && outcome.exceededServiceTimeout;
    if (!failed) d.physicalId = outcome.physicalResourceId;
    else if (request.RequestType === 'Create') d.physicalId = outcome.physicalResourceId;
    const record: StepRecord = {
      stack: resource.stack.displayName,
      resource: resource.name,
      logicalId: resource.logicalId,
      resourceType: resource.resourceType,
      phase,
      requestType: request.RequestType,
      target: target.description,
      result: failed || timedOut ? 'FAILED' : 'SUCCESS',
      outcome: failed || timedOut ? 'FAILED' : (outcome.data.Outcome ?? (outcome.polls === 0 ? 'SKIPPED' : 'DONE')),
      status: outcome.data.Status || states[states.length - 1]?.status,
      reason: timedOut
        ? `CloudFormation stopped waiting after the resource's ServiceTimeout (${resource.serviceTimeoutSeconds} s) before the handler answered`
        : outcome.reason,
      physicalResourceId: outcome.physicalResourceId,
      attributes: outcome.data,
      startedAt,
      endedAt,
      durationMs: endedAt - startedAt,
      realDurationMs: Date.now() - realStart,
      polls: outcome.polls,
      apiCalls: calls.map((c) => ({ service: c.service, operation: c.operation, at: c.at, status: c.status, ...(c.fault ? { fault: c.fault } : {}) })),
      states,
    };
    this.record(record);
    return record.result === 'SUCCESS';
  }

  private record(step: StepRecord): void {
    this.steps.push(step);
    this.reporter?.stepFinished(step);
  }

  private seed(resource: CutoverResource, properties: Record<string, unknown>): SeededTarget {
    const { resolver } = resource;
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

  private goLive(items: readonly Deployed[]): void {
    for (const target of new Set(items.map((d) => d.target))) target.goLive();
  }

  /** Properties as the handler receives them: the seeder's adjustments, the timeout compressed like the clock. */
  private handlerProperties(d: Deployed, properties: Record<string, unknown>): Record<string, unknown> {
    const adjusted = d.resource.seeder.handlerProperties?.(properties, this.emulator) ?? properties;
    // A timeout left at its default is not in the template: compress the default the handler would apply.
    const timeout = Number(adjusted[CommonProps.TIMEOUT_SECONDS] ?? DEFAULT_TIMEOUT_SECONDS);
    return Number.isFinite(timeout) ? { ...adjusted, [CommonProps.TIMEOUT_SECONDS]: String(timeout / this.speed) } : adjusted;
  }
}

/** Properties that wire a resource to its provider rather than describe its target. */
const PROVIDER_PROPERTIES = new Set(['ServiceToken', 'ServiceTimeout']);

function sameTarget(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const strip = (p: Record<string, unknown>) => JSON.stringify(Object.entries(p).filter(([k]) => !PROVIDER_PROPERTIES.has(k)));
  return strip(a) === strip(b);
}

function notRun(phase: Phase, d: Deployed): StepRecord {
  return {
    stack: d.resource.stack.displayName,
    resource: d.resource.name,
    logicalId: d.resource.logicalId,
    resourceType: d.resource.resourceType,
    phase,
    requestType: phase === 'Create' ? 'Create' : phase === 'Update' ? 'Update' : 'Delete',
    target: d.target.description,
    status: d.target.status(),
    result: 'NOT_RUN',
    outcome: 'NOT RUN',
    reason: 'not started: an earlier step of this phase failed',
    apiCalls: [],
    states: [],
  };
}

/** Matches --state entries to resources by logical id or construct path, and checks their keys. */
function matchState(stacks: readonly StackPlan[], entries: Readonly<Record<string, Record<string, unknown>>>): Map<CutoverResource, StateEntry> {
  const resources = stacks.flatMap((p) => p.resources);
  const matched = new Map<CutoverResource, StateEntry>();
  for (const [key, values] of Object.entries(entries)) {
    const resource = resources.find((r) => [r.logicalId, r.name, `${r.stack.displayName}/${r.name}`].includes(key));
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
