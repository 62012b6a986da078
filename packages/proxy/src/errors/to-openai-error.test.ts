import { ApiCallError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { toOpenAIError } from './to-openai-error.js';

const upstream400 = (message: string) =>
  new ApiCallError({
    message,
    provider: 'openai',
    url: 'https://api.openai.com/v1/chat/completions',
    statusCode: 400,
  });

describe('toOpenAIError: upstream refusals', () => {
  it('shows the vendor reason of a 400 so the client can fix its request', () => {
    const error = toOpenAIError(
      upstream400(
        "Unsupported parameter: 'max_tokens' is not supported with this model.\nUse 'max_completion_tokens'.",
      ),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('upstream_invalid_request');
    expect(error.message).toContain(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens'.",
    );
  });

  it('masks key-shaped tokens and keeps the reason to one short line', () => {
    const error = toOpenAIError(upstream400(`bad key sk-proj-abcdef123456 ${'x'.repeat(500)}`));
    expect(error.message).not.toContain('sk-proj-abcdef123456');
    expect(error.message).toContain('[REDACTED]');
    expect(error.message.length).toBeLessThan(500);
  });

  it('keeps hiding the body of a 5xx', () => {
    const error = toOpenAIError(
      new ApiCallError({ message: 'internal detail', provider: 'openai', url: 'u', statusCode: 500 }),
    );
    expect(error.message).not.toContain('internal detail');
  });
});
