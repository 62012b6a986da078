/** A clock tests move by hand: `now()` is what stores read, `set`/`advance` move it. */
export interface TestClock {
  now: () => number;
  set(ms: number | string): void;
  advance(ms: number): void;
}

/** Creates a {@link TestClock} starting at `start` (epoch ms or an ISO 8601 time). */
export function createTestClock(start: number | string = '2027-03-15T12:00:00.000Z'): TestClock {
  let current = typeof start === 'string' ? Date.parse(start) : start;
  return {
    now: () => current,
    set(ms) {
      current = typeof ms === 'string' ? Date.parse(ms) : ms;
    },
    advance(ms) {
      current += ms;
    },
  };
}
