import { writeFileSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Emulator } from '../emulator';
import { DEFAULT_POLL_INTERVAL_SECONDS, POLL_INTERVAL_ENV } from '../contract';
import { ApiRateResult, ApiRateWorkload, measureApiRate, ReadDesign } from './api-rate';
import { measureColdStarts, runOnce } from './cold-start';
import {
  awsCustomResourceStack,
  COMPARED_OPERATION,
  cutoverStack,
  describeTemplate,
  Footprint,
  mixedStack,
  StackSpec,
  synthesize,
  Synthesis,
} from './footprint';
import { buildNaiveBundle } from './naive-bundle';
import { dmsStopReplicationTask, OPERATIONS } from './operations';
import { HANDLER_BUNDLE_DIR, REPO_ROOT, WORK_DIR } from './paths';
import { BenchResults, ColdStartRow, evaluateTargets, renderMarkdown } from './report';
import { awsCustomResourceVariant, cutoverVariant, naiveVariant } from './variants';
import { DEFAULT_SCENARIOS, measureWaiting } from './waiting';
import { LongWaitRow, measureLongWait } from './long-wait';

// `--quick` trades precision for time (a smoke run while developing the benchmark itself).
const quick = process.argv.includes('--quick');
const COLD_START_RUNS = quick ? 5 : 15;
const SYNTH_REPETITIONS = quick ? 1 : 5;
const WAITING_PHASES = quick ? 2 : 5;
const SIZES = [1, 10, 50, 200];
const MIXED_N = 200;
const API_RATE_N = 200;
/** Emulated seconds the previous design is measured for (it takes longer than that to finish). */
const API_RATE_OBSERVE_S = 240;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  // `--only=api-rate` or `--only=cold-start`: just those rows, as JSON (tuning one measurement
  // without waiting for the others).
  if (process.argv.includes('--only=api-rate')) {
    process.stdout.write(JSON.stringify(await measureApiRates(), null, 2) + '\n');
    return;
  }
  if (process.argv.includes('--only=long-wait')) {
    process.stdout.write(renderLongWait(await measureLongWait(HANDLER_BUNDLE_DIR, COLD_START_RUNS > 5 ? 5 : 3)) + '\n');
    return;
  }
  if (process.argv.includes('--only=cold-start')) {
    const { rows } = await measureColdStart();
    const ratios = rows.map((r) => ({ operation: r.operation, ms: r.cutover.medianMs, naiveMs: r.naive.medianMs, ratio: Math.round((r.cutover.medianMs / r.naive.medianMs) * 100) / 100 }));
    process.stdout.write(JSON.stringify(ratios, null, 2) + '\n');
    return;
  }
  const started = performance.now();
  const documentation = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  log(`operations: ${OPERATIONS.map((o) => o.name).join(', ')}`);

  const footprint = measureFootprints(documentation);
  const coldStart = await measureColdStart();

  const waiting = [];
  for (const scenario of DEFAULT_SCENARIOS) {
    log(`waiting: a ${scenario.label} stop, ${WAITING_PHASES} phases, clock ×${scenario.speed}`);
    waiting.push(await measureWaiting(HANDLER_BUNDLE_DIR, scenario, WAITING_PHASES));
  }

  const apiRate = await measureApiRates();
  log('long wait: a one-hour gate beside a 3-hour gate through its wait condition');
  const longWait = await measureLongWait(HANDLER_BUNDLE_DIR, quick ? 3 : 5);

  const partial = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU' },
    durationS: (performance.now() - started) / 1000,
    operations: OPERATIONS.map((o) => o.name),
    footprint,
    coldStart,
    waiting,
    apiRate,
    longWait,
  };
  const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
  writeFileSync(join(REPO_ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(renderMarkdown(results) + '\n\n' + renderLongWait(longWait) + '\n');
  log(`wrote bench/results.json in ${results.durationS.toFixed(0)} s`);
  process.exitCode = results.targets.every((t) => t.pass) ? 0 : 1;
}

/**
 * Both sides at every N, synthesized alternately in this one warm process (after a warm-up of
 * each), so that module loading and machine load fall on both alike.
 */
function measureFootprints(documentation: string): BenchResults['footprint'] {
  const outdir = (spec: StackSpec, n: number) => join(WORK_DIR, 'cdk.out', `${spec.kind}-${n}`);
  for (const spec of [cutoverStack(COMPARED_OPERATION, 10), awsCustomResourceStack(10)]) synthesize(spec, outdir(spec, 0));

  const cutover: Footprint[] = [];
  const awsCustomResource: Footprint[] = [];
  for (const n of SIZES) {
    log(`footprint: N=${n}`);
    const specs = [cutoverStack(COMPARED_OPERATION, n), awsCustomResourceStack(n)];
    const samples: number[][] = [[], []];
    const last: Synthesis[] = [];
    for (let r = 0; r < SYNTH_REPETITIONS; r++) {
      specs.forEach((spec, i) => {
        last[i] = synthesize(spec, outdir(spec, n));
        samples[i].push(last[i].synthMs);
      });
    }
    cutover.push(describeTemplate(specs[0], last[0], samples[0], documentation));
    awsCustomResource.push(describeTemplate(specs[1], last[1], samples[1], documentation));
  }

  let mixed: Footprint | undefined;
  if (OPERATIONS.length > 1) {
    log(`footprint: mixed stack of ${MIXED_N}`);
    const spec = mixedStack(OPERATIONS, MIXED_N);
    const samples: number[] = [];
    let synthesis: Synthesis | undefined;
    for (let r = 0; r < SYNTH_REPETITIONS; r++) {
      synthesis = synthesize(spec, outdir(spec, MIXED_N));
      samples.push(synthesis.synthMs);
    }
    mixed = describeTemplate(spec, synthesis!, samples, documentation);
  }
  return { cutover, awsCustomResource, mixed };
}

/**
 * 200 DMS stops, then a mixed stack of 200 across every operation, each with both designs (the
 * previous one through the handler's benchmark switch), one after the other on a quiet machine.
 */
async function measureApiRates(): Promise<ApiRateResult[]> {
  const workloads: ApiRateWorkload[] = [
    { label: `${API_RATE_N} DmsStopReplicationTask`, spec: cutoverStack(dmsStopReplicationTask, API_RATE_N), operationOf: () => dmsStopReplicationTask },
    { label: `mixed ${API_RATE_N} (${OPERATIONS.length} kinds)`, spec: mixedStack(OPERATIONS, API_RATE_N), operationOf: (i) => OPERATIONS[i % OPERATIONS.length] },
  ];
  const results: ApiRateResult[] = [];
  for (const workload of workloads) {
    for (const design of ['shared', 'per-resource'] as ReadDesign[]) {
      log(`api rate: ${workload.label}, ${design}`);
      // The previous design is watched for its first API_RATE_OBSERVE_S: its rate shows long before it ends.
      results.push(await measureApiRate(HANDLER_BUNDLE_DIR, workload, design, WORK_DIR, design === 'shared' ? undefined : API_RATE_OBSERVE_S));
    }
  }
  return results;
}

async function measureColdStart(): Promise<BenchResults['coldStart']> {
  const naive = await buildNaiveBundle(join(WORK_DIR, 'naive'));
  log(`cold start: naive bundle of ${naive.clients.join(', ')} + logger: ${naive.bytes} bytes`);
  const acrSynthesis = synthesize(awsCustomResourceStack(1), join(WORK_DIR, 'cdk.out', 'cold-aws-custom-resource'));
  const acr = awsCustomResourceVariant(COMPARED_OPERATION, acrSynthesis);

  const emulator = await Emulator.start();
  try {
    const environment = {
      ...emulator.environment(),
      [POLL_INTERVAL_ENV]: String(DEFAULT_POLL_INTERVAL_SECONDS),
      POWERTOOLS_SERVICE_NAME: 'cdk-cutover',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
    };
    const pairs = [];
    for (const operation of OPERATIONS) {
      const synthesis = synthesize(cutoverStack(operation, 1), join(WORK_DIR, 'cdk.out', `cold-${operation.name}`));
      const ours = cutoverVariant(operation, synthesis, HANDLER_BUNDLE_DIR);
      // An untimed run of our handler tells which calls the naive bundle must make.
      const reference = await runOnce(emulator, ours, undefined, environment, false);
      pairs.push({ operation, ours, naive: naiveVariant(operation, naive.path, reference.calls) });
    }
    const variants = [...pairs.flatMap((p) => [p.ours, p.naive]), acr];
    let lastReported = 0;
    const results = await measureColdStarts(emulator, variants, COLD_START_RUNS, environment, (done, total) => {
      if (done - lastReported >= total / 4 || done === total) {
        lastReported = done;
        log(`cold start: ${done}/${total} processes`);
      }
    });
    const byKey = new Map(results.map((r) => [r.key, r]));
    const rows: ColdStartRow[] = pairs.map((p) => ({
      operation: p.operation.name,
      cutover: byKey.get(p.ours.key)!,
      naive: byKey.get(p.naive.key)!,
    }));
    return { rows, awsCustomResource: byKey.get(acr.key)!, naiveClients: naive.clients };
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(2);
});

/** The long-wait rows (issue 22): what a step beyond one hour costs beside a one-hour step. */
function renderLongWait(rows: LongWaitRow[]): string {
  return [
    '**Long wait** — a gate on the default 10 s poll, over real HTTP against the emulator: cold start = module load plus the first look in a fresh process (real ms); calls = DMS and Step Functions API calls per emulated hour once waiting (past the first hour for the long step, whose waiter then looks once a minute).',
    '',
    '| step | cold start (ms, median) | API calls per hour, steady | handler invocations per hour |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.step} | ${r.coldStartMs} | ${r.steadyCallsPerHour} | ${r.invocationsPerHour} |`),
  ].join('\n');
}
