import { NoRouteError, type Scenario } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { costOf } from '../pricing/model-cost.js';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { sampleModel } from './__fixtures__/sample-models.js';
import { createRouter, type RouterOptions } from './create-router.js';

// The router screens most models in float arithmetic and the rest in exact bigint money. These are the edges where
// a float sum is NOT the exact cost: sub-pico prices per token (costOf rounds each term) and sums above 2^53 (a
// double cannot hold every integer there). On each, a budget of exactly the cost must pass and one pico-dollar less
// must fail, on the inline screen (no exclusions) and on the general one (an exclusion list) alike.
const simple: Scenario = { capabilities: [], complexity: 'simple', signals: [] };
const prompt = 'Hello';
const inputTokens = countPromptTokens(prompt);
const paths = [
  ['inline screen', {}],
  ['general screen', { exclude: ['nobody/none'] }],
] as const;

function fits(options: RouterOptions, budget: bigint, extra: object): boolean {
  try {
    return createRouter(options).route(prompt, { scenario: simple, budget, ...extra }).withinBudget;
  } catch (error) {
    if (NoRouteError.isInstance(error)) return false;
    throw error;
  }
}

describe('router budget checks where a float sum is not the exact cost', () => {
  it('the prompt has an odd token count, which these edges need', () => {
    expect(inputTokens % 2).toBe(1);
  });

  // 1.5 and 2.5 pico per token: the exact cost rounds each term up, the float sum does not.
  const subPico = sampleModel(
    'sub/pico',
    { inputPerMillion: 0.0000015, outputPerMillion: 0.0000025 },
    100_000,
    ['general'],
    'budget',
  );
  // 1 pico per input token and 2^20 per output token: 2^33 output tokens cost exactly 2^53 pico.
  const huge = sampleModel(
    'huge/price',
    { inputPerMillion: 0.000001, outputPerMillion: 1.048576 },
    2 ** 34,
    ['general'],
    'flagship',
  );
  const bigOutput = 2 ** 33;

  for (const [path, extra] of paths) {
    it(`${path}: sub-pico prices are held to the rounded cost`, () => {
      const exact = costOf(subPico, { inputTokens, outputTokens: 1 })!;
      expect(Number(exact)).toBeGreaterThan(1.5 * inputTokens + 2.5);
      const route = { ...extra, maxOutputTokens: 1 };
      expect(fits({ models: [subPico] }, exact, route)).toBe(true);
      expect(fits({ models: [subPico] }, exact - 1n, route)).toBe(false);
    });

    it(`${path}: an expected cost above 2^53 is compared exactly`, () => {
      const exact = costOf(huge, { inputTokens, outputTokens: bigOutput })!;
      expect(exact).toBe(2n ** 53n + BigInt(inputTokens));
      const route = { ...extra, maxOutputTokens: bigOutput };
      expect(fits({ models: [huge] }, exact, route)).toBe(true);
      expect(fits({ models: [huge] }, exact - 1n, route)).toBe(false);
    });

    it(`${path}: a minimum-output floor above 2^53 is compared exactly`, () => {
      // The expected output (256 tokens) is cheap; only the floor of 2^33 output tokens is above 2^53.
      const options = { models: [huge], minOutputTokens: bigOutput };
      const floor = costOf(huge, { inputTokens, outputTokens: bigOutput })!;
      expect(costOf(huge, { inputTokens, outputTokens: 256 })! < 2n ** 53n).toBe(true);
      expect(fits(options, floor, extra)).toBe(true);
      expect(fits(options, floor - 1n, extra)).toBe(false);
    });
  }
});
