import { describe, expect, it } from 'vitest';
import { MAX_ERROR_MESSAGE_LENGTH, redactErrorMessage } from './redact-error-message.js';

describe('redactErrorMessage', () => {
  it('redacts secrets and keeps the message on one bounded line', () => {
    expect(redactErrorMessage('HTTP 401 for key sk-proj-AbCdEf0123456789xyz\n  retry later')).toBe(
      'HTTP 401 for key [REDACTED] retry later',
    );
    expect(redactErrorMessage('Upstream returned 503\n  Service Unavailable')).toBe(
      'Upstream returned 503 Service Unavailable',
    );
    const long = redactErrorMessage('word '.repeat(400));
    expect(long).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });
});
