import { InvalidResponseDataError } from '@tokenwise/spec';
import { runawayFetch } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { createGoogle } from './google-provider.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];

describe('createGoogle: CallOptions.maxResponseBytes', () => {
  it('stops reading a non-streamed body past the limit and reports it as billed (InvalidResponseDataError)', async () => {
    const { fetch, state } = runawayFetch();
    const model = createGoogle({ apiKey: 'test-key', fetch })('gemini-2.5-flash');
    const error = await Promise.resolve(
      model.doGenerate({ prompt, maxOutputTokens: 10, maxResponseBytes: 200_000 }),
    ).catch((e: unknown) => e);
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect(state.cancelled).toBe(true);
    expect(state.chunks).toBeLessThan(10);
  });
});
