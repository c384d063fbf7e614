import { roleAccount, TargetProps } from '../../../contract';
import type { Emulator } from '../../index';
import type { SourceResource } from '../intrinsics';
import type { StackEnvironment } from '../physical-ids';

/** A live target the rehearsal put into the emulator for a cutover resource to act on. */
export interface SeededTarget {
  /** What it is, for the progress lines: "DMS task orders-task". */
  readonly description: string;
  /** Strings that appear in the parameters of API calls about this target (to attribute the call log). */
  readonly ids: readonly string[];
  /** The target's state as the service reports it now ("running"), or "absent". */
  status(): string;
  /**
   * Called once the deployment that created the target is over: a target created by the stack
   * itself becomes what a live migration looks like by teardown time (a task is started).
   */
  goLive(): void;
  /**
   * What the handler is waiting for while its step runs, when the target's own status cannot show
   * it (a gated stop holds a task that still reads "running"), judged from the step's API calls so
   * far; undefined when it waits for nothing the target does not show.
   */
  waitingFor?(calls: ReadonlyArray<{ readonly operation: string }>): string | undefined;
}

/** What a seeder is given for one cutover resource. */
export interface SeedContext {
  readonly emulator: Emulator;
  /** "StopOrdersTask in CutoverExampleStack", for messages. */
  readonly resourceName: string;
  /** The resource's properties with every intrinsic evaluated. */
  readonly properties: Record<string, unknown>;
  /** The template resource a property references (its Ref / Fn::GetAtt / import), if any. */
  source(propertyKey: string): SourceResource | undefined;
  /** The resolved properties of a source resource. */
  sourceProperties(source: SourceResource): Record<string, unknown>;
  readonly env: StackEnvironment;
  /** This resource's entry of the --state file, checked against the seeder's stateKeys. */
  readonly state: StateEntry;
  /**
   * Seeds a target once per rehearsal: several resources may act on the same target (an
   * assessment and a stop on one task), and all of them must see one target.
   */
  shared(key: string, create: () => SeededTarget): SeededTarget;
}

/** Seeds plausible live targets for one cdk-cutover resource type. */
export interface Seeder {
  readonly resourceType: string;
  /** The keys a --state entry may hold for this type, with what each means (shown in errors). */
  readonly stateKeys: Readonly<Record<string, string>>;
  /** Seeds before the other types (after --state entries): its view of a shared target wins. */
  readonly seedsFirst?: boolean;
  /** Seeds the target the properties point at (or finds it when another resource seeded it). */
  seed(context: SeedContext): SeededTarget;
  /**
   * For --update: properties that point at a different target, for a resource whose target is
   * given literally (a target given by reference changes when its resource is replaced).
   */
  changeTarget(properties: Record<string, unknown>): Record<string, unknown>;
  /** The properties as the handler receives them in the rehearsal (e.g. an endpoint on the emulator). */
  handlerProperties?(properties: Record<string, unknown>, emulator: Emulator): Record<string, unknown>;
}

/** One --state entry: validated typed reads. */
export class StateEntry {
  constructor(
    private readonly values: Record<string, unknown>,
    private readonly where: string,
  ) {}

  /** False when the entry says the target does not exist ({"exists": false}). */
  get exists(): boolean {
    return this.values.exists !== false;
  }

  string(key: string): string | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw new Error(`${this.where}: "${key}" must be a non-empty string, got ${JSON.stringify(value)}`);
    return value;
  }

  /** A number of at least 0. */
  number(key: string): number | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !(value >= 0)) throw new Error(`${this.where}: "${key}" must be a number of at least 0, got ${JSON.stringify(value)}`);
    return value;
  }

  /** A boolean. */
  flag(key: string): boolean | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw new Error(`${this.where}: "${key}" must be true or false, got ${JSON.stringify(value)}`);
    return value;
  }

  /** Emulated seconds, returned as emulated milliseconds. */
  seconds(key: string): number | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !(value >= 0)) throw new Error(`${this.where}: "${key}" must be a number of seconds, got ${JSON.stringify(value)}`);
    return value * 1000;
  }
}

/** Reads a required string property of a resource, or says why the rehearsal cannot seed it. */
export function stringProperty(context: SeedContext, key: string): string {
  const value = context.properties[key];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`${context.resourceName}: property "${key}" is ${JSON.stringify(value)}; the rehearsal needs a string to seed its target`);
  }
  return value;
}

/**
 * Where a target without an ARN lives: the resource's Region (else the stack's), in the account of
 * its AssumedRoleArn (else the stack's), as the handler will look for it.
 */
export function targetPlace(context: SeedContext): { readonly region: string; readonly account: string } {
  const region = context.properties[TargetProps.REGION];
  const role = context.properties[TargetProps.ASSUMED_ROLE_ARN];
  return {
    region: typeof region === 'string' && region !== '' ? region : context.env.region,
    account: (typeof role === 'string' && roleAccount(role)) || context.env.account,
  };
}

/**
 * The role a resource reaches its target through, as its owner set it up in the target's account:
 * trusting the stack's account, with the ExternalId the resource passes.
 */
export function registerAssumedRole(emulator: Emulator, properties: Record<string, unknown>, stackAccount: string): void {
  const roleArn = properties[TargetProps.ASSUMED_ROLE_ARN];
  if (typeof roleArn !== 'string' || !roleAccount(roleArn)) return;
  const externalId = properties[TargetProps.EXTERNAL_ID];
  emulator.sts.registerRole({ roleArn, externalId: typeof externalId === 'string' ? externalId : undefined, trustedAccounts: [stackAccount] });
}
