import { ApiCallError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { withRetry } from './with-retry.js';

function apiError(statusCode: number, retryAfterMs?: number) {
  return new ApiCallError({ message: 'x', provider: 'p', url: 'u', statusCode, retryAfterMs });
}

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (delayMs: number) => void delays.push(delayMs) };
}

describe('withRetry', () => {
  it('retries retryable errors with growing jittered backoff, then succeeds', async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw apiError(503);
        return 'ok';
      },
      { maxRetries: 3, initialDelayMs: 100, random: () => 1, sleep },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('applies jitter between half and all of the backoff', async () => {
    const { delays, sleep } = recordingSleep();
    await withRetry(
      async (attempt) => {
        if (attempt === 0) throw apiError(500);
      },
      { initialDelayMs: 100, random: () => 0, sleep },
    );
    expect(delays).toEqual([50]);
  });

  it('waits at least Retry-After', async () => {
    const { delays, sleep } = recordingSleep();
    await withRetry(
      async (attempt) => {
        if (attempt === 0) throw apiError(429, 5_000);
      },
      { initialDelayMs: 100, random: () => 0, sleep },
    );
    expect(delays).toEqual([5_000]);
  });

  it('gives up when Retry-After exceeds maxDelayMs', async () => {
    const { delays, sleep } = recordingSleep();
    const error = apiError(429, 120_000);
    await expect(withRetry(async () => Promise.reject(error), { sleep, maxDelayMs: 60_000 })).rejects.toBe(
      error,
    );
    expect(delays).toEqual([]);
  });

  it('does not retry non-retryable errors or plain errors', async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(401);
        },
        { sleep },
      ),
    ).rejects.toMatchObject({ statusCode: 401 });
    await expect(withRetry(async () => Promise.reject(new Error('bug')), { sleep })).rejects.toThrow('bug');
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('throws the last error after maxRetries', async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(500);
        },
        { maxRetries: 2, sleep },
      ),
    ).rejects.toMatchObject({ statusCode: 500 });
    expect(calls).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it('stops when the signal aborts during the wait', async () => {
    const controller = new AbortController();
    let calls = 0;
    const pending = withRetry(
      async () => {
        calls++;
        throw apiError(500);
      },
      { signal: controller.signal, initialDelayMs: 60_000, maxRetries: 5 },
    );
    await Promise.resolve();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(1);
  });
});
