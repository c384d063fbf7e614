import { judge } from '../../lambda/operations/catch-up/verdict';

const MINUTE = 60_000;
const T = Date.UTC(2026, 10, 29, 23, 0);
const GATE = { maxLatencySeconds: 5, stableForSeconds: 180 };
/** Minute offsets from T → seconds. */
const series = (values: Record<number, number>) => new Map(Object.entries(values).map(([m, v]) => [T + Number(m) * MINUTE, v]));

describe('judging the catch-up window from the datapoints\' timestamps', () => {
  test('three present minutes at or below maxLatency, ending at the newest shared minute, are caught up', () => {
    const verdict = judge({ CDCLatencySource: series({ 0: 9, 1: 0, 2: 5, 3: 1 }), CDCLatencyTarget: series({ 1: 2, 2: 2, 3: 0, 4: 0 }) }, GATE, T + 6 * MINUTE);
    // The newest minute both have is +3; +4 of the target alone does not count.
    expect(verdict).toMatchObject({ kind: 'caught-up', latest: { minute: T + 3 * MINUTE, source: 1, target: 0 } });
  });

  test('one minute above maxLatency in the window is behind', () => {
    const verdict = judge({ CDCLatencySource: series({ 1: 0, 2: 6, 3: 0 }), CDCLatencyTarget: series({ 1: 0, 2: 0, 3: 0 }) }, GATE, T);
    expect(verdict).toMatchObject({ kind: 'behind', highMinutes: 1 });
  });

  test('a missing minute in the window is unknown, even with every present value at 0', () => {
    const verdict = judge({ CDCLatencySource: series({ 1: 0, 3: 0 }), CDCLatencyTarget: series({ 1: 0, 2: 0, 3: 0 }) }, GATE, T);
    expect(verdict).toMatchObject({ kind: 'unknown', missing: expect.stringContaining(new Date(T + 2 * MINUTE).toISOString()) });
  });

  test('a metric without datapoints is unknown, never caught up', () => {
    expect(judge({ CDCLatencySource: series({}), CDCLatencyTarget: series({ 1: 0, 2: 0, 3: 0 }) }, GATE, T)).toMatchObject({
      kind: 'unknown',
      missing: 'no CDCLatencySource datapoints',
    });
  });

  test('stableFor is rounded up to whole minutes: 61 seconds needs two minutes', () => {
    const verdict = judge({ CDCLatencySource: series({ 3: 0 }), CDCLatencyTarget: series({ 3: 0 }) }, { maxLatencySeconds: 5, stableForSeconds: 61 }, T);
    expect(verdict.kind).toBe('unknown');
  });
});
