import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import * as ts from 'typescript';
import { Assembly, ROOT, readAssembly, run } from '../support/jsii';

// The typings a user's TypeScript sees are the packed .d.ts files reachable from the entry point.
// They must declare the public API only (what jsii put into the assembly): helpers are marked
// @internal, which the build strips, or live in lib/private, whose typings are not packed.

let assembly: Assembly;
let packed: Set<string>;
beforeAll(async () => {
  assembly = readAssembly();
  const pack = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
  if (pack.code !== 0) throw new Error(`npm pack --dry-run failed:\n${pack.stderr}`);
  packed = new Set((JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path));
}, 60_000);

interface Declarations {
  readonly exported: Array<{ file: string; name: string }>;
  readonly unpackedImports: Array<{ file: string; specifier: string }>;
}

/** Walks the packed typings from lib/index.d.ts along relative imports and re-exports. */
function reachableDeclarations(): Declarations {
  const result: Declarations = { exported: [], unpackedImports: [] };
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      const specifier =
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : undefined;
      if (specifier?.startsWith('.')) {
        const base = normalize(join(dirname(file), specifier));
        const target = [`${base}.d.ts`, join(base, 'index.d.ts')].find((candidate) => packed.has(candidate));
        if (target) visit(target);
        else result.unpackedImports.push({ file, specifier });
      }
      if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) result.exported.push({ file, name: element.name.text });
      }
      const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
      if (modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        const names = ts.isVariableStatement(statement)
          ? statement.declarationList.declarations.map((d) => d.name.getText(source))
          : [(statement as ts.DeclarationStatement).name?.getText(source) ?? '(default)'];
        for (const name of names) result.exported.push({ file, name });
      }
    }
  };
  visit('lib/index.d.ts');
  return result;
}

test('GIVEN the packed typings WHEN followed from lib/index.d.ts THEN every file they import is packed too', () => {
  expect(packed.has('lib/index.d.ts')).toBe(true);
  expect(reachableDeclarations().unpackedImports).toEqual([]);
});

test('the packed typings declare only types of the jsii assembly (mark helpers @internal or move them to lib/private)', () => {
  const publicNames = new Set(Object.values(assembly.types).map((t) => t.name));
  const { exported } = reachableDeclarations();
  expect(exported.length).toBeGreaterThan(0);
  expect(exported.filter((e) => !publicNames.has(e.name)).map((e) => `${e.file}: ${e.name}`)).toEqual([]);
});

test('the package ships the jsii assembly, the API reference, the licence and the changelog, and no typings of lib/private', () => {
  for (const file of ['.jsii', 'API.md', 'LICENSE', 'CHANGELOG.md', 'README.md']) expect(packed).toContain(file);
  expect([...packed].filter((f) => f.startsWith('lib/private/') && f.endsWith('.d.ts'))).toEqual([]);
});
