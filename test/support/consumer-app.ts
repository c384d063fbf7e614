import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh CDK app outside this repository that depends on the packed library, the way a user
 * installs it: `npm pack` of the built package, then `npm install` of the tarball next to
 * aws-cdk-lib and constructs (the versions this repo uses, so npm finds them in its cache).
 */

const ROOT = join(__dirname, '..', '..');

/** What `npm pack` needs to have been built (`npm test` builds first; `npm run build` otherwise). */
const BUILD_OUTPUTS = ['.jsii', 'lib/index.js', 'emulator/index.js', 'emulator/rehearsal/cli.js', 'assets/handler/index.mjs'];

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ConsumerApp {
  readonly dir: string;
  /** Runs a shell command in the app's folder. */
  run(command: string, options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<CommandResult>;
  /** Removes the app and the packed tarball. */
  dispose(): void;
}

export interface ConsumerAppOptions {
  /** The app's entry point, plain JavaScript (CommonJS), written to app.js; cdk.json runs `node app.js`. */
  readonly appSource: string;
  /** More packages to install, with versions (they must be in the npm cache). */
  readonly extraDependencies?: readonly string[];
}

/** Packs the built library into `dir` and returns the tarball's path. */
export async function packLibrary(dir: string): Promise<string> {
  const missing = BUILD_OUTPUTS.filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length > 0) {
    throw new Error(`The package is not built (missing ${missing.join(', ')}); run "npm run build" first (npm test does)`);
  }
  const packed = await sh(`npm pack --silent --pack-destination "${dir}"`, ROOT, 60_000);
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const name = packed.stdout.trim().split('\n').pop()!;
  return join(dir, name);
}

/** Creates a CDK app in a temp folder with the packed library installed. */
export async function createConsumerApp(options: ConsumerAppOptions): Promise<ConsumerApp> {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-cutover-consumer-'));
  try {
    const tarball = await packLibrary(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true }, null, 2));
    writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js' }, null, 2));
    writeFileSync(join(dir, 'app.js'), options.appSource);
    const dependencies = [
      tarball,
      `aws-cdk-lib@${installedVersion('aws-cdk-lib')}`,
      `constructs@${installedVersion('constructs')}`,
      ...(options.extraDependencies ?? []),
    ];
    const install = await sh(`npm install --prefer-offline --no-audit --no-fund --loglevel=error ${dependencies.map((d) => `"${d}"`).join(' ')}`, dir, 180_000);
    if (install.code !== 0) throw new Error(`npm install in the consumer app failed:\n${install.stdout}\n${install.stderr}`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    run: (command, runOptions = {}) => sh(command, dir, runOptions.timeoutMs ?? 60_000, runOptions.env),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

function sh(command: string, cwd: string, timeoutMs: number, env: Record<string, string> = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    // Not this repo's jest/ts settings: the consumer runs in a plain environment.
    const childEnv: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', ...env };
    delete childEnv.CUTOVER_BUNDLE_DIR;
    delete childEnv.CDK_OUTDIR;
    delete childEnv.CDK_CONTEXT_JSON;
    const child = spawn(command, { cwd, shell: true, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`"${command}" did not finish within ${timeoutMs / 1000} s\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
