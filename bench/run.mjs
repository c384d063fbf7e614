// `npm run bench`: builds what the benchmark measures, then runs it.
//
// 1. The handler bundle, with the project's own build script, into .tmp/bench/handler (the file the
//    Lambda would load; assets/handler is left alone).
// 2. assets/handler, only when it is missing (a clean clone): the constructs reference it as their
//    Lambda code, so a synth needs it, exactly as `npm run build` makes it.
// 3. The benchmark itself (TypeScript, using lib/ and emulator/ from source), bundled with esbuild
//    into .tmp/bench.cjs, with dependencies left in node_modules.
// Arguments are passed on to the benchmark (e.g. `npm run bench -- --quick`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.tmp', 'bench');
mkdirSync(work, { recursive: true });

// Build output goes to stderr, so stdout is only the benchmark's markdown.
function run(args, env = {}, stdio = ['inherit', 2, 'inherit']) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio, env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(['scripts/bundle-handlers.mjs'], { CUTOVER_BUNDLE_DIR: '.tmp/bench/handler' });
if (!existsSync(join(root, 'assets', 'handler', 'index.mjs'))) run(['scripts/bundle-handlers.mjs']);

await build({
  entryPoints: [join(root, 'bench', 'main.ts')],
  outfile: join(root, '.tmp', 'bench.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
// The bundled lib/ finds assets/handler as lib/cutover-provider.ts does, one folder up from its own
// (.tmp/bench.cjs → assets/handler). The bundled emulator harness forks lambda-child.mjs from its own folder.
copyFileSync(join(root, 'emulator', 'harness', 'lambda-child.mjs'), join(root, '.tmp', 'lambda-child.mjs'));

run(['--enable-source-maps', join(root, '.tmp', 'bench.cjs'), ...process.argv.slice(2)], {}, 'inherit');
