import type { ModelInfo } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { maxAffordableOutputTokens } from './max-affordable-output-tokens.js';
import { costOf, costOfUsage } from './model-cost.js';

// Edges of the money arithmetic that the main suites left open (issue #12, found by `pnpm mutate pricing`).
function model(pricing: ModelInfo['pricing']): ModelInfo {
  return {
    id: 'x/model',
    name: 'x',
    provider: 'x',
    pricing,
    contextWindow: 100_000,
    maxOutputTokens: undefined,
    capabilities: ['general'],
    tier: 'budget',
    inputModalities: ['text'],
    supportedParameters: [],
  };
}

const cached = model({
  inputPerMillion: 2,
  outputPerMillion: 8,
  cacheReadPerMillion: 0.5,
  cacheWritePerMillion: 2.5,
});

describe('costOf: cache reads and writes', () => {
  it('bills written tokens at the cache-write price and the rest at the input price', () => {
    // 1000 input: 200 read (0.5/M), 300 written (2.5/M), 500 plain (2/M).
    expect(
      costOf(cached, { inputTokens: 1000, outputTokens: 0, cachedInputTokens: 200, cacheWriteTokens: 300 }),
    ).toBe(usd('0.0001') + usd('0.00075') + usd('0.001'));
  });

  it('never bills more cached or written tokens than there were input tokens', () => {
    expect(costOf(cached, { inputTokens: 100, outputTokens: 0, cachedInputTokens: 500 })).toBe(
      usd('0.00005'),
    );
    expect(
      costOf(cached, { inputTokens: 100, outputTokens: 0, cachedInputTokens: 60, cacheWriteTokens: 500 }),
    ).toBe(usd('0.00003') + usd('0.0001'));
  });

  it('falls back to the input price when the catalog lists no cache prices', () => {
    const plain = model({ inputPerMillion: 2, outputPerMillion: 8 });
    expect(
      costOf(plain, { inputTokens: 1000, outputTokens: 0, cachedInputTokens: 200, cacheWriteTokens: 300 }),
    ).toBe(usd('0.002'));
  });

  it('has no fee when the catalog lists none, and adds it when it does', () => {
    expect(
      costOf(model({ inputPerMillion: 0, outputPerMillion: 0 }), { inputTokens: 9, outputTokens: 9 }),
    ).toBe(0n);
    expect(
      costOf(model({ inputPerMillion: 0, outputPerMillion: 0, perRequest: 0.002 }), {
        inputTokens: 0,
        outputTokens: 0,
      }),
    ).toBe(usd('0.002'));
  });
});

describe('costOfUsage: which figure wins', () => {
  const priced = model({ inputPerMillion: 2, outputPerMillion: 8 });

  it('takes a reported cost of exactly zero', () => {
    expect(costOfUsage(priced, { inputTokens: 1000, outputTokens: 1000, reportedCostUsd: 0 })).toBe(0n);
  });

  it('ignores a negative, infinite or NaN reported cost and prices the tokens', () => {
    const tokens = usd('0.002') + usd('0.008');
    for (const reportedCostUsd of [-0.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(costOfUsage(priced, { inputTokens: 1000, outputTokens: 1000, reportedCostUsd })).toBe(tokens);
    }
  });

  it('falls back to the estimate for missing output and input counts, and to 0 without one', () => {
    expect(
      costOfUsage(
        priced,
        { inputTokens: 1000, outputTokens: undefined },
        { inputTokens: 5, outputTokens: 1000 },
      ),
    ).toBe(usd('0.002') + usd('0.008'));
    expect(costOfUsage(priced, { inputTokens: undefined, outputTokens: undefined })).toBe(0n);
  });

  it('passes reported cache counts through', () => {
    expect(
      costOfUsage(cached, {
        inputTokens: 1000,
        outputTokens: 0,
        cachedInputTokens: 200,
        cacheWriteTokens: 300,
      }),
    ).toBe(usd('0.0001') + usd('0.00075') + usd('0.001'));
  });
});

describe('maxAffordableOutputTokens: exact edges', () => {
  const priced = model({ inputPerMillion: 2, outputPerMillion: 8, perRequest: 0.001 });

  it('is 0, not -1, when the budget pays the input and fee exactly', () => {
    const inputCost = costOf(priced, { inputTokens: 1000, outputTokens: 0 })!;
    expect(maxAffordableOutputTokens(priced, { inputTokens: 1000, budget: inputCost })).toBe(0);
    expect(maxAffordableOutputTokens(priced, { inputTokens: 1000, budget: inputCost - 1n })).toBe(-1);
  });

  it('counts the fee as input', () => {
    const noFee = model({ inputPerMillion: 2, outputPerMillion: 8 });
    const budget = usd('0.01');
    const withFee = maxAffordableOutputTokens(priced, { inputTokens: 1000, budget })!;
    expect(maxAffordableOutputTokens(noFee, { inputTokens: 1000, budget })! - withFee).toBe(125);
  });

  it('caps a huge answer at the largest safe integer', () => {
    const tiny = model({ inputPerMillion: 0, outputPerMillion: 0.000001 });
    expect(maxAffordableOutputTokens(tiny, { inputTokens: 0, budget: usd(1_000_000) })).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('is Infinity for free output only, not for output below a pico-dollar per million', () => {
    expect(
      maxAffordableOutputTokens(model({ inputPerMillion: 1, outputPerMillion: 0 }), {
        inputTokens: 1,
        budget: usd(1),
      }),
    ).toBe(Number.POSITIVE_INFINITY);
    const subPico = model({ inputPerMillion: 0, outputPerMillion: 0.0000000001 });
    expect(maxAffordableOutputTokens(subPico, { inputTokens: 0, budget: 1n })).not.toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});
