// The package's own command (package.json "bin") is a compiled file: tsc writes it without the
// executable bit, so `npx cdk-cutover` in a fresh clone could fail with "Permission denied" (npm
// sets the bit only when it links a package it installs). Run after the compile step of the build.
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const file of Object.values(bin ?? {})) {
  const path = join(root, file);
  chmodSync(path, statSync(path).mode | 0o111);
}
