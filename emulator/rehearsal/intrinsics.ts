import type { AssemblyStack, TemplateResource } from './assembly';
import { PhysicalIds, StackEnvironment } from './physical-ids';

/** AWS::NoValue: the property is removed. */
const NO_VALUE = Symbol('AWS::NoValue');

/** A template resource that a property's value comes from. */
export interface SourceResource {
  readonly stack: AssemblyStack;
  readonly logicalId: string;
  readonly resource: TemplateResource;
  /** True when the resource is in the same stack as the property (CloudFormation creates and deletes it). */
  readonly sameStack: boolean;
}

/** Finds the stack that exports a name (Fn::ImportValue). */
export type ExportLookup = (name: string) => { resolver: StackResolver; value: unknown } | undefined;

/**
 * Evaluates CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split,
 * Fn::If and conditions, Fn::FindInMap, Fn::ImportValue, Fn::Base64, Fn::GetAZs) the way
 * CloudFormation would at deploy time, with synthesized physical ids for resources.
 */
export class StackResolver {
  readonly physicalIds: PhysicalIds;
  readonly env: StackEnvironment;
  private readonly resolving = new Set<string>();

  constructor(
    readonly stack: AssemblyStack,
    private readonly lookupExport: ExportLookup = () => undefined,
  ) {
    this.env = { stackName: stack.stackName, account: stack.account, region: stack.region, partition: partitionOf(stack.region) };
    this.physicalIds = new PhysicalIds(this.env);
  }

  get resources(): Record<string, TemplateResource> {
    return this.stack.template.Resources ?? {};
  }

  /** The value CloudFormation would pass, with every intrinsic evaluated. */
  resolve(value: unknown): unknown {
    const resolved = this.evaluate(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** A resource's properties as CloudFormation would send them. */
  properties(logicalId: string): Record<string, unknown> {
    return (this.resolve(this.resources[logicalId]?.Properties ?? {}) ?? {}) as Record<string, unknown>;
  }

  /** The resource a property value references directly (a Ref, a Fn::GetAtt or an import). */
  sourceOf(value: unknown): SourceResource | undefined {
    if (!isObject(value)) return undefined;
    const [fn, args] = Object.entries(value)[0] ?? [];
    let logicalId: string | undefined;
    if (fn === 'Ref' && typeof args === 'string') logicalId = args;
    if (fn === 'Fn::GetAtt') logicalId = Array.isArray(args) ? String(args[0]) : String(args).split('.')[0];
    if (logicalId && this.resources[logicalId]) {
      return { stack: this.stack, logicalId, resource: this.resources[logicalId], sameStack: true };
    }
    if (fn === 'Fn::ImportValue') {
      const exported = this.lookupExport(String(this.resolve(args)));
      const source = exported?.resolver.sourceOf(exported.value);
      return source ? { ...source, sameStack: false } : undefined;
    }
    return undefined;
  }

  /** Whether a template condition holds. */
  condition(name: string): boolean {
    const definition = this.stack.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`Condition ${name} is not defined in stack ${this.stack.displayName}`);
    return Boolean(this.evaluate(definition));
  }

  private evaluate(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.evaluate(v)).filter((v) => v !== NO_VALUE);
    if (!isObject(value)) return value;
    const entries = Object.entries(value);
    if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::') || entries[0][0] === 'Condition')) {
      return this.intrinsic(entries[0][0], entries[0][1]);
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) {
      const resolved = this.evaluate(v);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private intrinsic(fn: string, args: unknown): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(String(args));
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = Array.isArray(args) ? args.map((a) => String(this.evaluate(a))) : String(args).split('.');
        return this.getAtt(logicalId, attribute.join('.'));
      }
      case 'Fn::Join': {
        const [delimiter, list] = args as [string, unknown];
        return (this.evaluate(list) as unknown[]).map(String).join(delimiter);
      }
      case 'Fn::Sub':
        return this.sub(args);
      case 'Fn::Select': {
        const [index, list] = args as [unknown, unknown];
        const items = this.evaluate(list) as unknown[];
        const i = Number(this.evaluate(index));
        if (!Array.isArray(items) || !(i >= 0 && i < items.length)) throw new Error(`Fn::Select index ${i} is out of range`);
        return items[i];
      }
      case 'Fn::Split': {
        const [delimiter, source] = args as [string, unknown];
        return String(this.evaluate(source)).split(delimiter);
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = args as [string, unknown, unknown];
        return this.evaluate(this.condition(condition) ? whenTrue : whenFalse);
      }
      case 'Condition':
        return this.condition(String(args));
      case 'Fn::Equals': {
        const [a, b] = (args as unknown[]).map((v) => JSON.stringify(this.evaluate(v)));
        return a === b;
      }
      case 'Fn::And':
        return (args as unknown[]).every((v) => Boolean(this.evaluate(v)));
      case 'Fn::Or':
        return (args as unknown[]).some((v) => Boolean(this.evaluate(v)));
      case 'Fn::Not':
        return !this.evaluate((args as unknown[])[0]);
      case 'Fn::FindInMap': {
        const [map, top, second] = (args as unknown[]).map((v) => String(this.evaluate(v)));
        const found = this.stack.template.Mappings?.[map]?.[top]?.[second];
        if (found === undefined) throw new Error(`Fn::FindInMap: ${map}/${top}/${second} is not in the template's Mappings`);
        return found;
      }
      case 'Fn::ImportValue': {
        const name = String(this.evaluate(args));
        const exported = this.lookupExport(name);
        if (!exported) {
          throw new Error(
            `Fn::ImportValue "${name}" is exported by no stack of this cloud assembly; rehearse together with the stack that exports it`,
          );
        }
        return exported.resolver.resolve(exported.value);
      }
      case 'Fn::Base64':
        return Buffer.from(String(this.evaluate(args))).toString('base64');
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.env.region}${zone}`);
      default:
        throw new Error(`The rehearsal cannot evaluate ${fn} (in stack ${this.stack.displayName})`);
    }
  }

  private ref(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::AccountId':
        return this.env.account;
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::StackName':
        return this.env.stackName;
      case 'AWS::StackId':
        return `arn:${this.env.partition}:cloudformation:${this.env.region}:${this.env.account}:stack/${this.env.stackName}/00000000-0000-4000-8000-000000000000`;
      case 'AWS::URLSuffix':
        return this.env.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::NotificationARNs':
        return [];
    }
    const parameter = this.stack.template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) {
        throw new Error(`Parameter ${name} of stack ${this.stack.displayName} has no default; the rehearsal cannot know its value`);
      }
      return parameter.Default;
    }
    return this.physical(name).ref;
  }

  private getAtt(logicalId: string, attribute: string): string {
    return this.physical(logicalId).attribute(attribute);
  }

  private physical(logicalId: string) {
    const resource = this.resources[logicalId];
    if (!resource) throw new Error(`${logicalId} is not a resource of stack ${this.stack.displayName}`);
    if (this.resolving.has(logicalId)) throw new Error(`${logicalId} refers to itself`);
    this.resolving.add(logicalId);
    try {
      return this.physicalIds.of(logicalId, resource, this.namingProperties(logicalId));
    } finally {
      this.resolving.delete(logicalId);
    }
  }

  /** Properties a physical name is made of; one that cannot be evaluated is simply not used for naming. */
  private namingProperties(logicalId: string): Record<string, unknown> {
    try {
      return this.properties(logicalId);
    } catch {
      return this.resources[logicalId]?.Properties ?? {};
    }
  }

  private sub(args: unknown): string {
    const [text, variables] = Array.isArray(args) ? (args as [string, Record<string, unknown>]) : [String(args), {}];
    return text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (variables && name in variables) return String(this.evaluate(variables[name]));
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [logicalId, ...attribute] = name.split('.');
        return this.getAtt(logicalId, attribute.join('.'));
      }
      const value = this.ref(name);
      return value === NO_VALUE ? '' : String(value);
    });
  }
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolvers for every stack of an assembly, wired so that Fn::ImportValue finds its export. */
export function resolversFor(stacks: readonly AssemblyStack[]): Map<string, StackResolver> {
  const resolvers = new Map<string, StackResolver>();
  const lookup: ExportLookup = (name) => {
    for (const resolver of resolvers.values()) {
      for (const output of Object.values(resolver.stack.template.Outputs ?? {})) {
        if (output.Export && resolver.resolve(output.Export.Name) === name) return { resolver, value: output.Value };
      }
    }
    return undefined;
  };
  for (const stack of stacks) resolvers.set(stack.id, new StackResolver(stack, lookup));
  return resolvers;
}
