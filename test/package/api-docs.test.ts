import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, bin, readAssembly, run } from '../support/jsii';

let dir: string;
beforeAll(() => {
  readAssembly(); // refuses a .jsii older than lib/: the docs would be generated from it
  dir = mkdtempSync(join(tmpdir(), 'cdk-cutover-docgen-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('GIVEN the built assembly WHEN jsii-docgen regenerates the API reference THEN the committed API.md is identical', async () => {
  const generated = join(dir, 'API.md');
  const docgen = await run(bin('jsii-docgen'), ['-o', generated]);
  expect({ code: docgen.code, stderr: docgen.code === 0 ? '' : docgen.stderr }).toEqual({ code: 0, stderr: '' });

  const expected = readFileSync(generated, 'utf8').split('\n');
  const committed = readFileSync(join(ROOT, 'API.md'), 'utf8').split('\n');
  const firstDifference = expected.findIndex((line, i) => line !== committed[i]);
  if (firstDifference !== -1 || committed.length !== expected.length) {
    const line = firstDifference === -1 ? Math.min(expected.length, committed.length) : firstDifference;
    throw new Error(
      `API.md is stale (first difference at line ${line + 1}: committed ${JSON.stringify(committed[line])}, ` +
        `generated ${JSON.stringify(expected[line])}). Run "npm run docgen" and commit API.md.`,
    );
  }
}, 60_000);
