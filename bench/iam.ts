/**
 * IAM figures computed on a synthesized template: policy characters as IAM counts them (without
 * white space), per role, after estimating the values CloudFormation resolves at deploy time.
 * Both sides of every comparison go through the same functions.
 */

export type Template = { Resources?: Record<string, { Type: string; Properties?: any; DependsOn?: unknown }> };

/** IAM quotas (defaults of an account). */
export const IAM_QUOTAS = {
  inlineCharsPerRole: 10_240,
  charsPerManagedPolicy: 6_144,
  managedPoliciesPerRole: 10,
} as const;

/** Deploy-time values assumed for intrinsics: a real region and account, generated names at their usual length. */
const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'ap-southeast-2',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::NoValue': '',
};

export interface PolicyReport {
  readonly logicalId: string;
  readonly chars: number;
  readonly statements: number;
}

export interface RoleReport {
  readonly logicalId: string;
  /** Inline policies: AWS::IAM::Policy resources attached to the role and the role's own Policies. */
  readonly inline: PolicyReport[];
  readonly inlineChars: number;
  /** Customer-managed policies attached to the role. */
  readonly managed: PolicyReport[];
  /** AWS managed policy ARNs on the role (they count toward the managed-policies-per-role quota). */
  readonly awsManagedPolicies: number;
  readonly withinQuotas: boolean;
}

/** Every role of the template with its policies measured against the IAM quotas. */
export function analyzeRoles(template: Template, stackName: string): RoleReport[] {
  const resources = template.Resources ?? {};
  const estimator = new DeployValueEstimator(template, stackName);
  const attachedTo = (properties: any, roleId: string) =>
    Array.isArray(properties?.Roles) && properties.Roles.some((r: unknown) => isRefTo(r, roleId));

  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role')
    .map(([roleId, role]) => {
      const inline: PolicyReport[] = [];
      for (const [i, policy] of (role.Properties?.Policies ?? []).entries()) {
        inline.push(measure(`${roleId}.Policies[${i}]`, policy.PolicyDocument, estimator));
      }
      const managed: PolicyReport[] = [];
      for (const [id, r] of Object.entries(resources)) {
        if (r.Type === 'AWS::IAM::Policy' && attachedTo(r.Properties, roleId)) inline.push(measure(id, r.Properties.PolicyDocument, estimator));
        if (r.Type === 'AWS::IAM::ManagedPolicy' && attachedTo(r.Properties, roleId)) managed.push(measure(id, r.Properties.PolicyDocument, estimator));
      }
      const awsManagedPolicies = (role.Properties?.ManagedPolicyArns ?? []).length;
      const inlineChars = inline.reduce((n, p) => n + p.chars, 0);
      const withinQuotas =
        inlineChars <= IAM_QUOTAS.inlineCharsPerRole &&
        managed.every((p) => p.chars <= IAM_QUOTAS.charsPerManagedPolicy) &&
        managed.length + awsManagedPolicies <= IAM_QUOTAS.managedPoliciesPerRole;
      return { logicalId: roleId, inline, inlineChars, managed, awsManagedPolicies, withinQuotas };
    });
}

function measure(logicalId: string, document: unknown, estimator: DeployValueEstimator): PolicyReport {
  const resolved = estimator.resolve(document);
  const statements = (resolved as { Statement?: unknown[] })?.Statement ?? [];
  return { logicalId, chars: iamChars(resolved), statements: statements.length };
}

/** Characters IAM counts for a policy document: its JSON without white space. */
export function iamChars(document: unknown): number {
  return JSON.stringify(document).replace(/\s/g, '').length;
}

/**
 * Replaces intrinsic functions with values of the length they will have once deployed: ARNs in
 * their real formats, generated physical names as CloudFormation makes them
 * (`<stack>-<logical id>-<13 characters>`, at most 64 characters).
 */
export class DeployValueEstimator {
  constructor(
    private readonly template: Template,
    private readonly stackName: string,
  ) {}

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, arg] = entries[0];
      if (key === 'Ref') return this.ref(String(arg));
      if (key === 'Fn::GetAtt') {
        const [id, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/);
        return this.getAtt(id, attribute);
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = arg as [string, unknown[]];
        return (this.resolve(parts) as unknown[]).map(String).join(separator);
      }
      if (key === 'Fn::Sub') return this.sub(arg);
      if (key === 'Fn::Select') {
        const [index, list] = arg as [number, unknown];
        return (this.resolve(list) as unknown[])[Number(index)];
      }
      if (key === 'Fn::Split') {
        const [separator, source] = arg as [string, unknown];
        return String(this.resolve(source)).split(separator);
      }
      if (key.startsWith('Fn::')) return 'x'.repeat(64);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  private sub(arg: unknown): string {
    const [text, variables] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
    return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
      if (name in variables) return String(this.resolve(variables[name]));
      const [id, attribute] = name.split(/\.(.*)/);
      return String(attribute ? this.getAtt(id, attribute) : this.ref(id));
    });
  }

  private ref(id: string): string {
    if (id in PSEUDO) return PSEUDO[id];
    if (id === 'AWS::StackName') return this.stackName;
    if (id === 'AWS::StackId') return this.arn('cloudformation', `stack/${this.stackName}/0a1b2c3d-4e5f-6789-abcd-ef0123456789`);
    const type = this.typeOf(id);
    switch (type) {
      case 'AWS::IAM::ManagedPolicy':
        return this.arn('iam', `policy/${this.name(id)}`, false);
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${this.name(id)}`);
      case 'AWS::DMS::ReplicationTask':
        return this.arn('dms', `task:${'A'.repeat(26)}`);
      case 'AWS::SecretsManager::Secret':
        return this.arn('secretsmanager', `secret:${this.name(id)}-AbCdEf`);
      default:
        return this.name(id);
    }
  }

  private getAtt(id: string, attribute: string): string {
    if (attribute !== 'Arn') return this.name(id);
    const name = this.name(id);
    switch (this.typeOf(id)) {
      case 'AWS::Lambda::Function':
        return this.arn('lambda', `function:${name}`);
      case 'AWS::IAM::Role':
        return this.arn('iam', `role/${name}`, false);
      case 'AWS::Logs::LogGroup':
        return this.arn('logs', `log-group:${name}:*`);
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${name}`);
      default: {
        const service = this.typeOf(id).split('::')[1]?.toLowerCase() ?? 'service';
        return this.arn(service, `resource/${name}`);
      }
    }
  }

  private arn(service: string, resource: string, regional = true): string {
    return `arn:${PSEUDO['AWS::Partition']}:${service}:${regional ? PSEUDO['AWS::Region'] : ''}:${PSEUDO['AWS::AccountId']}:${resource}`;
  }

  /** A generated physical name. */
  private name(id: string): string {
    return `${this.stackName}-${id}`.slice(0, 64 - 14) + '-ABCDEFGHIJKLM';
  }

  private typeOf(id: string): string {
    return this.template.Resources?.[id]?.Type ?? 'Unknown';
  }
}

function isRefTo(value: unknown, logicalId: string): boolean {
  return typeof value === 'object' && value !== null && (value as { Ref?: string }).Ref === logicalId;
}

export interface LeastPrivilegeReport {
  /** Every statement names its resources: its targets, resources of the stack, or documented patterns and "*". */
  readonly ok: boolean;
  readonly statements: number;
  /** Actions granted on "*", and whether the README documents each as granted on `*`. */
  readonly unscopedActions: { readonly action: string; readonly documented: boolean }[];
  /** Patterns (not one target) used as resources, and whether the README documents each. */
  readonly patterns: { readonly pattern: string; readonly documented: boolean }[];
  /** Resources that are none of the above (should be empty). */
  readonly unexpectedResources: string[];
}

export interface LeastPrivilegeScope {
  /** How each target's ARN ends once deployed (an ARN, or its unique resource part). */
  readonly targets: readonly string[];
  /** Resource patterns that are not a single target but are documented, e.g. `assessment-run:*`. */
  readonly patterns: readonly string[];
}

/**
 * Checks every statement of every role's policies: each resource must be one of the constructs'
 * targets or a resource of the stack itself; a declared pattern or "*" is accepted only when
 * `documentation` (the README) names it (for "*": names the action on a line that says `*`).
 */
export function checkLeastPrivilege(template: Template, stackName: string, scope: LeastPrivilegeScope, documentation: string): LeastPrivilegeReport {
  const resources = template.Resources ?? {};
  const estimator = new DeployValueEstimator(template, stackName);
  const documents: unknown[] = [];
  for (const r of Object.values(resources)) {
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') documents.push(r.Properties?.PolicyDocument);
    if (r.Type === 'AWS::IAM::Role') for (const p of r.Properties?.Policies ?? []) documents.push(p.PolicyDocument);
  }
  const starLines = documentation.split('\n').filter((line) => line.includes('`*`'));
  const unscoped = new Map<string, boolean>();
  const patterns = new Map<string, boolean>();
  const unexpected = new Set<string>();
  let statements = 0;
  for (const document of documents) {
    for (const statement of (document as { Statement?: any[] })?.Statement ?? []) {
      statements += 1;
      const actions: string[] = [].concat(statement.Action ?? []);
      for (const resource of [].concat(statement.Resource ?? [])) {
        if (resource === '*') {
          for (const action of actions) unscoped.set(action, starLines.some((line) => line.includes(`\`${action}\``)));
          continue;
        }
        if (typeof resource !== 'string' && referencesStackResource(resource, resources)) continue;
        // The stack itself (the handler reads its status to tell a teardown from a rollback).
        if ((resource as { Ref?: string }).Ref === 'AWS::StackId') continue;
        const deployed = String(estimator.resolve(resource));
        if (scope.targets.some((t) => deployed.endsWith(t))) continue;
        const pattern = scope.patterns.find((p) => deployed.endsWith(p));
        if (pattern) patterns.set(pattern, documentation.includes(pattern));
        else unexpected.add(typeof resource === 'string' ? resource : JSON.stringify(resource));
      }
    }
  }
  const unscopedActions = [...unscoped].map(([action, documented]) => ({ action, documented })).sort((a, b) => a.action.localeCompare(b.action));
  const patternList = [...patterns].map(([pattern, documented]) => ({ pattern, documented }));
  return {
    ok: unexpected.size === 0 && unscopedActions.every((a) => a.documented) && patternList.every((p) => p.documented),
    statements,
    unscopedActions,
    patterns: patternList,
    unexpectedResources: [...unexpected],
  };
}

/** True when a resource expression is built on a Ref or GetAtt of a resource of this template. */
function referencesStackResource(value: unknown, resources: Record<string, unknown>): boolean {
  if (Array.isArray(value)) return value.some((v) => referencesStackResource(v, resources));
  if (value === null || typeof value !== 'object') return false;
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string') return object.Ref in resources;
  if (object['Fn::GetAtt'] !== undefined) {
    const arg = object['Fn::GetAtt'];
    const id = Array.isArray(arg) ? String(arg[0]) : String(arg).split('.')[0];
    return id in resources;
  }
  return Object.values(object).some((v) => referencesStackResource(v, resources));
}
