import { describe, expect, it } from 'vitest';
import { collectSecrets } from './collect-secrets.js';
import { REDACTED, redactSecrets } from './redact-secrets.js';
import { sanitizeError } from './sanitize-error.js';

const key = 'sk-test-SECRET+key/123';

describe('redactSecrets', () => {
  it('replaces raw and URL-encoded occurrences', () => {
    const text = `Bearer ${key} and ?key=${encodeURIComponent(key)}`;
    const redacted = redactSecrets(text, [key]);
    expect(redacted).toBe(`Bearer ${REDACTED} and ?key=${REDACTED}`);
    expect(redacted).not.toContain('SECRET');
  });

  it('ignores empty, undefined and very short secrets', () => {
    expect(redactSecrets('a b c', ['', undefined, 'a'])).toBe('a b c');
  });
});

describe('collectSecrets', () => {
  it('finds credentials in headers and strips the Bearer scheme', () => {
    const secrets = collectSecrets(
      { Authorization: `Bearer ${key}`, 'x-api-key': 'anthropic-key', 'content-type': 'application/json' },
      ['extra-secret'],
    );
    expect(secrets).toContain(key);
    expect(secrets).toContain(`Bearer ${key}`);
    expect(secrets).toContain('anthropic-key');
    expect(secrets).toContain('extra-secret');
    expect(secrets).not.toContain('application/json');
  });
});

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
