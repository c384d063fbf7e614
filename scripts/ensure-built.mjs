// Runs before `npm pack` / `npm publish`: the package must carry the compiled library and the
// prebundled handler. Builds only when they are missing, so packing during `npm test` (which has
// just built) does not rebuild files other tests are reading.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['.jsii', 'lib/index.js', 'lib/index.d.ts', 'emulator/index.js', 'emulator/rehearsal/cli.js', 'assets/handler/index.mjs', 'assets/emulator/signature-v4.cjs'];
const missing = outputs.filter((file) => !existsSync(join(root, file)));
if (missing.length > 0) {
  console.error(`prepack: ${missing.join(', ')} missing; running npm run build`);
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
