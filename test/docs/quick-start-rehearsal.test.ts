import * as ts from 'typescript';
import { ConsumerApp, createConsumerApp } from '../support/consumer-app';
import { codeBlocks, readReadme, sections } from './markdown';

/**
 * The quick start as a new user pastes it: into the constructor of a Stack of a fresh CDK app (no
 * env, as `cdk init` writes it), with the library installed from its packed tarball, then rehearsed
 * with no --state.
 */
function quickStartApp(): string {
  const section = sections(readReadme()).find((s) => s.heading === 'Quick start');
  const block = section && codeBlocks(section.lines).find((b) => b.info === 'ts');
  if (!block) throw new Error('README.md: the "## Quick start" section has no ```ts block');
  const imports = block.code.filter((line) => /^import\s/.test(line));
  const body = block.code.filter((line) => !/^import\s/.test(line));
  const source = [
    ...imports,
    "import { App as PastedApp, Stack as PastedStack } from 'aws-cdk-lib';",
    "import { Construct as PastedScope } from 'constructs';",
    'class MigrationStack extends PastedStack {',
    '  constructor(scope: PastedScope, id: string) {',
    '    super(scope, id);',
    ...body.map((line) => `    ${line}`),
    '  }',
    '}',
    'const app = new PastedApp();',
    "new MigrationStack(app, 'MigrationStack');",
    'app.synth();',
  ].join('\n');
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
}

let consumer: ConsumerApp;
beforeAll(async () => {
  consumer = await createConsumerApp({ appSource: quickStartApp() });
}, 240_000);
afterAll(() => consumer?.dispose());

test('GIVEN the quick start pasted into a fresh app WHEN rehearsed with no --state THEN the gate passes at deployment and the stop stops the task at teardown', async () => {
  const run = await consumer.run('npx --no-install cdk-cutover rehearse --speed 600', { timeoutMs: 180_000 });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(/Rehearsing stack MigrationStack: 2 cdk-cutover resource\(s\)/);
  expect(run.stdout).toMatch(/✓ Create +Gate +DONE .*assessment of DMS task .*: passed/);
  expect(run.stdout).toMatch(/✓ Delete +StopOrders +DONE .*DMS task .*: stopped/);
  expect(run.stdout).toMatch(/Rehearsal passed: 4 step\(s\) succeeded/);
}, 200_000);
