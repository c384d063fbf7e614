import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

test('the package\'s own command is executable after the build, so npx cdk-cutover runs in a fresh clone', () => {
  // GIVEN the commands package.json declares
  const { bin } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  expect(Object.keys(bin)).toEqual(['cdk-cutover']);
  // WHEN the build has run (npm test builds first)
  // THEN each command file starts with its interpreter line and its owner may execute it
  for (const file of Object.values(bin)) {
    const path = join(ROOT, file);
    expect(readFileSync(path, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(path).mode & 0o100).toBe(0o100);
  }
});
