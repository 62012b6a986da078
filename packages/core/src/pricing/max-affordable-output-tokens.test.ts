import type { ModelInfo } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { maxAffordableOutputTokens } from './max-affordable-output-tokens.js';
import { costOf } from './model-cost.js';

const model = (inputPerMillion: number, outputPerMillion: number, perRequest?: number): ModelInfo => ({
  id: 'x/model',
  name: 'x',
  provider: 'x',
  pricing: { inputPerMillion, outputPerMillion, perRequest },
  contextWindow: 100_000,
  maxOutputTokens: undefined,
  capabilities: ['general'],
  tier: 'budget',
  inputModalities: ['text'],
  supportedParameters: [],
});

describe('maxAffordableOutputTokens', () => {
  it.each([
    [model(2, 8), 1000, usd('0.01')],
    [model(0.14, 0.28, 0.0001), 37, usd('0.0003')],
    // Sub-pico prices per token: the answer must respect costOf's rounding exactly.
    [model(0.0000015, 0.0000025), 12, 1_000n],
    [model(0.0000015, 0.0000033), 0, 7n],
  ])('is the largest n with costOf <= budget (%#)', (candidate, inputTokens, budget) => {
    const n = maxAffordableOutputTokens(candidate, { inputTokens, budget })!;
    expect(n).toBeGreaterThanOrEqual(0);
    expect(costOf(candidate, { inputTokens, outputTokens: n })! <= budget).toBe(true);
    expect(costOf(candidate, { inputTokens, outputTokens: n + 1 })! > budget).toBe(true);
  });

  it('is -1 when the input alone is over budget, Infinity for free output, undefined when unpriced', () => {
    expect(maxAffordableOutputTokens(model(2, 8), { inputTokens: 1000, budget: usd('0.001') })).toBe(-1);
    expect(maxAffordableOutputTokens(model(2, 0), { inputTokens: 1, budget: usd(1) })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(
      maxAffordableOutputTokens({ ...model(1, 1), pricing: undefined }, { inputTokens: 1, budget: usd(1) }),
    ).toBeUndefined();
  });

  it('caps at the largest exact integer when the budget pays for more than 2^53 tokens', () => {
    // 10^15 USD at 0.000001 USD per million output tokens: about 10^27 tokens.
    const cheap = model(0.000001, 0.000001);
    const n = maxAffordableOutputTokens(cheap, { inputTokens: 10, budget: usd(1_000_000_000_000_000) });
    expect(n).toBe(Number.MAX_SAFE_INTEGER);
  });
});
