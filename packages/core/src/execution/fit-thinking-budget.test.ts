import { describe, expect, it } from 'vitest';
import { fitThinkingBudget, thinkingForAttempt } from './fit-thinking-budget.js';

describe('fitThinkingBudget', () => {
  it('keeps a budget that already fits', () => {
    expect(
      fitThinkingBudget({ budgetTokens: 2048, requestedMaxTokens: 8000, clampedMaxTokens: 4000 }),
    ).toEqual({
      ok: true,
      budgetTokens: 2048,
    });
  });

  it('lowers 32000 / 31999 with the clamp so budget_tokens < max_tokens', () => {
    expect(
      fitThinkingBudget({ budgetTokens: 31999, requestedMaxTokens: 32000, clampedMaxTokens: 8000 }),
    ).toEqual({
      ok: true,
      budgetTokens: 7999,
    });
    expect(
      fitThinkingBudget({ budgetTokens: 10000, requestedMaxTokens: 16000, clampedMaxTokens: 4000 }),
    ).toEqual({
      ok: true,
      budgetTokens: 2500,
    });
  });

  it('never goes below 1024 and refuses when max_tokens cannot exceed 1024', () => {
    expect(
      fitThinkingBudget({ budgetTokens: 31999, requestedMaxTokens: 32000, clampedMaxTokens: 1100 }),
    ).toEqual({
      ok: true,
      budgetTokens: 1099,
    });
    expect(
      fitThinkingBudget({ budgetTokens: 2000, requestedMaxTokens: 32000, clampedMaxTokens: 1100 }),
    ).toEqual({
      ok: true,
      budgetTokens: 1024,
    });
    const impossible = fitThinkingBudget({
      budgetTokens: 31999,
      requestedMaxTokens: 32000,
      clampedMaxTokens: 1024,
    });
    expect(impossible.ok).toBe(false);
  });

  it('holds 1024 ≤ budget < max for every clamp', () => {
    for (let clamped = 1025; clamped <= 40000; clamped += 997) {
      for (const [budget, requested] of [
        [31999, 32000],
        [1024, 2000],
        [20000, 20001],
      ] as const) {
        const result = fitThinkingBudget({
          budgetTokens: budget,
          requestedMaxTokens: requested,
          clampedMaxTokens: clamped,
        });
        if (!result.ok) throw new Error(`refused ${clamped}`);
        expect(result.budgetTokens).toBeGreaterThanOrEqual(1024);
        expect(result.budgetTokens).toBeLessThan(clamped);
      }
    }
  });
});

describe('thinkingForAttempt', () => {
  it('leaves thinking alone unless the clamp lowered max_tokens to or below its budget', () => {
    const thinking = { type: 'enabled', budgetTokens: 31999 } as const;
    expect(thinkingForAttempt(undefined, 32000, 8000)).toBeUndefined();
    expect(thinkingForAttempt({ type: 'disabled' }, 32000, 8000)).toBeUndefined();
    expect(thinkingForAttempt({ type: 'enabled', budgetTokens: 2048 }, 32000, 8000)).toBeUndefined();
    // the caller's own pair, not clamped: sent as is
    expect(thinkingForAttempt(thinking, 8000, 8000)).toBeUndefined();
    expect(thinkingForAttempt(thinking, 32000, 8000)).toEqual({ ok: true, budgetTokens: 7999 });
    expect(thinkingForAttempt(thinking, 32000, 1000)?.ok).toBe(false);
  });
});

describe('thinking budget edges', () => {
  it('lowers a budget equal to the clamped max (the vendor needs it strictly below)', () => {
    expect(
      fitThinkingBudget({ budgetTokens: 4000, requestedMaxTokens: 8000, clampedMaxTokens: 4000 }),
    ).toEqual({
      ok: true,
      budgetTokens: 2000,
    });
    expect(thinkingForAttempt({ type: 'enabled', budgetTokens: 4000 }, 8000, 4000)).toEqual({
      ok: true,
      budgetTokens: 2000,
    });
  });

  it('keeps the fitted budget below the clamped max when the caller asked for more thinking than output', () => {
    expect(
      fitThinkingBudget({ budgetTokens: 32000, requestedMaxTokens: 31999, clampedMaxTokens: 8000 }),
    ).toEqual({
      ok: true,
      budgetTokens: 7999,
    });
  });

  it('says why thinking cannot fit a clamp at or below 1024 tokens', () => {
    const fit = fitThinkingBudget({ budgetTokens: 2000, requestedMaxTokens: 4000, clampedMaxTokens: 1024 });
    expect(fit).toEqual({
      ok: false,
      reason:
        'The budget allows at most 1024 output tokens, but extended thinking needs max_tokens above 1024 (budget_tokens must be at least 1024 and below max_tokens). Raise the budget or disable thinking.',
    });
  });

  it('fits the budget when the engine lowered the max, with or without a max from the caller', () => {
    expect(thinkingForAttempt({ type: 'enabled', budgetTokens: 5000 }, 10_000, 4000)).toEqual({
      ok: true,
      budgetTokens: 2000,
    });
    expect(thinkingForAttempt({ type: 'enabled', budgetTokens: 5000 }, undefined, 4000)).toEqual({
      ok: true,
      budgetTokens: 3999,
    });
    expect(thinkingForAttempt({ type: 'enabled', budgetTokens: 5000 }, 4000, 4000)).toBeUndefined();
  });
});
