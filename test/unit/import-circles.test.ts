import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const SOURCE_FOLDERS = ['contract', 'lib', 'lambda', 'emulator'];

/** Every .ts source under `folder` (declaration files are build output, not sources). */
function sources(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The local .ts file a relative specifier names, if any (packages and .mjs files are not part of the graph). */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/**
 * The module graph of the given files: every import, `import type`, `export … from`, `require` and
 * dynamic `import()` counts, because a type-only import is still a circle a reader has to untangle.
 */
function moduleGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.map((f) => resolveLocal(file, f.fileName)).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Each circle once, as the files around it (Tarjan's strongly connected components, plus self-imports). */
function importCircles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) circles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return circles;
}

function circlesUnder(root: string, folders: readonly string[]): string[][] {
  const files = folders.flatMap((f) => sources(join(root, f)));
  return importCircles(moduleGraph(files)).map((circle) => circle.map((file) => relative(root, file)));
}

describe('import circles', () => {
  test('no source file of contract/, lib/, lambda/ or emulator/ imports, through any chain, a file that imports it back', () => {
    // GIVEN every .ts source of the four folders
    // WHEN their imports (type-only and dynamic ones included) are walked
    const circles = circlesUnder(ROOT, SOURCE_FOLDERS);
    // THEN no file is reachable from itself
    expect(circles).toEqual([]);
  });

  test('the walk finds a two-file circle made of type-only imports, and a longer one through a dynamic import', () => {
    // GIVEN a folder with a.ts ↔ b.ts (type-only) and c.ts → d/index.ts → e.ts → c.ts (one import dynamic)
    const root = mkdtempSync(join(tmpdir(), 'circles-'));
    try {
      const write = (path: string, text: string) => {
        const full = join(root, 'src', path);
        require('node:fs').mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      };
      write('a.ts', "import type { B } from './b';\nexport interface A { b?: B }\n");
      write('b.ts', "export type { A } from './a';\nexport interface B { n: number }\n");
      write('c.ts', "import { d } from './d';\nexport const c = d;\n");
      write('d/index.ts', "export const d = 1;\nexport const later = () => import('../e');\n");
      write('e.ts', "import { c } from './c';\nexport const e = c;\n");
      write('f.ts', "import { c } from './c';\nimport * as fs from 'node:fs';\nexport const f = [c, fs];\n");
      // WHEN the walk runs over it
      const circles = circlesUnder(root, ['src']);
      // THEN it reports exactly the two circles, and not f.ts, which only imports into one
      expect(circles.map((c) => c.join(' '))).toEqual(expect.arrayContaining(['src/a.ts src/b.ts', 'src/c.ts src/d/index.ts src/e.ts']));
      expect(circles).toHaveLength(2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
