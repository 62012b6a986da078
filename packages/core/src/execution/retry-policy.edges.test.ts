import { ApiCallError, InvalidArgumentError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { retryPolicy } from './retry-policy.js';

// The retry delay at its edges: Retry-After at the cap, odd errors and odd values.
const error = (retryAfterMs?: number) =>
  new ApiCallError({ message: 'x', provider: 'p', url: 'https://p.test', statusCode: 429, retryAfterMs });

describe('retryPolicy edges', () => {
  it('names a bad setting and what it expects', () => {
    let caught: unknown;
    try {
      retryPolicy({ maxDelayMs: -5 });
    } catch (thrown) {
      caught = thrown;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({
      argument: 'maxDelayMs',
      message: 'Invalid retry setting maxDelayMs=-5: expected a non-negative number.',
    });
  });

  it('waits a Retry-After exactly at the cap', () => {
    const policy = retryPolicy({ jitter: false, maxRetryAfterMs: 10_000 });
    expect(policy.delayFor(1, error(10_000))).toBe(10_000);
  });

  it('ignores a Retry-After that is not a finite non-negative number', () => {
    const policy = retryPolicy({ jitter: false });
    for (const retryAfterMs of [Number.NaN, Number.POSITIVE_INFINITY, -5]) {
      expect(policy.delayFor(1, error(retryAfterMs))).toBe(500);
    }
    const custom = retryPolicy({ jitter: false, isRetryable: () => true });
    for (const retryAfterMs of ['2000', Number.NaN, Number.POSITIVE_INFINITY, -5]) {
      expect(custom.delayFor(1, Object.assign(new Error('x'), { retryAfterMs }))).toBe(500);
    }
  });

  it('backs off for any error a custom rule calls retryable, objects or not', () => {
    const policy = retryPolicy({ jitter: false, isRetryable: () => true });
    for (const thrown of [null, undefined, 'boom', 42, {}]) expect(policy.delayFor(1, thrown)).toBe(500);
  });
});
