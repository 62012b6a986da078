import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    ['OpenAI key sk-proj-AbCdEf0123456789xyz rejected', 'OpenAI key [REDACTED] rejected'],
    ['anthropic sk-ant-api03-abcDEF_123-456789', 'anthropic [REDACTED]'],
    ['short sk-abc123 key', 'short [REDACTED] key'],
    ['restricted rk-live-0123456789 and pk-test-0123456789', 'restricted [REDACTED] and [REDACTED]'],
    [
      'GET https://g.example/v1?key=AIzaSyA1234567890abcdefghijklmn&alt=sse',
      'GET https://g.example/v1?key=[REDACTED]&alt=sse',
    ],
    ['https://g.test/v1?alt=sse&key=AIzaXYZ', 'https://g.test/v1?alt=sse&key=[REDACTED]'],
    ['plain AIzaSyA1234567890abcdefghijklmn', 'plain [REDACTED]'],
    ['Authorization: Bearer abc.def-ghi_jkl123', 'Authorization: Bearer [REDACTED]'],
    ['x-api-key: 0123456789abcdef', 'x-api-key: [REDACTED]'],
    ['{"x-goog-api-key":"0123456789abcdef"}', '{"x-goog-api-key":"[REDACTED]"}'],
    ['groq gsk_0123456789abcdefABCDEF', 'groq [REDACTED]'],
    ['hf hf_0123456789abcdefABCDEF and xai-0123456789abcdefABCDEF', 'hf [REDACTED] and [REDACTED]'],
    [`together ${'a1b2c3d4'.repeat(8)} refused`, 'together [REDACTED] refused'],
  ])('masks the credential shape in %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      'Upstream returned 503 Service Unavailable',
      'task-12345678 skipped',
      'model openai/gpt-4.1-mini: max_tokens is too large',
      'Bearer token missing',
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });

  it('removes known secrets raw and URL-encoded, ignoring very short ones', () => {
    const key = 'tw-SECRET+key/123';
    const text = `sent ${key} and ?q=${encodeURIComponent(key)}`;
    const redacted = redactSecrets(text, { secrets: [key] });
    expect(redacted).toBe(`sent ${REDACTED} and ?q=${REDACTED}`);
    expect(redactSecrets('a b c', { secrets: ['', undefined, 'a'] })).toBe('a b c');
  });

  it('with shapes off removes only the known secrets (a model answer relayed to its caller)', () => {
    const answer = 'Keys look like sk-proj-AbCdEf0123456789xyz; yours is tw-own-secret-1';
    expect(redactSecrets(answer, { secrets: ['tw-own-secret-1'], shapes: false })).toBe(
      `Keys look like sk-proj-AbCdEf0123456789xyz; yours is ${REDACTED}`,
    );
  });
});
