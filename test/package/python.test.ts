import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Assembly, ROOT, bin, initializerPropNames, isConstruct, readAssembly, run } from '../support/jsii';
import { diagnosticsOf, pythonDocs, runExtract } from '../support/rosetta';

// PyPI is not reachable where these tests run, so the Python package is generated and compiled but
// never imported; the example app is checked by name against the assembly instead.
const EXAMPLE = join(ROOT, 'examples', 'python', 'app.py');

let assembly: Assembly;
let outdir: string;
let rosetta: { code: number; stdout: string; stderr: string };
let pacmak: { code: number; stdout: string; stderr: string };
beforeAll(async () => {
  assembly = readAssembly();
  outdir = mkdtempSync(join(tmpdir(), 'cdk-cutover-pacmak-'));
  // The examples (README and @example) are compiled and translated by jsii-rosetta, as Construct Hub
  // does; jsii-pacmak then takes every example of the docstrings from that tablet, never verbatim.
  const tablet = join(outdir, 'examples.tabl.json');
  rosetta = await runExtract(tablet);
  pacmak = await run(
    bin('jsii-pacmak'),
    ['--code-only', '--target', 'python', '--outdir', outdir, '--rosetta-tablet', tablet, '--rosetta-unknown-snippets', 'fail'],
    { timeoutMs: 180_000 },
  );
}, 600_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

test('GIVEN the README and the @examples WHEN jsii-rosetta extracts them in strict mode THEN every TypeScript block compiles against its fixture', () => {
  // --strict fails on any diagnostic; the output names the snippet (cdk-cutover-README-L<line>) and the error.
  expect({ code: rosetta.code, diagnostics: rosetta.code === 0 ? '' : diagnosticsOf(rosetta) }).toEqual({ code: 0, diagnostics: '' });
});

test('GIVEN the assembly WHEN jsii-pacmak generates the Python package THEN python3 -m compileall accepts every module of it', async () => {
  expect({ code: pacmak.code, stderr: pacmak.code === 0 ? '' : pacmak.stderr }).toEqual({ code: 0, stderr: '' });
  const source = join(outdir, 'python', 'src');
  expect(readdirSync(source)).toContain('cdk_cutover');
  const compiled = await run('python3', ['-m', 'compileall', '-q', source]);
  expect({ code: compiled.code, output: compiled.stdout + compiled.stderr }).toEqual({ code: 0, output: '' });
});

describe('the generated Python documentation', () => {
  let docs: ReturnType<typeof pythonDocs> extends Promise<infer T> ? T : never;
  beforeAll(async () => {
    docs = await pythonDocs(join(outdir, 'python', 'src', 'cdk_cutover'));
  });

  test('GIVEN the module docstring (the README) WHEN read THEN it has Python examples and no TypeScript block fenced as python', () => {
    expect(docs.pythonBlocks.length).toBeGreaterThanOrEqual(8);
    const typescript = docs.pythonBlocks.filter((b) => TYPESCRIPT.test(b.code)).map((b) => `${b.where}:\n${b.code}`);
    expect(typescript).toEqual([]);
    expect(docs.fences.filter((f) => f !== 'python' && f !== 'sh' && f !== '')).toEqual([]);
  });

  test('GIVEN every Python example of the docstrings WHEN compiled by python3 THEN each is valid Python', () => {
    expect(docs.syntaxErrors).toEqual([]);
  });

  test('GIVEN the docstrings of the classes and their parameters WHEN searched THEN none shows TypeScript syntax such as runOn: [LifecycleEvent.CREATE]', () => {
    const classDocs = docs.docstrings.filter((d) => !d.where.endsWith(':<module>'));
    expect(classDocs.length).toBeGreaterThan(20);
    expect(classDocs.filter((d) => /\w+: \[\w+\.[A-Z_]+\]/.test(d.text)).map((d) => d.where)).toEqual([]);
  });

  // The module docstring is the README, whose prose and tables name the TypeScript props; its code is translated.
  test('GIVEN the docstrings of the classes and their parameters WHEN searched THEN no camelCase member name of the assembly appears (Python names are snake_case)', () => {
    const camel = camelCaseMembers(assembly);
    expect(camel).toContain('assumedRoleArn');
    const found = docs.docstrings
      .filter((d) => !d.where.endsWith(':<module>'))
      .flatMap((d) => [...d.text.matchAll(/\b([a-z]+[A-Z][A-Za-z0-9]*)\b/g)].filter((m) => camel.has(m[1])).map((m) => `${d.where}: ${m[1]}`));
    expect([...new Set(found)]).toEqual([]);
  });
});

/** Property and method names of the assembly's own types that are camelCase in TypeScript (snake_case in Python). */
function camelCaseMembers(assembly: Assembly): Set<string> {
  const names = Object.values(assembly.types).flatMap((t) => [
    ...(t.properties ?? []).map((p) => p.name),
    ...((t as { methods?: Array<{ name: string }> }).methods ?? []).map((m) => m.name),
  ]);
  return new Set(names.filter((n) => /[a-z][A-Z]/.test(n)));
}

/** Lines that only TypeScript has: `new X(`, `this,`, `const x =`, `declare const`, `x: Type;`. */
const TYPESCRIPT = /\bnew [A-Z]\w*\(|\(this,|^\s*(const|let|declare) |=>|;\s*$/m;

test('the assembly names the Python module cdk_cutover and the distribution cdk-cutover', () => {
  expect(assembly.targets?.python).toEqual(expect.objectContaining({ module: 'cdk_cutover', distName: 'cdk-cutover' }));
});

/** What the example imports from cdk_cutover, the calls it makes to those names and the attributes it reads. */
interface ExampleUsage {
  readonly imports: Array<{ name: string; line: number }>;
  readonly calls: Array<{ name: string; keywords: string[]; line: number }>;
  readonly attributes: Array<{ name: string; attribute: string; line: number }>;
  /** Methods called on a variable that holds a construct of the library, e.g. gate.next(step). */
  readonly methods: Array<{ name: string; method: string; line: number }>;
}

// Python's own parser, so the example is also proven to be valid Python.
const ANALYSE = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read(), sys.argv[1])
names, modules = {}, set()
usage = {"imports": [], "calls": [], "attributes": [], "methods": []}
for node in ast.walk(tree):
    if isinstance(node, ast.ImportFrom) and node.module == "cdk_cutover":
        for alias in node.names:
            names[alias.asname or alias.name] = alias.name
            usage["imports"].append({"name": alias.name, "line": node.lineno})
    elif isinstance(node, ast.Import):
        modules.update(a.asname or a.name for a in node.names if a.name == "cdk_cutover")
def resolve(expr):
    if isinstance(expr, ast.Name) and expr.id in names:
        return names[expr.id]
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in modules:
        return expr.attr
    return None
instances = {}
for node in ast.walk(tree):
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and resolve(node.value.func):
        for t in node.targets:
            if isinstance(t, ast.Name):
                instances[t.id] = resolve(node.value.func)
for node in ast.walk(tree):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id in instances:
        usage["methods"].append({"name": instances[node.func.value.id], "method": node.func.attr, "line": node.lineno})
    if isinstance(node, ast.Call) and resolve(node.func):
        if any(k.arg is None for k in node.keywords):
            sys.exit("line %d: **kwargs cannot be checked; pass keyword arguments" % node.lineno)
        usage["calls"].append({"name": resolve(node.func), "keywords": [k.arg for k in node.keywords], "line": node.lineno})
    elif isinstance(node, ast.Attribute) and resolve(node.value):
        usage["attributes"].append({"name": resolve(node.value), "attribute": node.attr, "line": node.lineno})
print(json.dumps(usage))
`;

/** jsii's Python names for props: camelCase split before capitals (decamelize), e.g. resultsS3Uri → results_s3_uri. */
function snakeCase(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z\d]+)/g, '$1_$2')
    .toLowerCase();
}

describe('the Python example app (examples/python/app.py)', () => {
  let usage: ExampleUsage;
  beforeAll(async () => {
    const analysed = await run('python3', ['-c', ANALYSE, EXAMPLE]);
    if (analysed.code !== 0) throw new Error(`python3 could not analyse ${EXAMPLE}:\n${analysed.stderr}`);
    usage = JSON.parse(analysed.stdout) as ExampleUsage;
  });

  const typeNamed = (name: string) => assembly.types[`${assembly.name}.${name}`];

  test('imports only names that the assembly exports', () => {
    const unknown = usage.imports.filter((i) => !typeNamed(i.name)).map((i) => `line ${i.line}: ${i.name}`);
    expect(unknown).toEqual([]);
  });

  test('passes only keyword arguments that are props of the construct, in snake_case', () => {
    const wrong = usage.calls.flatMap((call) => {
      const type = typeNamed(call.name);
      if (!type) return [`line ${call.line}: ${call.name} is not in the assembly`];
      const allowed = new Set(['scope', 'id', ...initializerPropNames(assembly, type).map(snakeCase)]);
      return call.keywords.filter((k) => !allowed.has(k)).map((k) => `line ${call.line}: ${call.name}(${k}=...) is not a prop; allowed: ${[...allowed].join(', ')}`);
    });
    expect(wrong).toEqual([]);
  });

  test('reads only enum members that exist', () => {
    const wrong = usage.attributes
      .filter((a) => typeNamed(a.name)?.kind === 'enum' && !typeNamed(a.name)!.members?.some((m) => m.name === a.attribute))
      .map((a) => `line ${a.line}: ${a.name}.${a.attribute}`);
    expect(wrong).toEqual([]);
  });

  test('calls only methods the construct has, its own or a base class\'s (e.g. next)', () => {
    const methodsOf = (fqn: string | undefined): string[] => {
      const type = fqn ? (assembly.types[fqn] as { methods?: Array<{ name: string }>; base?: string } | undefined) : undefined;
      return type ? [...(type.methods ?? []).map((m) => m.name), ...methodsOf(type.base)] : [];
    };
    expect(usage.methods.length).toBeGreaterThan(0);
    const wrong = usage.methods.filter((m) => !methodsOf(`${assembly.name}.${m.name}`).includes(m.method)).map((m) => `line ${m.line}: ${m.name}.${m.method}()`);
    expect(wrong).toEqual([]);
  });

  test('uses every construct of the library (add new constructs to the example)', () => {
    // An abstract base (CutoverOperation) cannot be instantiated, so only concrete constructs count.
    const constructs = Object.values(assembly.types)
      .filter((t) => isConstruct(assembly, t) && !(t as { abstract?: boolean }).abstract)
      .map((t) => t.name);
    expect(constructs.length).toBeGreaterThan(0);
    const used = new Set(usage.calls.map((c) => c.name));
    expect(constructs.filter((name) => !used.has(name))).toEqual([]);
  });
});
