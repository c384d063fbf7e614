import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanUp, runCli, synthExampleApp, tempDir } from '../rehearsal/assemblies';
import { codeBlocks, readReadme, sections } from './markdown';

// The README's rehearse commands, run as a new user runs them in a clean clone (after npm ci and the
// build): the cdk-cutover part of each line in-process, in the repository's root.
const ROOT = join(__dirname, '..', '..');
afterAll(cleanUp);

const section = sections(readReadme()).find((s) => s.heading === 'Rehearse a cutover offline')!;
const lines = codeBlocks(section.lines)
  .filter((b) => b.info === 'sh')
  .flatMap((b) => b.code)
  .filter((line) => line.includes('cdk-cutover rehearse'));

/** The words of a command line, as a shell splits them (double quotes group), without its comment. */
function words(line: string): string[] {
  const command = line.replace(/\s+#.*$/, '');
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

test('GIVEN the README WHEN its rehearse examples are read THEN there are three, naming the example app\'s real stack and no ts-node', () => {
  expect(lines).toHaveLength(3);
  expect(lines.join('\n')).not.toMatch(/ts-node/);
  for (const line of lines.filter((l) => l.includes('--stack'))) expect(words(line)[words(line).indexOf('--stack') + 1]).toBe('CutoverExampleStack');
  // `cdk synth` writes the assembly where cdk.json says, which is what --assembly reads.
  expect(JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).output).toBe('cdk.out');
});

// `npx cdk synth --quiet` before the --assembly line: the same app, synthesized the same way. Done before the
// rehearsals start, since the in-process synthesis blocks the event loop that plays their emulated time.
let synthesized: string;
beforeAll(() => {
  synthesized = synthExampleApp();
}, 120_000);

// The three rehearsals mostly wait on emulated service time (played 60 times faster than real time), each with
// an emulator and an assembly of its own, so they run side by side: each line still synthesizes the way it says.
test.concurrent.each(lines.map((line) => [line]))('GIVEN the README line %s WHEN run in the repository THEN the rehearsal passes', async (line) => {
  let args = words(line);
  args = args.slice(args.lastIndexOf('cdk-cutover') + 1);
  const json = args.indexOf('--json');
  if (json >= 0) args[json + 1] = join(tempDir('readme-rehearse-'), 'rehearsal.json');
  const assembly = args.indexOf('--assembly');
  if (assembly >= 0) args[assembly + 1] = synthesized;
  const run = await runCli(args, ROOT);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(/Rehearsing stack CutoverExampleStack/);
  expect(run.stdout).toMatch(/Rehearsal passed/);
}, 300_000);
