import { InvalidResponseDataError } from '@tokenwise/spec';
import { runawayFetch } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { createAnthropic } from './anthropic-provider.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];

describe('createAnthropic: CallOptions.maxResponseBytes', () => {
  it('stops reading a non-streamed body past the limit and reports it as billed (InvalidResponseDataError)', async () => {
    const { fetch, state } = runawayFetch();
    const model = createAnthropic({ apiKey: 'test-key', fetch })('claude-sonnet-4-5');
    const error = await Promise.resolve(
      model.doGenerate({ prompt, maxOutputTokens: 10, maxResponseBytes: 200_000 }),
    ).catch((e: unknown) => e);
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect(state.cancelled).toBe(true);
    expect(state.chunks).toBeLessThan(10);
  });
});
