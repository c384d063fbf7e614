import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** The parts of a CloudFormation template the rehearsal reads. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
}

export interface Template {
  readonly Resources?: Record<string, TemplateResource>;
  readonly Parameters?: Record<string, { Default?: unknown; Type?: string }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

/** One stack of a cloud assembly, with the environment its ARNs are made in. */
export interface AssemblyStack {
  /** The artifact id, e.g. "CutoverExampleStack" or "Prod-MigrationStack" in a Stage. */
  readonly id: string;
  /** What `cdk` shows: "CutoverExampleStack" or "Prod/MigrationStack". */
  readonly displayName: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly template: Template;
  /** The folder holding the template and its assets. */
  readonly assemblyDir: string;
  /** Ids of the stacks this one must be deployed after. */
  readonly dependencies: readonly string[];
}

interface Manifest {
  readonly artifacts?: Record<string, Artifact>;
}

interface Artifact {
  readonly type: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly dependencies?: string[];
  readonly properties?: { templateFile?: string; stackName?: string; directoryName?: string };
}

// An environment-agnostic stack synthesizes "aws://unknown-account/unknown-region"; the rehearsal
// then makes its ARNs in the same placeholder account and region as the emulator.
const DEFAULT_ACCOUNT = '123456789012';
const DEFAULT_REGION = 'us-east-1';

/** Reads every stack of a cloud assembly, including those of nested assemblies (CDK Stages). */
export function readAssembly(dir: string): AssemblyStack[] {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`${dir} is not a cloud assembly (it has no manifest.json); synthesize the app first or pass --app`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const stacks: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readAssembly(join(dir, artifact.properties.directoryName)));
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const [account, region] = parseEnvironment(artifact.environment);
    stacks.push({
      id,
      displayName: artifact.displayName ?? id,
      stackName: artifact.properties.stackName ?? id,
      account,
      region,
      template: JSON.parse(readFileSync(join(dir, artifact.properties.templateFile), 'utf8')) as Template,
      assemblyDir: dir,
      dependencies: (artifact.dependencies ?? []).filter((d) => manifest.artifacts?.[d]?.type === 'aws:cloudformation:stack'),
    });
  }
  return stacks;
}

function parseEnvironment(environment: string | undefined): [string, string] {
  const match = /^aws:\/\/([^/]+)\/(.+)$/.exec(environment ?? '');
  const account = match && !match[1].startsWith('unknown-') ? match[1] : DEFAULT_ACCOUNT;
  const region = match && !match[2].startsWith('unknown-') ? match[2] : DEFAULT_REGION;
  return [account, region];
}

/** Stacks ordered so that every stack comes after the stacks it depends on. */
export function deploymentOrder(stacks: readonly AssemblyStack[]): AssemblyStack[] {
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const ordered: AssemblyStack[] = [];
  const visiting = new Set<string>();
  const visit = (stack: AssemblyStack) => {
    if (ordered.includes(stack)) return;
    if (visiting.has(stack.id)) throw new Error(`Stacks ${[...visiting].join(', ')} depend on each other in a cycle`);
    visiting.add(stack.id);
    for (const dep of stack.dependencies) {
      const dependency = byId.get(dep);
      if (dependency) visit(dependency);
    }
    visiting.delete(stack.id);
    ordered.push(stack);
  };
  stacks.forEach(visit);
  return ordered;
}

/** Resolves an asset path from a template's metadata (relative to the assembly, or absolute when staging is off). */
export function assetPath(stack: AssemblyStack, path: string): string {
  return isAbsolute(path) ? path : join(stack.assemblyDir, path);
}

/**
 * The staged folder of a file asset, by the hash in its S3 key, from the assembly's asset
 * manifests: templates synthesized without asset metadata still name their assets this way.
 */
export function assetByHash(stack: AssemblyStack, hash: string): string | undefined {
  for (const file of readdirSync(stack.assemblyDir).filter((f) => f.endsWith('.assets.json'))) {
    const manifest = JSON.parse(readFileSync(join(stack.assemblyDir, file), 'utf8')) as { files?: Record<string, { source?: { path?: string } }> };
    const path = manifest.files?.[hash]?.source?.path;
    if (path) return assetPath(stack, path);
  }
  return undefined;
}

export interface SynthOptions {
  /** The app command, run through the shell as `cdk synth` would run it. */
  readonly command: string;
  readonly cwd: string;
  readonly outdir: string;
}

/**
 * Synthesizes a CDK app the way the CDK CLI does, without needing the CLI: the app writes its
 * cloud assembly to CDK_OUTDIR and reads its context (cdk.json, cdk.context.json) from CDK_CONTEXT_JSON.
 */
export async function synthesize(options: SynthOptions): Promise<void> {
  const context = {
    // What the CDK CLI sets by default: construct paths and asset folders in template metadata.
    'aws:cdk:enable-path-metadata': true,
    'aws:cdk:enable-asset-metadata': true,
    'aws:cdk:bundling-stacks': ['**'],
    ...readContext(join(options.cwd, 'cdk.json'), true),
    ...readContext(join(options.cwd, 'cdk.context.json'), false),
  };
  const child = spawn(options.command, {
    cwd: options.cwd,
    shell: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CDK_OUTDIR: options.outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`The app command "${options.command}" failed (exit code ${code}):\n${output.trim()}`);
  }
  if (!existsSync(join(options.outdir, 'manifest.json'))) {
    throw new Error(
      `The app command "${options.command}" wrote no cloud assembly to CDK_OUTDIR; make sure it creates an App ` +
        `from aws-cdk-lib (which writes there) or calls app.synth()\n${output.trim()}`,
    );
  }
}

function readContext(file: string, nested: boolean): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return nested ? ((json.context as Record<string, unknown> | undefined) ?? {}) : json;
}

/** The app command of a CDK project (its cdk.json "app"), if it has one. */
export function appCommandOf(dir: string): string | undefined {
  const file = join(dir, 'cdk.json');
  if (!existsSync(file)) return undefined;
  const app = (JSON.parse(readFileSync(file, 'utf8')) as { app?: unknown }).app;
  return typeof app === 'string' ? app : undefined;
}
