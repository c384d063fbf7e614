#!/usr/bin/env node
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FaultSpec } from '../core/faults';
import { appCommandOf, readAssembly, synthesize } from './assembly';
import { createReporter, spinWhile, summaryTable } from './display';
import { FAULTS, parseFaults } from './faults';
import { planRehearsal } from './plan';
import { rehearse } from './runner';
import { writeTimeline } from './timeline';

const USAGE = `Usage: cdk-cutover rehearse [options]

Rehearses the cutover and teardown of a CDK app's cdk-cutover resources offline: seeds a local
emulator with a live target for each, then plays CloudFormation's Create, (Update) and Delete,
running the real handler bundle from the cloud assembly the way the custom-resource Provider does.

Options:
  --app <command>     synthesize the app with this command (default: "app" in ./cdk.json)
  --assembly <dir>    rehearse an existing cloud assembly (e.g. cdk.out) instead of synthesizing
  --stack <name>      a stack to rehearse (repeatable, "*" wildcards); default: every stack with cdk-cutover resources
  --update            also rehearse an update: every target is replaced, so each resource gets an Update with new properties
  --faults <list>     inject faults, comma-separated name[:count][@service|@Operation]; names:
${Object.entries(FAULTS).map(([name, f]) => `                        ${name.padEnd(14)} ${f.meaning} (default count ${f.count === 'every' ? 'every matching call' : f.count})`).join('\n')}
  --speed <N>         play service durations and polling N times faster than real time (default 60)
  --state <file>      JSON overrides of the seeded targets, by resource logical id or construct path,
                      e.g. {"StopOrdersTask": {"status": "starting", "stopDurationSeconds": 600}}
  --json <file>       write the timeline (every step, API call and state change) as JSON
  --logs <file>       write the handler's logs
  --version           print the version of cdk-cutover
  -h, --help          show this help

Exit code: 0 when every step succeeded, 1 when one failed, 2 when the rehearsal could not run.
`;

export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Decides whether a spinner may run (no spinner when CI is set). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const defaultIo: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };

/** Runs `cdk-cutover <argv>` and resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    io.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  if (command !== 'rehearse') {
    io.stderr.write(`cdk-cutover: unknown command "${command}"; the only command is "rehearse"\n\n${USAGE}`);
    return 2;
  }
  let options: RehearseArgs;
  try {
    options = parseRehearseArgs(rest);
  } catch (error) {
    io.stderr.write(`cdk-cutover rehearse: ${(error as Error).message}\n\nRun "cdk-cutover rehearse --help" for the options.\n`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (options.version) {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  let outdir: string | undefined;
  try {
    let assemblyDir = options.assembly ? resolve(io.cwd, options.assembly) : undefined;
    if (!assemblyDir) {
      const app = options.app ?? appCommandOf(io.cwd);
      if (!app) throw new Error('no app to rehearse: pass --app "<command>" or --assembly <cdk.out>, or run it in a folder with a cdk.json');
      outdir = mkdtempSync(join(tmpdir(), 'cdk-cutover-rehearse-'));
      io.stdout.write(`Synthesizing: ${app}\n`);
      await spinWhile(io.stderr, `Synthesizing ${app}`, synthesize({ command: app, cwd: io.cwd, outdir }), io.env);
      assemblyDir = outdir;
    }
    const plans = planRehearsal(readAssembly(assemblyDir), options.stacks);
    const state = options.state ? readState(resolve(io.cwd, options.state)) : undefined;
    for (const plan of plans) {
      const names = plan.resources.map((r) => r.name).join(', ');
      io.stdout.write(`Rehearsing stack ${plan.stack.displayName}: ${plan.resources.length} cdk-cutover resource(s) (${names})\n`);
    }
    io.stdout.write(`Speed ${options.speed}x; faults: ${options.faultText || 'none'}\n`);

    const result = await rehearse({
      stacks: plans,
      speed: options.speed,
      faults: options.faults,
      update: options.update,
      state,
      reporter: createReporter(io.stdout, { resourceWidth: Math.max(...plans.flatMap((p) => p.resources.map((r) => r.name.length))) }),
    });
    io.stdout.write(`\n${summaryTable(result.steps, result.speed)}\n`);
    if (options.json) writeTimeline(resolve(io.cwd, options.json), { ok: result.ok, speed: result.speed, faults: options.faults, steps: result.steps });
    if (options.logs) writeFileSync(resolve(io.cwd, options.logs), result.handlerLogs);
    const failed = result.steps.filter((s) => s.result === 'FAILED');
    if (result.ok) {
      io.stdout.write(`\nRehearsal passed: ${result.steps.length} step(s) succeeded.\n`);
      return 0;
    }
    io.stdout.write(`\nRehearsal FAILED: ${failed.map((s) => `${s.phase} of ${s.resource}: ${s.reason ?? 'failed'}`).join('\n  ')}\n`);
    return 1;
  } catch (error) {
    io.stderr.write(`cdk-cutover rehearse: ${(error as Error).message}\n`);
    return 2;
  } finally {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  }
}

interface RehearseArgs {
  readonly help: boolean;
  readonly version: boolean;
  readonly app?: string;
  readonly assembly?: string;
  readonly stacks: string[];
  readonly update: boolean;
  readonly faults: FaultSpec[];
  readonly faultText: string;
  readonly speed: number;
  readonly state?: string;
  readonly json?: string;
  readonly logs?: string;
}

export function parseRehearseArgs(argv: readonly string[]): RehearseArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new Error((error as Error).message.replace(/\. To specify.*$/s, ''));
  }
  if (values.app !== undefined && values.assembly !== undefined) {
    throw new Error('--app and --assembly cannot both be given; --app synthesizes a new assembly, --assembly reads one');
  }
  const speed = values.speed === undefined ? 60 : Number(values.speed);
  if (!Number.isFinite(speed) || speed < 1 || speed > 3600) {
    throw new Error(`--speed must be a number from 1 (real time) to 3600 (an hour per second), got "${values.speed}"`);
  }
  const faultText = (values.faults ?? []).join(',');
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    app: values.app,
    assembly: values.assembly,
    stacks: (values.stack ?? []).flatMap((s) => s.split(',')).filter((s) => s !== ''),
    update: values.update ?? false,
    faults: parseFaults(faultText),
    faultText,
    speed,
    state: values.state,
    json: values.json,
    logs: values.logs,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      app: { type: 'string' },
      assembly: { type: 'string' },
      stack: { type: 'string', multiple: true },
      update: { type: 'boolean' },
      faults: { type: 'string', multiple: true },
      speed: { type: 'string' },
      state: { type: 'string' },
      json: { type: 'string' },
      logs: { type: 'string' },
    },
  });
}

/** The version of the installed package (the package.json two folders up, in the source tree and the package alike). */
function version(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function readState(file: string): Record<string, Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`--state ${file} could not be read as JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--state ${file} must hold a JSON object keyed by resource logical id or construct path`);
  }
  return parsed as Record<string, Record<string, unknown>>;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
