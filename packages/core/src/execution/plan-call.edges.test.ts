import { BudgetExceededError, formatUsd, InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { costOf } from '../pricing/index.js';
import { fakeInfo, fixedTokens } from './fake-language-model.test-helper.js';
import { type PlanCallOptions, planCall } from './plan-call.js';

// planCall at its edges: the context window, a budget that pays exactly the input or exactly the minimum output,
// the room given directly instead of a budget, and what a refusal says (level, figures, the output that fits).
const prompt = 'hello';
const model = fakeInfo(); // $1/M input, $2/M output: 1,000 input tokens cost $0.001.
const input = usd('0.001');

function refusal(options: PlanCallOptions): BudgetExceededError {
  try {
    planCall(options);
  } catch (error) {
    if (BudgetExceededError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('planCall edges', () => {
  it('passes the model id to the token counter', () => {
    const plan = planCall({
      model,
      prompt,
      countTokens: (_prompt, { modelId }) => (modelId === model.id ? 7 : 1_000_000),
    });
    expect(plan.inputTokens).toBe(7);
  });

  it('refuses a prompt that leaves no room in the context window, and allows one token of room', () => {
    const tight = fakeInfo({ contextWindow: 1_001 });
    expect(planCall({ model: tight, prompt, countTokens: fixedTokens(1_000) }).maxOutputTokens).toBe(1);
    let error: unknown;
    try {
      planCall({ model: tight, prompt, countTokens: fixedTokens(1_001) });
    } catch (caught) {
      error = caught;
    }
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      argument: 'contextWindow',
      message:
        'The prompt (about 1001 tokens) does not fit the 1001-token context window of fake/model: shorten it or pick a model with a larger window.',
    });
  });

  it('says how to price an unpriced model', () => {
    expect(() => planCall({ model: fakeInfo({ pricing: undefined }), prompt })).toThrow(
      'Model "fake/model" has no known price, so its cost cannot be bounded: pick a priced model or give it a price (model_overrides).',
    );
  });

  it('sizes against a room given directly, which wins over the budget', () => {
    const budget = createBudget({ limit: usd('1') });
    const plan = planCall({
      model,
      prompt,
      countTokens: fixedTokens(1_000),
      budget,
      remaining: usd('0.0015'),
    });
    expect(plan.maxOutputTokens).toBe(250);
    const error = refusal({ model, prompt, countTokens: fixedTokens(1_000), remaining: usd('0.0011') });
    expect(error.message).toMatch(
      /but the budget has \$0\.0011 left \(that pays for at most 50 output tokens/,
    );
    expect(error.budget).toBeUndefined();
    expect(error.level).toBeUndefined();
    expect(error.fittingOutputTokens).toBe(50);
  });

  it('plans exactly the minimum output when that is all the budget pays for', () => {
    const remaining = input + usd('0.0002');
    const plan = planCall({ model, prompt, countTokens: fixedTokens(1_000), remaining });
    expect(plan.maxOutputTokens).toBe(100);
    expect(plan.worstCase).toBe(remaining);
  });

  it('a budget that pays exactly the input pays for no output: refused, with nothing that fits', () => {
    const error = refusal({
      model,
      prompt,
      countTokens: fixedTokens(1_000),
      remaining: input,
      limitedBy: 'key:k',
    });
    expect(error.message).toContain('that pays for at most 0 output tokens, below the minimum of 100');
    expect(error.message).toContain('but the key:k budget has');
    expect(error.level).toBe('key:k');
    expect(error.fittingOutputTokens).toBeUndefined();
  });

  it('a budget below the input says so, with nothing that fits', () => {
    const budget = createBudget({ limit: input - 1n, label: 'request' });
    const error = refusal({ model, prompt, countTokens: fixedTokens(1_000), budget });
    expect(error.message).toBe(
      `Budget too low for fake/model: 1000 input and 100 output tokens need ${formatUsd(usd('0.0012'))}, but the request budget has ${formatUsd(input - 1n)} left (the input alone (about 1000 tokens) costs ${formatUsd(input)}). Raise the request budget, shorten the prompt or pick a cheaper model.`,
    );
    expect(error).toMatchObject({ level: 'request', budget: input - 1n, remaining: input - 1n });
    expect(error.fittingOutputTokens).toBeUndefined();
  });

  it('counts a per-request fee once in what a refusal requires', () => {
    const withFee = fakeInfo({ pricing: { inputPerMillion: 1, outputPerMillion: 2, perRequest: 0.01 } });
    const error = refusal({
      model: withFee,
      prompt,
      countTokens: fixedTokens(1_000),
      remaining: usd('0.0105'),
    });
    expect(error.required).toBe(costOf(withFee, { inputTokens: 1_000, outputTokens: 100 }));
    expect(error.required).toBe(input + usd('0.0002') + usd('0.01'));
  });
});
