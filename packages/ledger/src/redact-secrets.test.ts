import { describe, expect, it } from 'vitest';
import { MAX_ERROR_MESSAGE_LENGTH, redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    ['OpenAI key sk-proj-AbCdEf0123456789xyz rejected', 'OpenAI key [REDACTED] rejected'],
    ['anthropic sk-ant-api03-abcDEF_123-456789', 'anthropic [REDACTED]'],
    [
      'GET https://g.example/v1?key=AIzaSyA1234567890abcdefghijklmn&alt=sse',
      'GET https://g.example/v1?key=[REDACTED]&alt=sse',
    ],
    ['plain AIzaSyA1234567890abcdefghijklmn', 'plain [REDACTED]'],
    ['Authorization: Bearer abc.def-ghi_jkl123', 'Authorization: Bearer [REDACTED]'],
    ['x-api-key: 0123456789abcdef', 'x-api-key: [REDACTED]'],
    ['groq gsk_0123456789abcdefABCDEF', 'groq [REDACTED]'],
  ])('redacts %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary messages alone and keeps them on one bounded line', () => {
    expect(redactSecrets('Upstream returned 503\n  Service Unavailable')).toBe(
      'Upstream returned 503 Service Unavailable',
    );
    expect(redactSecrets('x'.repeat(2000))).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(redactSecrets('task-12345678 skipped')).toBe('task-12345678 skipped');
  });
});
