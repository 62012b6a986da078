import type { CallOptions } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { anthropicOnlyFeatureWarnings } from './anthropic-only-feature-warnings.js';

describe('anthropicOnlyFeatureWarnings', () => {
  it('says nothing for a plain prompt', () => {
    const options: CallOptions = { prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };
    expect(anthropicOnlyFeatureWarnings(options, 'openai')).toEqual([]);
  });

  it('reports cache breakpoints, reasoning blocks and anthropic-beta once each', () => {
    const options: CallOptions = {
      prompt: [
        { role: 'system', content: 'be brief', cacheControl: { type: 'ephemeral' } },
        { role: 'user', content: [{ type: 'text', text: 'a', cacheControl: { type: 'ephemeral' } }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'hm', signature: 'sig' }] },
      ],
      headers: { 'Anthropic-Beta': 'prompt-caching-2024-07-31' },
    };
    const settings = anthropicOnlyFeatureWarnings(options, 'google').map((warning) => warning.setting);
    expect(settings).toEqual(['cacheControl', 'reasoning', 'anthropicBeta']);
  });

  it('finds a breakpoint on a tool', () => {
    const options: CallOptions = {
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }],
      tools: [{ type: 'function', name: 't', inputSchema: {}, cacheControl: { type: 'ephemeral' } }],
    };
    expect(anthropicOnlyFeatureWarnings(options, 'openai')[0]?.setting).toBe('cacheControl');
  });
});
