import { describe, expect, it } from 'vitest';
import { runWithLimit } from './run-with-limit.js';

describe('runWithLimit', () => {
  it('never has more than `limit` items in flight and keeps input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await runWithLimit([5, 1, 4, 2, 3, 0], 2, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      // yield a varying number of microtask turns so items finish out of order
      for (let turn = 0; turn < item; turn++) await Promise.resolve();
      inFlight--;
      return item * 10;
    });
    expect(peak).toBe(2);
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
  });

  it('starts nothing new once the signal aborts', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const results = await runWithLimit(
      [0, 1, 2, 3, 4],
      1,
      async (item) => {
        started.push(item);
        if (item === 1) controller.abort();
        return item;
      },
      controller.signal,
    );
    expect(started).toEqual([0, 1]);
    expect(results).toEqual([0, 1]);
  });
});
