import { BudgetExceededError, InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { costOf, FALLBACK_MAX_OUTPUT_TOKENS } from '../pricing/index.js';
import { fakeInfo, fixedTokens } from './fake-language-model.test-helper.js';
import { planCall } from './plan-call.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hello' }] }];

describe('planCall', () => {
  it("clamps max_tokens to the model's maximum output", () => {
    const plan = planCall({
      model: fakeInfo({ maxOutputTokens: 500 }),
      prompt,
      maxOutputTokens: 1_000,
      budget: createBudget({ limit: usd('10') }),
      countTokens: fixedTokens(1_000),
    });
    expect(plan.maxOutputTokens).toBe(500);
    // 1,000 input at $1/M + 500 output at $2/M.
    expect(plan.worstCase).toBe(usd('0.002'));
  });

  it('clamps max_tokens to what the remaining budget can pay for', () => {
    const budget = createBudget({ limit: usd('0.003') });
    const plan = planCall({ model: fakeInfo(), prompt, budget, countTokens: fixedTokens(1_000) });
    // $0.001 of input leaves $0.002, which buys 1,000 output tokens at $2/M.
    expect(plan.inputTokens).toBe(1_000);
    expect(plan.maxOutputTokens).toBe(1_000);
    expect(plan.worstCase).toBe(usd('0.003'));
    expect(budget.reserve(plan.worstCase).amount).toBe(usd('0.003'));
  });

  it("keeps the caller's smaller max, even below the minimum output", () => {
    const plan = planCall({
      model: fakeInfo(),
      prompt,
      maxOutputTokens: 50,
      budget: createBudget({ limit: usd('1') }),
      countTokens: fixedTokens(10),
    });
    expect(plan.maxOutputTokens).toBe(50);
  });

  it('refuses when the budget cannot pay for the minimum output', () => {
    const budget = createBudget({ limit: usd('0.0011'), label: 'step' });
    let error: unknown;
    try {
      planCall({ model: fakeInfo(), prompt, budget, countTokens: fixedTokens(1_000) });
    } catch (caught) {
      error = caught;
    }
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    const exceeded = error as BudgetExceededError;
    expect(exceeded.remaining).toBe(usd('0.0011'));
    // input $0.001 + 100 output tokens $0.0002
    expect(exceeded.required).toBe(usd('0.0012'));
    expect(exceeded.message).toMatch(
      /^Budget too low for fake\/model: .* but the step budget has \$0.0011 left \(that pays for at most 50 output tokens/,
    );
    expect(budget.reserved).toBe(0n);
  });

  it('refuses when the budget cannot even pay for the input', () => {
    expect(() =>
      planCall({
        model: fakeInfo(),
        prompt,
        budget: createBudget({ limit: usd('0.0005') }),
        countTokens: fixedTokens(1_000),
      }),
    ).toThrow(BudgetExceededError);
  });

  it('honours a smaller minOutputTokens', () => {
    const plan = planCall({
      model: fakeInfo(),
      prompt,
      budget: createBudget({ limit: usd('0.0011') }),
      minOutputTokens: 10,
      countTokens: fixedTokens(1_000),
    });
    expect(plan.maxOutputTokens).toBe(50);
  });

  it('refuses an unpriced model unless prices are assumed', () => {
    const unpriced = fakeInfo({ pricing: undefined });
    const budget = createBudget({ limit: usd('1') });
    expect(() => planCall({ model: unpriced, prompt, budget, countTokens: fixedTokens(10) })).toThrow(
      InvalidArgumentError,
    );
    const plan = planCall({
      model: unpriced,
      prompt,
      budget,
      maxOutputTokens: 100,
      countTokens: fixedTokens(1_000),
      assumedPricing: { inputPerMillion: 10, outputPerMillion: 30 },
    });
    expect(plan.worstCase).toBe(usd('0.013'));
    expect(plan.pricedModel.pricing?.inputPerMillion).toBe(10);
  });

  it('prices input at the cache-write price and counts the per-request fee once', () => {
    const model = fakeInfo({
      pricing: { inputPerMillion: 1, outputPerMillion: 2, cacheWritePerMillion: 3.75, perRequest: 0.001 },
    });
    const plan = planCall({
      model,
      prompt,
      budget: createBudget({ limit: usd('0.01') }),
      countTokens: fixedTokens(1_000),
    });
    // $0.01 − $0.00375 cache write − $0.001 fee = $0.00525 → 2,625 output tokens.
    expect(plan.maxOutputTokens).toBe(2_625);
    expect(plan.worstCase).toBe(usd('0.01'));
    expect(costOf(model, { inputTokens: 1_000, outputTokens: 2_625, cacheWriteTokens: 1_000 })).toBe(
      plan.worstCase,
    );
  });

  it('reserves the default output when the caller sets no max_tokens, never the whole context window', () => {
    const unlimited = createBudget();
    expect(
      planCall({
        model: fakeInfo({ maxOutputTokens: undefined }),
        prompt,
        budget: unlimited,
        countTokens: fixedTokens(5),
      }).maxOutputTokens,
    ).toBe(FALLBACK_MAX_OUTPUT_TOKENS);
    expect(
      planCall({
        model: fakeInfo({ maxOutputTokens: undefined }),
        prompt,
        budget: unlimited,
        defaultMaxOutputTokens: 500,
        countTokens: fixedTokens(5),
      }).maxOutputTokens,
    ).toBe(500);
    // The context window still bounds it: 1,000 tokens of room next to the prompt.
    expect(
      planCall({
        model: fakeInfo({ maxOutputTokens: undefined, contextWindow: 1_005 }),
        prompt,
        budget: unlimited,
        countTokens: fixedTokens(5),
      }).maxOutputTokens,
    ).toBe(1_000);
    expect(
      planCall({
        model: fakeInfo({ maxOutputTokens: undefined, contextWindow: 0 }),
        prompt,
        budget: unlimited,
        countTokens: fixedTokens(5),
      }).maxOutputTokens,
    ).toBe(FALLBACK_MAX_OUTPUT_TOKENS);
  });

  it('is bounded by a parent budget', () => {
    const parent = createBudget({ limit: usd('0.003') });
    const child = parent.child({ limit: usd('1') });
    const plan = planCall({ model: fakeInfo(), prompt, budget: child, countTokens: fixedTokens(1_000) });
    expect(plan.maxOutputTokens).toBe(1_000);
  });

  it('counts tokens with the real counter by default', () => {
    const plan = planCall({ model: fakeInfo(), prompt, budget: createBudget({ limit: usd('1') }) });
    expect(plan.inputTokens).toBeGreaterThan(1);
  });
});
