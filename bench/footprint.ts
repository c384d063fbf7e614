import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { analyzeRoles, checkLeastPrivilege, IAM_QUOTAS, LeastPrivilegeReport, LeastPrivilegeScope, RoleReport, Template } from './iam';
import { BenchOperation, dmsStopReplicationTask, dmsTaskArn } from './operations';

/** CloudFormation quotas (a template uploaded through S3). */
export const CFN_QUOTAS = { resourcesPerStack: 500, templateBytes: 1_000_000 } as const;

/** The stack name used for every synthesized stack (also the length assumed for generated names). */
export const STACK_NAME = 'MigrationTeardownStack';

/** A stack to synthesize: N operations of some kind. */
export interface StackSpec {
  readonly kind: 'cutover' | 'aws-custom-resource' | 'mixed';
  readonly label: string;
  readonly n: number;
  /** Adds the N operations. */
  readonly build: (stack: Stack) => void;
  /** What the operations' statements may name (for the least-privilege check). */
  readonly scope: LeastPrivilegeScope;
}

/** N DmsStopReplicationTask (or any other row) in one stack. */
export function cutoverStack(operation: BenchOperation, n: number): StackSpec {
  return {
    kind: 'cutover',
    label: operation.name,
    n,
    build: (stack) => {
      for (let i = 0; i < n; i++) operation.addConstruct(stack, `Op${i}`, i);
    },
    scope: scopeOf(range(n).map((i) => [operation, i] as const)),
  };
}

function scopeOf(operations: ReadonlyArray<readonly [BenchOperation, number]>): LeastPrivilegeScope {
  return {
    targets: operations.flatMap(([operation, i]) => operation.targets(i)),
    patterns: [...new Set(operations.flatMap(([operation]) => operation.documentedPatterns ?? []))],
  };
}

/** N operations cycling through every row: all the constructs that exist, side by side. */
export function mixedStack(operations: readonly BenchOperation[], n: number): StackSpec {
  const pick = (i: number) => operations[i % operations.length];
  return {
    kind: 'mixed',
    label: `mixed (${operations.map((o) => o.name).join(', ')})`,
    n,
    build: (stack) => {
      for (let i = 0; i < n; i++) pick(i).addConstruct(stack, `Op${i}`, i);
    },
    scope: scopeOf(range(n).map((i) => [pick(i), i] as const)),
  };
}

/**
 * AwsCustomResource stopping task `index` on delete, the way its documentation shows: one SDK call,
 * a policy generated from it with the task ARN as its resource. The SDK preinstalled in the Lambda
 * runtime is used (installing the latest one at deploy time needs internet access and takes longer).
 */
export function addAwsCustomResourceStop(scope: Construct, id: string, index: number): cr.AwsCustomResource {
  const arn = dmsTaskArn(index);
  return new cr.AwsCustomResource(scope, id, {
    onDelete: { service: '@aws-sdk/client-database-migration-service', action: 'StopReplicationTask', parameters: { ReplicationTaskArn: arn } },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [arn] }),
    installLatestAwsSdk: false,
  });
}

export function awsCustomResourceStack(n: number): StackSpec {
  return {
    kind: 'aws-custom-resource',
    label: 'AwsCustomResource (StopReplicationTask on delete)',
    n,
    build: (stack) => {
      for (let i = 0; i < n; i++) addAwsCustomResourceStop(stack, `Op${i}`, i);
    },
    scope: { targets: range(n).map(dmsTaskArn), patterns: [] },
  };
}

/** The operation the footprint comparison is about. */
export const COMPARED_OPERATION = dmsStopReplicationTask;

export interface Synthesis {
  readonly synthMs: number;
  readonly template: Template;
  readonly templateBytes: number;
  /** The cloud assembly folder (assets staged as CloudFormation would get them). */
  readonly assemblyDir: string;
}

/**
 * Synthesizes a stack in this process, timing everything a `cdk synth` of it does: constructing
 * the app and the operations, then app.synth() (validation, asset staging, template writing).
 */
export function synthesize(spec: StackSpec, outdir: string): Synthesis {
  rmSync(outdir, { recursive: true, force: true });
  const started = performance.now();
  const app = new App({ outdir });
  const stack = new Stack(app, STACK_NAME);
  spec.build(stack);
  const assembly = app.synth();
  const synthMs = performance.now() - started;
  const artifact = assembly.getStackByName(STACK_NAME);
  const templatePath = join(assembly.directory, artifact.templateFile);
  return {
    synthMs,
    template: JSON.parse(readFileSync(templatePath, 'utf8')) as Template,
    templateBytes: statSync(templatePath).size,
    assemblyDir: assembly.directory,
  };
}

export interface Footprint {
  readonly kind: StackSpec['kind'];
  readonly label: string;
  readonly n: number;
  /** Median of the timed syntheses, and every sample. */
  readonly synthMs: number;
  readonly synthSamplesMs: number[];
  /** Size of the template file CloudFormation receives. */
  readonly templateBytes: number;
  readonly resources: number;
  readonly resourcesByType: Record<string, number>;
  /** Template bytes taken by the resources of each type (as written in the file). */
  readonly bytesByType: Record<string, number>;
  readonly lambdaFunctions: number;
  readonly roles: RoleReport[];
  /** The role with the largest policies (the one quotas bite first). */
  readonly largestRole: { logicalId: string; inlineChars: number; customerManaged: number; awsManaged: number; largestManagedChars: number };
  readonly quotas: {
    readonly resources: boolean;
    readonly templateBytes: boolean;
    readonly inlineCharsPerRole: boolean;
    readonly charsPerManagedPolicy: boolean;
    readonly managedPoliciesPerRole: boolean;
    readonly all: boolean;
  };
  readonly leastPrivilege: LeastPrivilegeReport;
}

/**
 * Synthesizes `spec` `repetitions` times (the time is the median; the template is the same every
 * time) and measures the last template.
 */
export function measureFootprint(spec: StackSpec, outdir: string, repetitions: number, documentation: string): Footprint {
  const samples: number[] = [];
  let synthesis: Synthesis | undefined;
  for (let i = 0; i < repetitions; i++) {
    synthesis = synthesize(spec, outdir);
    samples.push(synthesis.synthMs);
  }
  return describeTemplate(spec, synthesis!, samples, documentation);
}

export function describeTemplate(spec: StackSpec, synthesis: Synthesis, samples: number[], documentation: string): Footprint {
  const resources = Object.values(synthesis.template.Resources ?? {});
  const resourcesByType: Record<string, number> = {};
  for (const r of resources) resourcesByType[r.Type] = (resourcesByType[r.Type] ?? 0) + 1;
  const roles = analyzeRoles(synthesis.template, STACK_NAME);
  const size = (r: RoleReport) => r.inlineChars + r.managed.reduce((n, p) => n + p.chars, 0);
  const largest = [...roles].sort((a, b) => size(b) - size(a))[0];
  const quotas = {
    resources: resources.length <= CFN_QUOTAS.resourcesPerStack,
    templateBytes: synthesis.templateBytes <= CFN_QUOTAS.templateBytes,
    inlineCharsPerRole: roles.every((r) => r.inlineChars <= IAM_QUOTAS.inlineCharsPerRole),
    charsPerManagedPolicy: roles.every((r) => r.managed.every((p) => p.chars <= IAM_QUOTAS.charsPerManagedPolicy)),
    managedPoliciesPerRole: roles.every((r) => r.managed.length + r.awsManagedPolicies <= IAM_QUOTAS.managedPoliciesPerRole),
  };
  return {
    kind: spec.kind,
    label: spec.label,
    n: spec.n,
    synthMs: median(samples),
    synthSamplesMs: samples.map(round1),
    templateBytes: synthesis.templateBytes,
    resources: resources.length,
    resourcesByType,
    bytesByType: bytesByType(synthesis.template),
    lambdaFunctions: resourcesByType['AWS::Lambda::Function'] ?? 0,
    roles,
    largestRole: {
      logicalId: largest?.logicalId ?? '',
      inlineChars: largest?.inlineChars ?? 0,
      customerManaged: largest?.managed.length ?? 0,
      awsManaged: largest?.awsManagedPolicies ?? 0,
      largestManagedChars: Math.max(0, ...(largest?.managed.map((p) => p.chars) ?? [])),
    },
    quotas: { ...quotas, all: Object.values(quotas).every(Boolean) },
    leastPrivilege: checkLeastPrivilege(synthesis.template, STACK_NAME, spec.scope, documentation),
  };
}

/** Bytes each resource takes in the template file (one-space indentation, two levels deep), summed per type. */
export function bytesByType(template: Template): Record<string, number> {
  const bytes: Record<string, number> = {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const text = `  ${JSON.stringify(id)}: ${JSON.stringify(resource, undefined, 1).replace(/\n/g, '\n  ')},\n`;
    bytes[resource.Type] = (bytes[resource.Type] ?? 0) + Buffer.byteLength(text);
  }
  return bytes;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round1 = (x: number) => Math.round(x * 10) / 10;
export const range = (n: number) => Array.from({ length: n }, (_, i) => i);
