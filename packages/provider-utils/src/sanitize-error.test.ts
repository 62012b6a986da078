import { REDACTED } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { sanitizeError } from './sanitize-error.js';

const key = 'sk-test-SECRET+key/123';

describe('sanitizeError', () => {
  it('redacts message, stack and the whole cause chain and drops other properties', () => {
    const inner = Object.assign(new Error(`connect ECONNREFUSED https://x/?key=${key}`), {
      code: 'ECONNREFUSED',
      config: { headers: { authorization: key } },
    });
    const outer = new TypeError(`fetch failed for ${key}`, { cause: inner });
    const safe = sanitizeError(outer, [key]);
    const serialized = JSON.stringify(safe, Object.getOwnPropertyNames(safe)) + String(safe.stack);
    const causeSerialized = JSON.stringify(safe.cause, Object.getOwnPropertyNames(safe.cause as object));
    expect(serialized).not.toContain(key);
    expect(causeSerialized).not.toContain(key);
    expect(safe.name).toBe('TypeError');
    expect((safe.cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect((safe.cause as { config?: unknown }).config).toBeUndefined();
  });

  it('wraps non-Error values', () => {
    expect(sanitizeError({ token: key }, [key]).message).toBe(`{"token":"${REDACTED}"}`);
  });
});
