import { SharedReads } from '../../lambda/engine/shared-reads';

/** A listing source that counts its calls and answers with the given ids. */
function source(ids: string[]) {
  const counter = { calls: 0 };
  const list = async () => {
    counter.calls += 1;
    return new Map(ids.map((id) => [id, { id, call: counter.calls }]));
  };
  return { counter, list };
}

const INTERVAL_MS = 10_000;
let now = 1_000_000;
beforeEach(() => {
  now = 1_000_000;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
});
afterEach(() => jest.restoreAllMocks());

const reads = () => new SharedReads(() => INTERVAL_MS, true);

test('targets polled within one interval share one listing', async () => {
  // GIVEN one environment's listing of three tasks
  const shared = reads();
  const client = {};
  const { counter, list } = source(['a', 'b', 'c']);
  // WHEN three resources poll within the same interval
  const found = [];
  for (const id of ['a', 'b', 'c']) {
    found.push(await shared.find(client, 'tasks', id, 0, list));
    now += 1_000;
  }
  // THEN one listing answered all three
  expect(found.map((f) => f?.item)).toEqual([{ id: 'a', call: 1 }, { id: 'b', call: 1 }, { id: 'c', call: 1 }]);
  expect(counter.calls).toBe(1);
});

test('concurrent polls join the listing already in flight', async () => {
  const shared = reads();
  const client = {};
  const { counter, list } = source(['a', 'b']);
  await Promise.all([shared.find(client, 'tasks', 'a', 0, list), shared.find(client, 'tasks', 'b', 0, list)]);
  expect(counter.calls).toBe(1);
});

test('a resource alone in its environment gets a new listing at every poll', async () => {
  // GIVEN a listing that serves one target
  const shared = reads();
  const client = {};
  const { counter, list } = source(['a']);
  await shared.find(client, 'tasks', 'a', 0, list);
  // WHEN its next poll comes one interval later (the Provider waits a full interval between polls)
  now += INTERVAL_MS;
  await shared.find(client, 'tasks', 'a', 0, list);
  // THEN it read again, as a read of its own would
  expect(counter.calls).toBe(2);
});

test('a listing serving many targets is kept up to three intervals', async () => {
  const shared = reads();
  const client = {};
  const ids = Array.from({ length: 30 }, (_, i) => `t${i}`);
  const { counter, list } = source(ids);
  for (const id of ids) await shared.find(client, 'tasks', id, 0, list);
  now += 2.5 * INTERVAL_MS;
  await shared.find(client, 'tasks', 't0', 0, list);
  expect(counter.calls).toBe(1);
  now += INTERVAL_MS;
  await shared.find(client, 'tasks', 't0', 0, list);
  expect(counter.calls).toBe(2);
});

test('a listing made before the event began is never used for it', async () => {
  // GIVEN a fresh listing
  const shared = reads();
  const client = {};
  const { list } = source(['a']);
  await shared.find(client, 'tasks', 'a', 0, list);
  // WHEN an event that began after it polls
  now += 1_000;
  const found = await shared.find(client, 'tasks', 'a', now - 500, list);
  // THEN a new listing answers: a state older than the event's own request is never reported
  expect(found?.item).toEqual({ id: 'a', call: 2 });
});

test('each client (service, region, role) has listings of its own', async () => {
  const shared = reads();
  const east = source(['a']);
  const west = source([]);
  expect(await shared.find({}, 'tasks', 'a', 0, east.list)).toBeDefined();
  // A target absent from another place's listing is not reported found there: the caller reads it directly.
  expect(await shared.find({}, 'tasks', 'a', 0, west.list)).toBeUndefined();
  expect([east.counter.calls, west.counter.calls]).toEqual([1, 1]);
});

test('a failed listing is not kept: the next poll asks again', async () => {
  const shared = reads();
  const client = {};
  let calls = 0;
  const failing = async () => {
    calls += 1;
    if (calls === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    return new Map([['a', 'ok']]);
  };
  await expect(shared.find(client, 'tasks', 'a', 0, failing)).rejects.toThrow('Rate exceeded');
  expect(await shared.find(client, 'tasks', 'a', 0, failing)).toEqual({ item: 'ok' });
});

test('in an account with many targets, one waiting resource reads its own instead of listing every page', async () => {
  // GIVEN an environment whose listing took 3 pages (250 tasks) and served one target
  const shared = reads();
  const client = {};
  const { counter, list } = source(Array.from({ length: 250 }, (_, i) => `t${i}`));
  expect(await shared.find(client, 'tasks', 't0', 0, list)).toBeDefined();
  // WHEN that target polls again an interval later
  now += INTERVAL_MS;
  // THEN it is told to read directly (1 call rather than 3)
  expect(await shared.find(client, 'tasks', 't0', 0, list)).toBeUndefined();
  // AND once as many targets ask as the listing has pages, listing pays off again
  await shared.find(client, 'tasks', 't1', 0, list);
  expect(await shared.find(client, 'tasks', 't2', 0, list)).toBeDefined();
  expect(counter.calls).toBe(2);
});

test('the benchmark switch turns sharing off: every poll reads its own target', async () => {
  const shared = new SharedReads(() => INTERVAL_MS, false);
  const { counter, list } = source(['a']);
  expect(await shared.find({}, 'tasks', 'a', 0, list)).toBeUndefined();
  expect(counter.calls).toBe(0);
});

test('a first call never takes its target from a listing: it reads directly, before it acts', async () => {
  // GIVEN a fresh listing that holds the target
  const shared = reads();
  const client = {};
  const { counter, list } = source(['a']);
  await shared.find(client, 'tasks', 'a', 0, list);
  // WHEN the first call of a new event asks for it
  const item = await shared.onPoll({ firstCall: true, startedAt: now }, client, 'tasks', 'a', list);
  // THEN it gets nothing from the listing, and no listing was made for it
  expect(item).toBeUndefined();
  expect(counter.calls).toBe(1);
});

test('a poll uses its event\'s start as the oldest listing it accepts', async () => {
  // GIVEN a listing made before the event began
  const shared = reads();
  const client = {};
  const { counter, list } = source(['a']);
  await shared.find(client, 'tasks', 'a', 0, list);
  now += 1_000;
  // WHEN a poll of an event that started after that listing asks for the target
  const item = await shared.onPoll({ firstCall: false, startedAt: now - 500 }, client, 'tasks', 'a', list);
  // THEN a new listing answered it
  expect(item).toEqual({ id: 'a', call: 2 });
  expect(counter.calls).toBe(2);
});
