import { codeBlocks, readReadme } from './markdown';

// The README's TypeScript snippets are compiled by jsii-rosetta (test/package/python.test.ts); here:
// pasted into one stack together, they do not collide.
const SNIPPETS = codeBlocks(readReadme().split('\n'))
  .filter((b) => b.info === 'ts' || b.info.startsWith('ts '))
  .map((b) => b.code.join('\n'));

test('GIVEN every README snippet pasted into one stack WHEN their construct ids are read THEN no id is used twice', () => {
  const ids = SNIPPETS.flatMap((code) => [...code.matchAll(/new [\w.]+\(this, '([^']+)'/g)].map((m) => m[1]));
  expect(ids.length).toBeGreaterThan(15);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
});

test('GIVEN every README snippet pasted into one stack WHEN their literal targets are read THEN no target is named twice (the same operation twice is refused)', () => {
  const targets = SNIPPETS.flatMap((code) =>
    [...code.matchAll(/(replicationTaskArn|replicationConfigArn|sourceServerId|taskId|exportTaskIdentifier): '([^']+)'/g)].map((m) => `${m[1]} ${m[2]}`),
  );
  expect(targets.length).toBeGreaterThan(5);
  expect(targets.filter((t, i) => targets.indexOf(t) !== i)).toEqual([]);
});
