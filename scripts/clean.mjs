// Removes what `npm run build` and the tests generate: compiled .js/.d.ts next to their .ts
// sources, the prebundled handler (assets/), cdk.out and .tmp. Committed JavaScript (scripts/*.mjs,
// emulator/**/*.mjs, jest.config.js) has no .ts source next to it, so it is never touched.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GENERATED_DIRS = ['assets', 'cdk.out', '.tmp'];
const SKIPPED_DIRS = new Set(['node_modules', '.git', ...GENERATED_DIRS]);

/** The .ts source a compiled file was built from (foo.js and foo.d.ts come from foo.ts). */
function sourceOf(file) {
  const compiled = ['.d.ts', '.js'].find((suffix) => file.endsWith(suffix));
  return compiled ? file.slice(0, -compiled.length) + '.ts' : undefined;
}

function walk(dir, removed) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path, removed);
      continue;
    }
    const source = sourceOf(path);
    // Only output with its source beside it: committed JavaScript and hand-written .d.ts have none.
    if (source && existsSync(source)) {
      rmSync(path);
      removed.push(relative(ROOT, path));
    }
  }
}

const removed = [];
walk(ROOT, removed);
for (const dir of GENERATED_DIRS) {
  if (existsSync(join(ROOT, dir))) {
    rmSync(join(ROOT, dir), { recursive: true, force: true });
    removed.push(`${dir}/`);
  }
}
console.log(removed.length > 0 ? `Removed ${removed.length} generated files and folders.` : 'Nothing to clean.');
