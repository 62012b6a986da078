import { describe, expect, it } from 'vitest';
import { isRetryableStatus } from './is-retryable-status.js';
import { parseRetryAfter } from './parse-retry-after.js';

describe('parseRetryAfter', () => {
  it('reads seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '7' }))).toBe(7000);
  });
  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '7', 'retry-after-ms': '1250' }))).toBe(1250);
  });
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(
      30_000,
    );
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now)).toBe(0);
  });
  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfter(new Headers())).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 409, 429 and 5xx only', () => {
    expect([400, 401, 402, 403, 404, 408, 409, 422, 429, 500, 503].filter(isRetryableStatus)).toEqual([
      408, 409, 429, 500, 503,
    ]);
  });
});
