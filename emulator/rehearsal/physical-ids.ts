import { createHash } from 'node:crypto';
import type { TemplateResource } from './assembly';

/** Where a stack's resources live: what synthesized ARNs and names are made of. */
export interface StackEnvironment {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** What the rehearsal says a resource's Ref and Fn::GetAtt return. */
export interface PhysicalResource {
  readonly ref: string;
  attribute(name: string): string;
}

interface Naming {
  readonly env: StackEnvironment;
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
  /** A deterministic random-looking token for this resource (and replacement generation). */
  token(length: number, alphabet?: 'upper' | 'lower' | 'hex'): string;
}

interface TypeRule {
  ref(n: Naming): string;
  attributes?: Record<string, (n: Naming, ref: string) => string>;
}

const arn = (n: Naming, service: string, resource: string, regional = true) =>
  `arn:${n.env.partition}:${service}:${regional ? n.env.region : ''}:${service === 's3' ? '' : n.env.account}:${resource}`;

/** A name CloudFormation would generate: stack name, logical id and a random suffix. */
const generatedName = (n: Naming, max = 64) => `${n.env.stackName}-${n.logicalId}`.slice(0, max - 13) + `-${n.token(12)}`;

const literal = (n: Naming, key: string) => {
  const value = n.properties[key];
  return typeof value === 'string' ? value : undefined;
};

const dmsArn = (kind: string) => (n: Naming) => arn(n, 'dms', `${kind}:${n.token(26)}`);

// Ref and Fn::GetAtt shapes of the resource types that cdk-cutover targets (and their usual
// neighbours), as CloudFormation documents them.
const RULES: Record<string, TypeRule> = {
  'AWS::DMS::ReplicationTask': { ref: dmsArn('task') },
  'AWS::DMS::ReplicationInstance': { ref: dmsArn('rep') },
  'AWS::DMS::Endpoint': { ref: dmsArn('endpoint'), attributes: { ExternalId: (n) => n.token(26) } },
  'AWS::DMS::ReplicationConfig': {
    ref: dmsArn('replication-config'),
    attributes: { ReplicationConfigArn: (_n, ref) => ref },
  },
  'AWS::S3::Bucket': {
    ref: (n) => literal(n, 'BucketName') ?? generatedName(n, 63).toLowerCase(),
    attributes: {
      Arn: (n, ref) => `arn:${n.env.partition}:s3:::${ref}`,
      DomainName: (_n, ref) => `${ref}.s3.amazonaws.com`,
      RegionalDomainName: (n, ref) => `${ref}.s3.${n.env.region}.amazonaws.com`,
    },
  },
  'AWS::IAM::Role': {
    ref: (n) => literal(n, 'RoleName') ?? generatedName(n),
    attributes: {
      Arn: (n, ref) => arn(n, 'iam', `role${literal(n, 'Path') ?? '/'}${ref}`, false),
      RoleId: (n) => `AROA${n.token(17)}`,
    },
  },
  'AWS::IAM::ManagedPolicy': { ref: (n) => arn(n, 'iam', `policy/${literal(n, 'ManagedPolicyName') ?? generatedName(n)}`, false) },
  'AWS::KMS::Key': {
    ref: (n) => uuidOf(n),
    attributes: { Arn: (n, ref) => arn(n, 'kms', `key/${ref}`), KeyId: (_n, ref) => ref },
  },
  'AWS::KMS::Alias': { ref: (n) => literal(n, 'AliasName') ?? `alias/${n.logicalId}` },
  'AWS::SecretsManager::Secret': {
    ref: (n) => arn(n, 'secretsmanager', `secret:${literal(n, 'Name') ?? generatedName(n)}-${n.token(6, 'lower')}`),
    attributes: { Id: (_n, ref) => ref },
  },
  'AWS::Lambda::Function': {
    ref: (n) => literal(n, 'FunctionName') ?? generatedName(n),
    attributes: { Arn: (n, ref) => arn(n, 'lambda', `function:${ref}`) },
  },
  'AWS::RDS::DBInstance': {
    ref: (n) => (literal(n, 'DBInstanceIdentifier') ?? generatedName(n, 63)).toLowerCase(),
    attributes: {
      DBInstanceArn: (n, ref) => arn(n, 'rds', `db:${ref}`),
      'Endpoint.Address': (n, ref) => `${ref}.${n.token(12, 'lower')}.${n.env.region}.rds.amazonaws.com`,
      'Endpoint.Port': () => '5432',
    },
  },
  'AWS::RDS::DBCluster': {
    ref: (n) => (literal(n, 'DBClusterIdentifier') ?? generatedName(n, 63)).toLowerCase(),
    attributes: {
      DBClusterArn: (n, ref) => arn(n, 'rds', `cluster:${ref}`),
      'Endpoint.Address': (n, ref) => `${ref}.cluster-${n.token(12, 'lower')}.${n.env.region}.rds.amazonaws.com`,
      'Endpoint.Port': () => '5432',
    },
  },
  'AWS::Logs::LogGroup': {
    ref: (n) => literal(n, 'LogGroupName') ?? generatedName(n),
    attributes: { Arn: (n, ref) => arn(n, 'logs', `log-group:${ref}:*`) },
  },
  'AWS::StepFunctions::StateMachine': {
    ref: (n) => arn(n, 'states', `stateMachine:${literal(n, 'StateMachineName') ?? generatedName(n)}`),
    attributes: { Name: (_n, ref) => ref.split(':').pop()! },
  },
};

/** Any other type: a generated name, and an ARN in the type's own service. */
const FALLBACK: TypeRule = { ref: (n) => generatedName(n) };

/**
 * Synthesized physical ids for the resources of a template: deterministic per stack, logical id
 * and generation, so a rehearsal prints the same ARNs every time, and a replaced resource (an
 * update that replaces it) gets a new one.
 */
export class PhysicalIds {
  private readonly generations = new Map<string, number>();
  private readonly cache = new Map<string, PhysicalResource>();

  constructor(private readonly env: StackEnvironment) {}

  of(logicalId: string, resource: TemplateResource, properties: Record<string, unknown>): PhysicalResource {
    const generation = this.generations.get(logicalId) ?? 0;
    const key = `${logicalId}#${generation}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const seed = `${this.env.stackName}/${key}`;
    const naming: Naming = { env: this.env, logicalId, properties, token: (length, alphabet) => token(seed, length, alphabet) };
    const rule = RULES[resource.Type] ?? FALLBACK;
    const ref = rule.ref(naming);
    const physical: PhysicalResource = {
      ref,
      attribute: (name) => {
        const attribute = rule.attributes?.[name];
        if (attribute) return attribute(naming, ref);
        if (name === 'Arn') return arn(naming, serviceOf(resource.Type), `${kindOf(resource.Type)}/${ref}`);
        return `${ref}.${name}`;
      },
    };
    this.cache.set(key, physical);
    return physical;
  }

  /** The resource is replaced: from now on it has a new physical id. */
  replace(logicalId: string): void {
    this.generations.set(logicalId, (this.generations.get(logicalId) ?? 0) + 1);
  }
}

const ALPHABETS = { upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', lower: 'abcdefghijklmnopqrstuvwxyz0123456789', hex: '0123456789abcdef' };

/** Deterministic characters derived from `seed`. */
export function token(seed: string, length: number, alphabet: keyof typeof ALPHABETS = 'upper'): string {
  const chars = ALPHABETS[alphabet];
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (const byte of createHash('sha256').update(`${seed}:${round}`).digest()) {
      if (out.length < length) out += chars[byte % chars.length];
    }
  }
  return out;
}

function uuidOf(n: Naming): string {
  const hex = n.token(32, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function serviceOf(type: string): string {
  return (type.split('::')[1] ?? 'custom').toLowerCase();
}

function kindOf(type: string): string {
  return (type.split('::')[2] ?? 'resource').toLowerCase();
}
