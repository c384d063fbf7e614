// Bundles @smithy/signature-v4 (a dev dependency) into assets/emulator for the emulator, which
// verifies every AWS request's SigV4 signature with it. The emulator ships in the package (the
// `cdk-cutover rehearse` command) and the package has no runtime dependencies, so the signer
// travels with it as one self-contained CommonJS file instead of being required from node_modules.
import { build } from 'esbuild';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  stdin: { contents: "export { SignatureV4 } from '@smithy/signature-v4';", resolveDir: root, loader: 'js' },
  outfile: join(root, 'assets', 'emulator', 'signature-v4.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
