import type { ModelInfo } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { costOf, costOfUsage } from './model-cost.js';

const model: ModelInfo = {
  id: 'openai/gpt-test',
  name: 'Test',
  provider: 'openai',
  pricing: { inputPerMillion: 2, outputPerMillion: 8, cacheReadPerMillion: 0.5, perRequest: 0.001 },
  contextWindow: 128_000,
  maxOutputTokens: 16_384,
  capabilities: ['general'],
  tier: 'mid',
  inputModalities: ['text'],
  supportedParameters: [],
};

describe('costOf', () => {
  it('prices input, cached input, output and the request fee exactly', () => {
    expect(costOf(model, { inputTokens: 1000, outputTokens: 500 })).toBe(
      usd('0.002') + usd('0.004') + usd('0.001'),
    );
    expect(costOf(model, { inputTokens: 1000, outputTokens: 0, cachedInputTokens: 400 })).toBe(
      usd('0.0012') + usd('0.0002') + usd('0.001'),
    );
  });

  it('returns undefined for an unknown price instead of zero', () => {
    expect(costOf({ ...model, pricing: undefined }, { inputTokens: 1, outputTokens: 1 })).toBeUndefined();
  });
});

describe('costOfUsage', () => {
  it('prefers the vendor-reported cost', () => {
    expect(costOfUsage(model, { inputTokens: 10, outputTokens: 10, reportedCostUsd: 0.000123 })).toBe(
      usd('0.000123'),
    );
  });

  it('falls back to estimates for missing counts', () => {
    expect(costOfUsage(model, { inputTokens: undefined, outputTokens: 100 }, { inputTokens: 1000 })).toBe(
      usd('0.002') + usd('0.0008') + usd('0.001'),
    );
  });
});
