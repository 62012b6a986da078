import type { AttemptRecord, FunctionTool } from '@tokenwise/spec';
import { BudgetExceededError, InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { countToolTokens } from './count-call-input-tokens.js';
import {
  createFakeModel,
  fakeInfo,
  fixedTokens,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { generateWithFailover } from './generate-with-failover.js';

// The wrapper's settings reach the engine: each one changes what a call reserves, sends or records.
const options = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
const answer = () => createFakeModel({ generate: [textResult('ok', usageOf(10, 5))] });

describe('generateWithFailover settings', () => {
  it('minOutputTokens: a budget for 50 output tokens passes with a minimum of 10, not with the default 100', async () => {
    // 1,000 input tokens at $1/M ($0.001) plus 50 output tokens at $2/M ($0.0001).
    const call = (minOutputTokens?: number) =>
      generateWithFailover({
        candidates: [{ model: answer(), info: fakeInfo() }],
        options,
        budget: createBudget({ limit: usd('0.0011') }),
        countTokens: fixedTokens(1_000),
        ...(minOutputTokens === undefined ? {} : { minOutputTokens }),
      });
    expect((await call(10)).plan.maxOutputTokens).toBe(50);
    await expect(call()).rejects.toSatisfy(BudgetExceededError.isInstance);
  });

  it('defaultMaxOutputTokens: the max_tokens sent when the caller sets none', async () => {
    const model = answer();
    await generateWithFailover({
      candidates: [{ model, info: fakeInfo() }],
      options,
      budget: createBudget(),
      defaultMaxOutputTokens: 321,
    });
    expect(model.calls[0]?.maxOutputTokens).toBe(321);
  });

  it('assumedPricing: an unpriced model is called only with assumed prices', async () => {
    const info = fakeInfo({ pricing: undefined });
    await expect(
      generateWithFailover({ candidates: [{ model: answer(), info }], options, budget: createBudget() }),
    ).rejects.toSatisfy(InvalidArgumentError.isInstance);
    const result = await generateWithFailover({
      candidates: [{ model: answer(), info }],
      options,
      budget: createBudget(),
      assumedPricing: { inputPerMillion: 1, outputPerMillion: 2 },
    });
    expect(result.cost).toBe(usd('0.00002'));
  });

  it('now: attempt records take their time from the given clock', async () => {
    const records: AttemptRecord[] = [];
    await generateWithFailover({
      candidates: [{ model: answer(), info: fakeInfo() }],
      options,
      budget: createBudget(),
      now: () => Date.UTC(2030, 0, 1),
      onAttempt: (record) => records.push(record),
    });
    expect(records[0]?.timestamp).toBe('2030-01-01T00:00:00.000Z');
    expect(records[0]?.latencyMs).toBe(0);
  });

  it('countTokens: the caller counts the prompt, the engine adds the tool definitions', async () => {
    const tool: FunctionTool = {
      type: 'function',
      name: 'lookup',
      inputSchema: { type: 'object', properties: { query: { type: 'string' } } },
    };
    const result = await generateWithFailover({
      candidates: [{ model: answer(), info: fakeInfo() }],
      options: { ...options, tools: [tool] },
      budget: createBudget(),
      countTokens: fixedTokens(1_000),
    });
    const toolTokens = countToolTokens({ tools: [tool] }, { modelId: 'fake/model' });
    expect(toolTokens).toBeGreaterThan(0);
    expect(result.plan.inputTokens).toBe(1_000 + toolTokens);
  });
});
