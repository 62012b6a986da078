import { ApiCallError, InvalidResponseDataError } from '@tokenwise/spec';
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

describe('toOpenAIError: unreadable upstream answers', () => {
  it('says whether the answer was too large, cut or malformed, never quoting the data', () => {
    const answer = (reason?: 'too-large' | 'cut') =>
      toOpenAIError(
        new InvalidResponseDataError({
          message: 'internal detail',
          provider: 'openrouter',
          data: '{"secret":',
          ...(reason === undefined ? {} : { reason }),
        }),
      );
    expect(answer('too-large').message).toBe(
      'The upstream provider openrouter sent an answer larger than its max_tokens allows; TokenWise stopped reading it. Retry or pick another model.',
    );
    expect(answer('cut').message).toBe(
      'The upstream provider openrouter cut its answer off mid-way. Retry or pick another model.',
    );
    expect(answer().message).toBe(
      'The upstream provider openrouter sent a malformed response. Retry or pick another model.',
    );
    for (const reason of ['too-large', 'cut', undefined] as const) {
      const error = answer(reason);
      expect(error).toMatchObject({ status: 502, code: 'upstream_invalid_response' });
      expect(error.message).not.toContain('internal detail');
      expect(error.message).not.toContain('secret');
    }
  });
});
