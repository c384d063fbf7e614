import { fork } from 'node:child_process';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../emulator';
import { median, round1 } from './footprint';
import { REPO_ROOT } from './paths';

const CHILD = join(REPO_ROOT, 'bench', 'child.mjs');

/** What one fresh process is asked to do, prepared again before every run. */
export interface ColdStartRun {
  readonly event: unknown;
  /** Checks the run did the real work (the result, the emulator's call log); returns a problem or undefined. */
  readonly verify: (outcome: ChildOutcome, newCalls: ReturnType<Emulator['callLog']>) => string | undefined;
}

/** One thing whose cold start is measured. */
export interface ColdStartVariant {
  readonly key: string;
  readonly label: string;
  readonly modulePath: string;
  readonly exportName: string;
  /** Size of what is shipped: the whole bundle folder or file. */
  readonly bundleBytes: number;
  /** Sends the handler's CloudFormation response to the local sink (aws-cdk-lib's handler does that itself). */
  readonly respondsToCloudFormation?: boolean;
  prepare(emulator: Emulator): ColdStartRun;
}

export interface ChildOutcome {
  readonly bootMs: number;
  readonly loadMs: number;
  readonly callMs: number;
  readonly result?: unknown;
  readonly error?: { name: string; message: string };
  readonly loadedFiles: string[];
  /** Spawn to answer, measured by the parent. */
  readonly wallMs: number;
  /** CloudFormation responses the sink received during the run. */
  readonly responses: Array<{ Status?: string; Reason?: string }>;
}

export interface ColdStartResult {
  readonly key: string;
  readonly label: string;
  readonly runs: number;
  /** Median of load + first call: what the handler's own code costs on a cold start. */
  readonly medianMs: number;
  readonly medianLoadMs: number;
  readonly medianCallMs: number;
  /** Median from spawning the process to its answer (includes Node's own start-up, the same for all). */
  readonly medianWallMs: number;
  readonly bundleBytes: number;
  /** Bytes of code files the first call loaded (from a separate traced run). */
  readonly loadedBytes: number;
  readonly loadedFiles: number;
  /** API calls the first event made. */
  readonly apiCalls: string[];
  readonly samplesMs: number[];
}

/**
 * Runs every variant `runs` times, round robin (so background load on this shared machine falls
 * on all of them alike), each time in a fresh Node process against the emulator.
 */
export async function measureColdStarts(
  emulator: Emulator,
  variants: readonly ColdStartVariant[],
  runs: number,
  environment: Record<string, string>,
  onProgress?: (done: number, total: number) => void,
): Promise<ColdStartResult[]> {
  const sink = await ResponseSink.start();
  try {
    const samples = new Map<string, ChildOutcome[]>(variants.map((v) => [v.key, []]));
    const calls = new Map<string, string[]>();
    let done = 0;
    for (let r = 0; r < runs; r++) {
      for (const variant of variants) {
        const { outcome, apiCalls } = await runOnce(emulator, variant, sink, environment, false);
        samples.get(variant.key)!.push(outcome);
        calls.set(variant.key, apiCalls);
        onProgress?.(++done, runs * variants.length);
      }
    }
    const results: ColdStartResult[] = [];
    for (const variant of variants) {
      const traced = await runOnce(emulator, variant, sink, environment, true);
      const loaded = loadedCodeFiles(traced.outcome.loadedFiles);
      const outcomes = samples.get(variant.key)!;
      const totals = outcomes.map((o) => o.loadMs + o.callMs);
      results.push({
        key: variant.key,
        label: variant.label,
        runs,
        medianMs: round1(median(totals)),
        medianLoadMs: round1(median(outcomes.map((o) => o.loadMs))),
        medianCallMs: round1(median(outcomes.map((o) => o.callMs))),
        medianWallMs: round1(median(outcomes.map((o) => o.wallMs))),
        bundleBytes: variant.bundleBytes,
        loadedBytes: loaded.reduce((n, f) => n + statSync(f).size, 0),
        loadedFiles: loaded.length,
        apiCalls: calls.get(variant.key)!,
        samplesMs: totals.map(round1),
      });
    }
    return results;
  } finally {
    await sink.close();
  }
}

/**
 * One cold start of `variant` in a fresh process; throws unless it did its work. Returns its
 * timings and the API calls it made (as the emulator logged them).
 */
export async function runOnce(
  emulator: Emulator,
  variant: ColdStartVariant,
  sink: ResponseSink | undefined,
  environment: Record<string, string>,
  trace: boolean,
): Promise<{ outcome: ChildOutcome; apiCalls: string[]; calls: ReturnType<Emulator['callLog']> }> {
  if (variant.respondsToCloudFormation && !sink) throw new Error(`${variant.label} needs a response sink`);
  const run = variant.prepare(emulator);
  const callsBefore = emulator.callLog().length;
  if (sink) sink.responses = [];
  const config = {
    modulePath: variant.modulePath,
    exportName: variant.exportName,
    event: run.event,
    responseSinkPort: variant.respondsToCloudFormation ? sink!.port : undefined,
  };
  const started = performance.now();
  const child = fork(CHILD, [], {
    env: { PATH: process.env.PATH ?? '', ...environment, BENCH_CONFIG: JSON.stringify(config), ...(trace ? { BENCH_TRACE: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const message = await new Promise<Omit<ChildOutcome, 'wallMs' | 'responses'>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Omit<ChildOutcome, 'wallMs' | 'responses'>));
    child.once('exit', (code) => reject(new Error(`${variant.label}: the process exited (${code}) without an answer:\n${output}`)));
  });
  const wallMs = performance.now() - started;
  await exited;
  const outcome: ChildOutcome = { ...message, wallMs, responses: sink?.responses ?? [] };
  const newCalls = emulator.callLog().slice(callsBefore);
  const problem = outcome.error ? `${outcome.error.name}: ${outcome.error.message}` : run.verify(outcome, newCalls);
  if (problem) throw new Error(`${variant.label}: the cold-start run did not do its work: ${problem}\n${output.slice(-2000)}`);
  return { outcome, apiCalls: newCalls.map((c) => `${c.service}:${c.operation} ${c.status}`), calls: newCalls };
}

/** The files behind loaded module URLs, without the benchmark's own child script and Node built-ins. */
function loadedCodeFiles(urls: string[]): string[] {
  const files = new Set<string>();
  for (const url of urls) {
    if (!url.startsWith('file:')) continue;
    const file = fileURLToPath(url);
    if (file.startsWith(join(REPO_ROOT, 'bench')) || !existsSync(file)) continue;
    files.add(file);
  }
  return [...files];
}

/** Total size of a file, or of every file in a folder. */
export function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}

/** A local stand-in for CloudFormation's pre-signed response URL: records what handlers PUT. */
export class ResponseSink {
  responses: Array<{ Status?: string; Reason?: string }> = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<ResponseSink> {
    let sink: ResponseSink | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          sink?.responses.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          sink?.responses.push({ Status: 'UNPARSEABLE' });
        }
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    sink = new ResponseSink(server, (server.address() as AddressInfo).port);
    return sink;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
