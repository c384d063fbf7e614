import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { main } from '../../emulator/rehearsal/cli';

const ROOT = join(__dirname, '..', '..');

// What the CDK CLI puts in the context: asset folders and construct paths in template metadata.
const CLI_CONTEXT = { 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': true };

const made: string[] = [];

/** A fresh temp dir, removed by {@link cleanUp}. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanUp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Synthesizes the example app by running bin/app.ts itself, the way `cdk synth` runs an app:
 * with CDK_OUTDIR and CDK_CONTEXT_JSON set. Returns the cloud assembly folder.
 */
export function synthExampleApp(): string {
  const outdir = tempDir('rehearse-example-');
  const saved = { outdir: process.env.CDK_OUTDIR, context: process.env.CDK_CONTEXT_JSON };
  process.env.CDK_OUTDIR = outdir;
  process.env.CDK_CONTEXT_JSON = JSON.stringify(CLI_CONTEXT);
  try {
    jest.isolateModules(() => require('../../bin/app'));
  } finally {
    restore('CDK_OUTDIR', saved.outdir);
    restore('CDK_CONTEXT_JSON', saved.context);
  }
  return useBundleUnderTest(outdir);
}

/** Synthesizes one stack built by `build`; returns the cloud assembly folder. */
export function synthStack(id: string, build: (stack: Stack) => void): string {
  const outdir = tempDir('rehearse-stack-');
  const app = new App({ outdir, context: CLI_CONTEXT });
  build(new Stack(app, id, { env: { account: '123456789012', region: 'eu-west-1' } }));
  app.synth();
  return useBundleUnderTest(outdir);
}

/**
 * Parallel local development builds the handler into CUTOVER_BUNDLE_DIR instead of assets/handler
 * (which `npm test` builds): put that bundle into the assembly's handler asset, as the rig does.
 */
function useBundleUnderTest(outdir: string): string {
  const bundle = process.env.CUTOVER_BUNDLE_DIR;
  if (!bundle) return outdir;
  for (const entry of readdirSync(outdir)) {
    const asset = join(outdir, entry);
    if (entry.startsWith('asset.') && existsSync(join(asset, 'index.mjs')) && existsSync(join(asset, 'chunks'))) {
      rmSync(asset, { recursive: true });
      cpSync(join(ROOT, bundle), asset, { recursive: true });
    }
  }
  return outdir;
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cdk-cutover <args>` in-process (the same main() as the installed bin), capturing its output. */
export async function runCli(args: string[], cwd = ROOT): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
  });
  return { code, stdout, stderr };
}
