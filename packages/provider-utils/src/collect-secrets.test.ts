import { describe, expect, it } from 'vitest';
import { collectSecrets } from './collect-secrets.js';

const key = 'sk-test-SECRET+key/123';

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
