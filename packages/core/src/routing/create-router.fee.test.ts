import { NoRouteError, type Scenario, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { sampleModel } from './__fixtures__/sample-models.js';
import { createRouter } from './create-router.js';

// The per-request fee is part of what a budget must pay, on the router's float fast path (whole pico per token)
// and on its exact path alike (issue #12: an earlier mutant pass found the fast path forgetting the fee).
const simple: Scenario = { capabilities: [], complexity: 'simple', signals: [] };
const prompt = 'Say hello in one short sentence.';
// Whole pico-dollars per token (1 and 2 USD per million tokens), so the fast path screens this model.
const withFee = sampleModel(
  'fee/model',
  { inputPerMillion: 1, outputPerMillion: 2, perRequest: 0.001 },
  100_000,
  ['general'],
  'budget',
  1000,
);
const FEE = usd('0.001');
const route = { maxOutputTokens: 200, scenario: simple };

function rejects(run: () => unknown): boolean {
  try {
    run();
  } catch (error) {
    return NoRouteError.isInstance(error);
  }
  return false;
}

describe('router budget filter with a per-request fee', () => {
  const expected = createRouter({ models: [withFee] }).route(prompt, route).estimatedCost;

  it('prices the fee into the estimate', () => {
    const outputTokens = 200n;
    expect(expected).toBeGreaterThan(FEE + outputTokens * 2_000_000n);
  });

  for (const [path, exclude] of [
    ['fast path', undefined],
    ['exact path (an exclusion list disables the inline screen)', ['other/model']],
  ] as const) {
    it(`${path}: fits at exactly the cost with the fee, not one pico-dollar less`, () => {
      const router = createRouter({ models: [withFee] });
      const options = { ...route, ...(exclude === undefined ? {} : { exclude }) };
      expect(router.route(prompt, { ...options, budget: expected }).model.id).toBe(withFee.id);
      expect(rejects(() => router.route(prompt, { ...options, budget: expected - 1n }))).toBe(true);
      // What input and output alone cost is not enough: the fee is owed on top.
      expect(rejects(() => router.route(prompt, { ...options, budget: expected - FEE }))).toBe(true);
    });

    it(`${path}: the minimum-output floor includes the fee`, () => {
      // minOutputTokens above the expected output: only the floor (input + fee + minimum output) can refuse.
      const options = { scenario: simple, ...(exclude === undefined ? {} : { exclude }) };
      const plain = createRouter({ models: [withFee] }).route(prompt, options);
      const minOutputTokens = plain.estimatedOutputTokens + 300;
      expect(minOutputTokens).toBeLessThanOrEqual(1000);
      const router = createRouter({ models: [withFee], minOutputTokens });
      const floor = plain.estimatedCost + 300n * 2_000_000n;
      expect(router.route(prompt, { ...options, budget: floor }).model.id).toBe(withFee.id);
      expect(rejects(() => router.route(prompt, { ...options, budget: floor - 1n }))).toBe(true);
      expect(rejects(() => router.route(prompt, { ...options, budget: floor - FEE }))).toBe(true);
    });
  }

  it('clamps the worst case to what the budget pays after input and fee', () => {
    const router = createRouter({ models: [withFee] });
    const decision = router.route(prompt, { ...route, budget: expected });
    expect(decision.worstCaseCost).toBeLessThanOrEqual(expected);
    expect(decision.worstCaseCost).toBe(expected);
  });
});
