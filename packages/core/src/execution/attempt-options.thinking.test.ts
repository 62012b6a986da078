import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import {
  createFakeModel,
  fakeInfo,
  fixedTokens,
  hiPrompt as prompt,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { generateWithBudget } from './generate-with-budget.js';

// What an attempt sends: the clamped max_tokens, and the thinking budget refitted only when the clamp required it.
const info = fakeInfo({ maxOutputTokens: 64_000 });

async function send(options: Parameters<typeof generateWithBudget>[0]['options'], limit: string) {
  const model = createFakeModel({ generate: [textResult('ok', usageOf(100, 5))] });
  await generateWithBudget({
    model,
    modelInfo: info,
    options,
    budget: createBudget({ limit: usd(limit) }),
    countTokens: fixedTokens(100),
  });
  return model.calls[0]!;
}

describe('the options an attempt sends', () => {
  it('fits the thinking budget under a max_tokens the budget lowered', async () => {
    // $0.0001 of input and 8,000 output tokens at $2/M: the caller's 32,000 are clamped to 8,000.
    const sent = await send(
      { prompt, maxOutputTokens: 32_000, thinking: { type: 'enabled', budgetTokens: 31_999 } },
      '0.0161',
    );
    expect(sent.maxOutputTokens).toBe(8_000);
    expect(sent.thinking).toEqual({ type: 'enabled', budgetTokens: 7_999 });
  });

  it("sends the caller's thinking as asked when it fits, and none when none was asked", async () => {
    const thinking = { type: 'enabled' as const, budgetTokens: 2_000 };
    const fitting = await send({ prompt, maxOutputTokens: 4_000, thinking }, '1');
    expect(fitting.maxOutputTokens).toBe(4_000);
    expect(fitting.thinking).toBe(thinking);
    const without = await send({ prompt, maxOutputTokens: 4_000 }, '1');
    expect(without).not.toHaveProperty('thinking');
  });
});
