import { InvalidResponseDataError } from '@tokenwise/spec';
import { runawayFetch } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { createOpenRouter } from './openrouter-provider.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];

describe('createOpenRouter: CallOptions.maxResponseBytes', () => {
  it('stops reading a non-streamed body past the limit and reports it as billed (InvalidResponseDataError)', async () => {
    const { fetch, state } = runawayFetch();
    const model = createOpenRouter({ apiKey: 'test-key', fetch })('openai/gpt-4.1-mini');
    const error = await Promise.resolve(
      model.doGenerate({ prompt, maxOutputTokens: 10, maxResponseBytes: 200_000 }),
    ).catch((e: unknown) => e);
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect(state.cancelled).toBe(true);
    expect(state.chunks).toBeLessThan(10);
  });
});
