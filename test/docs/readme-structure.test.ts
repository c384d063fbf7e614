import { join } from 'node:path';
import { Construct } from 'constructs';
import * as ts from 'typescript';
import * as lib from '../../lib';
import { codeBlocks, githubAnchor, readReadme, sections } from './markdown';

const ROOT = join(__dirname, '..', '..');
const README = readReadme();
const SECTIONS = sections(README);
const HEADINGS = SECTIONS.map((s) => s.heading);
const MAX_QUICK_START_LINES = 15;

/** The public construct classes, each of which gets a section of its own. */
const CONSTRUCTS = Object.entries(lib)
  .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Construct && value !== lib.CutoverOperation)
  .map(([name]) => name);

const section = (heading: string) => {
  const found = SECTIONS.find((s) => s.heading === heading);
  if (!found) throw new Error(`README.md has no "## ${heading}" section`);
  return found;
};

/** The first TypeScript block of the quick start: what a new user copies first. */
const quickStart = (): string[] => {
  const block = codeBlocks(section('Quick start').lines).find((b) => b.info === 'ts');
  if (!block) throw new Error('The "## Quick start" section has no ```ts code block');
  return block.code;
};

/**
 * Type-checks snippets as the body of a Stack constructor (their imports hoisted), against lib/
 * through the package name, in one program. Returns the diagnostics of each snippet.
 */
function typeCheck(snippets: string[][]): string[][] {
  const files = snippets.map((code, i) => {
    const imports = code.filter((line) => /^import\s/.test(line));
    const body = code.filter((line) => !/^import\s/.test(line));
    const text = [
      ...imports,
      "import { Stack as QuickStartStack } from 'aws-cdk-lib';",
      "import { Construct as QuickStartScope } from 'constructs';",
      'export class QuickStart extends QuickStartStack {',
      '  constructor(scope: QuickStartScope, id: string) {',
      '    super(scope, id);',
      ...body,
      '  }',
      '}',
    ].join('\n');
    return { name: join(ROOT, 'test', 'docs', `__quick-start-${i}.ts`), text };
  });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'cdk-cutover': ['lib/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const virtual = new Map(files.map((f) => [f.name, f.text]));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    virtual.has(name) ? ts.createSourceFile(name, virtual.get(name)!, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const program = ts.createProgram(files.map((f) => f.name), options, host);
  return files.map((f) => {
    const source = program.getSourceFile(f.name)!;
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  });
}

test('GIVEN the table of contents WHEN its links are read THEN they list every ## heading, in order, by GitHub anchor', () => {
  const links = [...section('Table of contents').lines.join('\n').matchAll(/\[([^\]]+)\]\(#([^)]+)\)/g)].map((m) => ({ text: m[1], anchor: m[2] }));
  expect(links).toEqual(HEADINGS.map((heading) => ({ text: heading, anchor: githubAnchor(heading) })));
});

test('GIVEN the README WHEN its sections are read THEN install, contents and quick start come first, then one section per construct, then the reference', () => {
  expect(HEADINGS.slice(0, 3)).toEqual(['Install', 'Table of contents', 'Quick start']);
  const missing = CONSTRUCTS.filter((name) => !HEADINGS.includes(name));
  if (missing.length > 0) throw new Error(`README.md has no section for ${missing.join(', ')}: add "## <Construct>" after the other construct sections`);
  const positions = CONSTRUCTS.map((name) => HEADINGS.indexOf(name)).sort((a, b) => a - b);
  // The construct sections are contiguous, right after the quick start.
  expect(positions).toEqual(CONSTRUCTS.map((_, i) => 3 + i));
  expect(HEADINGS).toEqual(expect.arrayContaining(['Common options', 'How it works', 'Development', 'Contributing']));
});

test('GIVEN the install section WHEN read THEN it names both package managers and says the Python package is not yet published', () => {
  const text = section('Install').lines.join('\n');
  expect(text).toContain('npm install cdk-cutover');
  expect(text).toContain('pip install cdk-cutover');
  expect(text).toMatch(/not yet published/);
});

test('GIVEN the install section WHEN read THEN it says how to install before publication (a tarball packed from the git repository), and marks the registry lines as publish-time', () => {
  const text = section('Install').lines.join('\n');
  expect(text).toMatch(/git clone \S+cdk-cutover\.git/);
  expect(text).toMatch(/npm ci && npm pack/);
  expect(text).toMatch(/npm install \S+\.tgz/);
  for (const line of text.split('\n').filter((l) => /^(npm|pip) install cdk-cutover/.test(l))) expect(line).toMatch(/once published/);
});

test('GIVEN the development section WHEN read THEN it keeps the set-up contract lines CI greps for', () => {
  const text = section('Development').lines.join('\n');
  for (const line of ['npm ci && npm run synth', 'npm test', '.ci/run']) expect(text).toContain(line);
});

test(`GIVEN the quick start WHEN counted THEN its code is at most ${MAX_QUICK_START_LINES} lines`, () => {
  expect(quickStart().length).toBeLessThanOrEqual(MAX_QUICK_START_LINES);
});

test('GIVEN the quick start, and a copy with a misspelled prop, WHEN type-checked against lib/ THEN the quick start compiles and the copy does not', () => {
  const code = quickStart();
  // The control proves the check can fail: a prop name the construct does not have.
  const broken = code.map((line) => line.replace('replicationTaskArn })', 'replicationTaskARN })'));
  expect(broken).not.toEqual(code);
  const [good, bad] = typeCheck([code, broken]);
  expect(good).toEqual([]);
  expect(bad.join('\n')).toMatch(/replicationTaskARN/);
}, 60_000);
