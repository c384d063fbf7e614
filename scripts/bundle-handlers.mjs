// Prebundles the Lambda handler into assets/handler so users need neither esbuild nor Docker to
// synth. ESM with code splitting: each operation (and its one SDK client) is a chunk that is loaded
// only when a resource of that type is handled, which keeps cold starts small.
import { build } from 'esbuild';
import { rmSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// CUTOVER_BUNDLE_DIR lets parallel local runs build side by side; the package ships assets/handler.
const outdir = process.env.CUTOVER_BUNDLE_DIR ? join(root, process.env.CUTOVER_BUNDLE_DIR) : join(root, 'assets', 'handler');
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: { index: join(root, 'lambda', 'index.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The functions run Node.js 24 (lambda.Runtime.NODEJS_24_X). The tests, the rehearsal and the
  // benchmark run these same files on Node 20+: today the node24 output is byte-identical to the
  // node20 one, and should a dependency ever ship syntax Node 20 lacks, those runs fail loudly.
  target: 'node24',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  mainFields: ['module', 'main'],
  // Some dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __cutoverCreateRequire } from 'node:module'; const require = __cutoverCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

let total = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else total += statSync(p).size;
  }
};
walk(outdir);
console.log(`handler bundle: ${outdir} (${(total / 1024).toFixed(0)} KiB in all)`);
