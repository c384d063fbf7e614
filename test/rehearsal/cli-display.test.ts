import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../emulator/rehearsal/cli';
import { createReporter, spinWhile, summaryTable } from '../../emulator/rehearsal/display';
import type { StepRecord } from '../../emulator/rehearsal/timeline';
import { runCli } from './assemblies';

const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

describe('--version', () => {
  test('GIVEN cdk-cutover --version WHEN run THEN it prints the package version and exits 0', async () => {
    const run = await runCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  test('GIVEN cdk-cutover rehearse --version WHEN run THEN it prints the package version instead of rehearsing', async () => {
    const run = await runCli(['rehearse', '--version']);
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

/** A terminal-like stream that records what is written to it. */
function terminal(isTTY: boolean): { write(text: string): boolean; readonly isTTY: boolean; text: string } {
  return { isTTY, text: '', write(text: string) { this.text += text; return true; } };
}

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('the synthesis spinner', () => {
  test('GIVEN stderr is a terminal WHEN synthesis takes a while THEN a spinner line is drawn and cleared at the end', async () => {
    const err = terminal(true);
    const result = await spinWhile(err, 'Synthesizing node bin/app.js', later('done', 350), {});
    expect(result).toBe('done');
    expect(err.text).toMatch(/^\r⠙ Synthesizing node bin\/app\.js\r⠹ /);
    expect(err.text.endsWith('\r\x1b[K')).toBe(true);
  });

  test('GIVEN stderr is piped WHEN synthesizing THEN nothing is written', async () => {
    const err = terminal(false);
    await spinWhile(err, 'Synthesizing', later('done', 150), {});
    expect(err.text).toBe('');
  });

  test('GIVEN a terminal in CI (CI=true) WHEN synthesizing THEN nothing is written', async () => {
    const err = terminal(true);
    await spinWhile(err, 'Synthesizing', later('done', 150), { CI: 'true' });
    expect(err.text).toBe('');
  });

  test('GIVEN a piped CLI run that synthesizes WHEN the app fails THEN stderr holds the failure only, no spinner', async () => {
    let stderr = '';
    const code = await main(['rehearse', '--app', 'node -e "process.exit(3)"'], {
      stdout: { write: () => true, isTTY: false },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      cwd: process.cwd(),
    });
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  }, 30_000);
});

const teardownSkippedOnRollback: StepRecord = {
  stack: 'CutoverStack',
  stackStatus: 'ROLLBACK_IN_PROGRESS',
  resource: 'DecommissionDr',
  logicalId: 'DecommissionDr1234',
  resourceType: 'Custom::CutoverDrsStopReplication',
  phase: 'Rollback',
  requestType: 'Delete',
  target: 'DRS source server s-1234567890abcdef0',
  result: 'SUCCESS',
  outcome: 'SKIPPED',
  status: 'CONTINUOUS',
  note: 'The stack is rolling back a failed deployment (ROLLBACK_IN_PROGRESS): replication was left running',
  durationMs: 10_000,
  apiCalls: [],
  states: [],
};

describe('a Delete step is shown as the handler reported it', () => {
  test('GIVEN a rollback Delete the handler skipped with a note WHEN it finishes THEN its line shows SKIPPED and the note', () => {
    const out = terminal(false);
    const reporter = createReporter(out, { tty: false, resourceWidth: 14 });
    reporter.stepFinished(teardownSkippedOnRollback);
    reporter.finish();
    expect(out.text).toMatch(/✓ Rollback +DecommissionDr +SKIPPED +10s +DRS source server s-1234567890abcdef0: CONTINUOUS/);
    expect(out.text).toMatch(/\n +note: The stack is rolling back a failed deployment \(ROLLBACK_IN_PROGRESS\): replication was left running\n/);
  });

  test('GIVEN the same step WHEN the summary is printed THEN its row carries the note', () => {
    expect(summaryTable([teardownSkippedOnRollback], 60)).toMatch(/DecommissionDr +Rollback +SKIPPED +10s +0 +The stack is rolling back a failed deployment/);
  });
});
