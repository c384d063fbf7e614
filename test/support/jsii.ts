import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Helpers for the tests of what jsii makes of the library (test/package). */

export const ROOT = join(__dirname, '..', '..');

/** The sources jsii compiles (tsconfig.jsii.json): when one is newer than .jsii, the assembly is stale. */
const ASSEMBLY_SOURCES = ['lib', 'contract'];

/** The parts of a jsii assembly (.jsii, schema jsii/0.10.0) these tests read. */
export interface Assembly {
  readonly name: string;
  readonly keywords?: readonly string[];
  readonly targets?: Record<string, Record<string, unknown>>;
  readonly types: Record<string, AssemblyType>;
}

export interface AssemblyType {
  readonly fqn: string;
  readonly name: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly base?: string;
  readonly interfaces?: readonly string[];
  readonly datatype?: boolean;
  readonly properties?: ReadonlyArray<{ readonly name: string }>;
  readonly members?: ReadonlyArray<{ readonly name: string }>;
  readonly initializer?: { readonly parameters?: ReadonlyArray<{ readonly name: string; readonly type: { readonly fqn?: string } }> };
}

/** Reads the .jsii assembly `npm run build` wrote, refusing one older than the sources it describes. */
export function readAssembly(): Assembly {
  const file = join(ROOT, '.jsii');
  let built: number;
  try {
    built = statSync(file).mtimeMs;
  } catch {
    throw new Error('.jsii is missing: run "npm run build" first (npm test does)');
  }
  const newer = ASSEMBLY_SOURCES.flatMap((dir) => tsFiles(join(ROOT, dir))).filter((f) => statSync(f).mtimeMs > built);
  if (newer.length > 0) {
    throw new Error(`.jsii is older than ${newer.map((f) => f.slice(ROOT.length + 1)).join(', ')}: run "npm run build" first (npm test does)`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Assembly;
}

/** The props struct's property names of a class's initializer, inherited ones included. */
export function initializerPropNames(assembly: Assembly, type: AssemblyType): string[] {
  // A struct itself (e.g. CatchUpOptions(max_latency=...) in Python) is built from its own properties.
  if (type.datatype) return structPropNames(assembly, type.fqn);
  const struct = type.initializer?.parameters?.map((p) => p.type.fqn).find((fqn) => fqn && assembly.types[fqn]?.datatype);
  return struct ? structPropNames(assembly, struct) : [];
}

function structPropNames(assembly: Assembly, fqn: string): string[] {
  const struct = assembly.types[fqn];
  if (!struct) return []; // a struct of another library (none today)
  return [...(struct.properties ?? []).map((p) => p.name), ...(struct.interfaces ?? []).flatMap((i) => structPropNames(assembly, i))];
}

/** True for classes that extend constructs.Construct, directly or through a class of this library. */
export function isConstruct(assembly: Assembly, type: AssemblyType): boolean {
  if (type.kind !== 'class' || !type.base) return false;
  return type.base === 'constructs.Construct' || (assembly.types[type.base] !== undefined && isConstruct(assembly, assembly.types[type.base]));
}

/** Runs a command without a shell; resolves with its exit code and output (never rejects on exit codes). */
export function run(file: string, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd ?? ROOT,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
        // jsii's tools call Node 20 end-of-life; the build silences that for Node 20 only, as here.
        env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error && typeof error.code !== 'number' ? String(error.message) : '') });
      },
    );
  });
}

/** A binary installed in node_modules/.bin. */
export function bin(name: string): string {
  return join(ROOT, 'node_modules', '.bin', name);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
