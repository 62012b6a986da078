import { describe, expect, it } from 'vitest';
import { droppedParams, droppedParamsHeader } from './dropped-params.js';

const wireNames = { presencePenalty: 'presence_penalty', topK: 'top_k' };

describe('droppedParams', () => {
  it('maps warnings to wire names and lists vendor-only fields the answering provider never got', () => {
    const list = droppedParams({
      warnings: [
        { type: 'unsupported-setting', setting: 'presencePenalty', message: 'm' },
        { type: 'unsupported-setting', setting: 'cacheControl', message: 'm' },
        { type: 'other', message: 'not a setting' },
      ],
      providerOptions: { openai: { store: true, service_tier: 'flex' }, openrouter: { store: true } },
      provider: 'anthropic',
      wireNames,
    });
    expect(list).toEqual(['cacheControl', 'presence_penalty', 'service_tier', 'store']);
  });

  it('lists nothing when the answering provider took every vendor field', () => {
    const args = {
      warnings: [],
      providerOptions: { openai: { store: true }, openrouter: { store: true } },
      provider: 'openai',
      wireNames,
    };
    expect(droppedParams(args)).toEqual([]);
    expect(droppedParamsHeader(args)).toBeUndefined();
  });

  it('joins the header value with commas', () => {
    expect(
      droppedParamsHeader({
        warnings: [{ type: 'unsupported-setting', setting: 'topK', message: 'm' }],
        provider: 'openai',
        wireNames,
      }),
    ).toBe('top_k');
  });
});
