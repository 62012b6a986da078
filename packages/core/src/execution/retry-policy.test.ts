import { ApiCallError, InvalidArgumentError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';
import { getText } from './get-text.js';
import { isRetryableError } from './is-retryable-error.js';
import { noRetry, retryPolicy } from './retry-policy.js';
import { sleep } from './sleep.js';

const error = (statusCode?: number, retryAfterMs?: number) =>
  new ApiCallError({ message: 'x', provider: 'p', url: 'https://p.test', statusCode, retryAfterMs });

describe('retryPolicy', () => {
  it('backs off exponentially up to the ceiling, with full jitter', () => {
    const fixed = retryPolicy({ jitter: false, maxRetries: 10 });
    expect([1, 2, 3, 4, 5, 6].map((retry) => fixed.delayFor(retry, error(503)))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 8_000,
    ]);
    const jittered = retryPolicy({ random: () => 0.25 });
    expect(jittered.delayFor(2, error(500))).toBe(250);
  });

  it('retries only retryable errors, within maxRetries', () => {
    const policy = retryPolicy();
    expect(policy.delayFor(1, error(400))).toBeUndefined();
    expect(policy.delayFor(1, error(401))).toBeUndefined();
    expect(policy.delayFor(1, error(undefined))).toBeDefined();
    expect(policy.delayFor(1, error(408))).toBeDefined();
    expect(policy.delayFor(3, error(500))).toBeUndefined();
    expect(policy.delayFor(1, new Error('boom'))).toBeUndefined();
    expect(noRetry().delayFor(1, error(500))).toBeUndefined();
  });

  it('waits at least the Retry-After, and refuses one beyond the cap', () => {
    const policy = retryPolicy({ random: () => 0.99, maxRetryAfterMs: 10_000 });
    expect(policy.delayFor(1, error(429, 3_000))).toBe(3_000);
    expect(policy.delayFor(1, error(429, 10))).toBe(495);
    expect(policy.delayFor(1, error(429, 10_001))).toBeUndefined();
  });

  it('rejects nonsense settings', () => {
    expect(() => retryPolicy({ maxRetries: -1 })).toThrow(InvalidArgumentError);
    expect(() => retryPolicy({ initialDelayMs: Number.NaN })).toThrow(InvalidArgumentError);
  });

  it('treats timeouts as retryable and aborts as not', () => {
    expect(isRetryableError(new DOMException('t', 'TimeoutError'))).toBe(true);
    expect(isRetryableError(new DOMException('a', 'AbortError'))).toBe(false);
  });
});

describe('sleep', () => {
  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
    await expect(sleep(1, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
    await expect(sleep(0)).resolves.toBeUndefined();
  });
});

describe('describeError', () => {
  it('keeps the class name and status, redacts keys and shortens long messages', () => {
    const described = describeError(
      new ApiCallError({
        message: `Bearer abcdefgh12345678 rejected; sk-ant-api03-secretsecret; ${'x'.repeat(600)}`,
        provider: 'anthropic',
        url: 'https://api.anthropic.com',
        statusCode: 401,
      }),
    );
    expect(described.name).toBe('TokenwiseApiCallError');
    expect(described.statusCode).toBe(401);
    expect(described.message).not.toContain('secretsecret');
    expect(described.message).not.toContain('abcdefgh12345678');
    expect(described.message.length).toBeLessThanOrEqual(501);
    expect(describeError('plain')).toEqual({ name: 'string', message: 'plain' });
  });
});

describe('getText', () => {
  it('concatenates text parts only', () => {
    expect(
      getText({
        content: [
          { type: 'reasoning', text: 'hmm' },
          { type: 'text', text: 'a' },
          { type: 'tool-call', toolCallId: '1', toolName: 't', input: '{}' },
          { type: 'text', text: 'b' },
        ],
      }),
    ).toBe('ab');
  });
});
