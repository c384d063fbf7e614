import type { LiveStep, Phase, Reporter, StepRecord } from './timeline';

interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
// Plain output (CI logs) says a long step is still going at this real interval.
const PLAIN_HEARTBEAT_MS = 15_000;

/**
 * Live progress: on a terminal, a spinner line per step in progress (elapsed emulated time and the
 * target's current state), redrawn in place; otherwise plain lines. Either way one line per
 * resource per phase when it ends.
 */
export function createReporter(out: Output, options: { tty?: boolean; color?: boolean; resourceWidth?: number } = {}): Reporter {
  const width = options.resourceWidth ?? 0;
  const tty = options.tty ?? out.isTTY === true;
  const paint = colors(options.color ?? (tty && !process.env.NO_COLOR));
  const active: LiveStep[] = [];
  let drawn = 0;
  let frame = 0;
  const heartbeats = new Map<LiveStep, number>();

  const clear = () => {
    if (drawn > 0) out.write(`\x1b[${drawn}A\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    if (!tty) return;
    clear();
    frame = (frame + 1) % SPINNER.length;
    for (const step of active) out.write(`  ${paint.cyan(SPINNER[frame])} ${liveText(step, width)}\n`);
    drawn = active.length;
  };
  const timer = setInterval(() => {
    if (tty) return draw();
    for (const step of active) {
      if (Date.now() - (heartbeats.get(step) ?? 0) < PLAIN_HEARTBEAT_MS) continue;
      heartbeats.set(step, Date.now());
      out.write(`  … ${liveText(step, width)}\n`);
    }
  }, tty ? 100 : 1000);
  timer.unref();

  return {
    phase(phase: Phase, description: string) {
      if (tty) clear();
      out.write(`\n${paint.bold(phase)} — ${description}\n`);
    },
    stepStarted(step) {
      active.push(step);
      heartbeats.set(step, Date.now());
      draw();
    },
    stepFinished(record) {
      const live = active.find((s) => s.phase === record.phase && s.resource === record.resource && s.stack === record.stack);
      if (live) active.splice(active.indexOf(live), 1);
      if (tty) clear();
      out.write(`  ${finishedText(record, paint, width)}\n`);
      if (record.result === 'FAILED' && record.reason) out.write(`      ${paint.red('reason:')} ${record.reason}\n`);
      if (record.result === 'NOT_RUN' && record.reason) out.write(`      ${paint.dim(record.reason)}\n`);
      if (record.note) out.write(`      ${paint.dim('note:')} ${record.note}\n`);
      if (record.waiter) out.write(`      ${paint.dim('waiter:')} ${record.waiter}\n`);
      draw();
    },
    finish() {
      clearInterval(timer);
      if (tty) clear();
    },
  };
}

function liveText(step: LiveStep, width: number): string {
  return `${step.phase.padEnd(8)} ${step.resource.padEnd(width)}  ${'…'.padEnd(13)}  ${formatDuration(step.elapsedMs()).padStart(7)}  ${step.target}: ${step.status()}`;
}

function finishedText(record: StepRecord, paint: Paint, width: number): string {
  const mark = record.result === 'SUCCESS' ? paint.green('✓') : record.result === 'FAILED' ? paint.red('✗') : paint.dim('-');
  const parts = [`${mark} ${record.phase.padEnd(8)} ${record.resource.padEnd(width)}`, record.outcome.padEnd(13)];
  parts.push((record.durationMs === undefined ? '-' : formatDuration(record.durationMs)).padStart(7));
  parts.push(`${record.target}: ${record.status ?? '?'}`);
  if (record.result !== 'NOT_RUN') parts.push(`${record.apiCalls.length} API call${record.apiCalls.length === 1 ? '' : 's'}`);
  return parts.join('  ');
}

/**
 * Shows a spinner with `text` on `out` until `work` settles, when `out` is a terminal and not a CI
 * log (CI=true); elsewhere nothing, so piped output and test logs stay clean.
 */
export async function spinWhile<T>(out: Output, text: string, work: Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  if (out.isTTY !== true || isCi(env)) return work;
  let frame = 0;
  const draw = () => out.write(`\r${SPINNER[(frame = (frame + 1) % SPINNER.length)]} ${text}`);
  draw();
  const timer = setInterval(draw, 100);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    out.write('\r\x1b[K');
  }
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

/** The summary table: resource, phase, outcome, duration, API calls, and the failure reason or the handler's note. */
export function summaryTable(steps: readonly StepRecord[], speed: number): string {
  const stacks = new Set(steps.map((s) => s.stack));
  const rows = steps.map((s) => [
    stacks.size > 1 ? `${s.stack}/${s.resource}` : s.resource,
    s.phase,
    s.outcome,
    s.durationMs === undefined ? '-' : formatDuration(s.durationMs),
    s.result === 'NOT_RUN' ? '-' : callSummary(s),
    s.result === 'SUCCESS' ? (s.note ?? '') : (s.reason ?? ''),
  ]);
  const header = ['Resource', 'Phase', 'Outcome', 'Duration', 'API calls', 'Reason or note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  // The reason column is last and unpadded: it can be long.
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [
    line(header),
    line(widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? header[i].length : w))),
    ...rows.map(line),
    '',
    `Durations are emulated time, played ${speed}x faster than real; the handler runs on the emulated clock too. A step that only looked took the Provider's waits between its polls.`,
  ].join('\n');
}

function callSummary(step: StepRecord): string {
  const faulted = step.apiCalls.filter((c) => c.fault).length;
  return faulted > 0 ? `${step.apiCalls.length} (${faulted} faulted)` : String(step.apiCalls.length);
}

/** "0.4s", "42s", "1m 32s", "1h 2m". */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h}h ${m}m` : `${m}m ${seconds % 60}s`;
}

type Paint = ReturnType<typeof colors>;

function colors(enabled: boolean) {
  const wrap = (code: number) => (text: string) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { bold: wrap(1), dim: wrap(2), red: wrap(31), green: wrap(32), cyan: wrap(36) };
}
