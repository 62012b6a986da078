import type { AttemptRecord } from '@tokenwise/spec';
import { BudgetExceededError, InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { shouldFailover } from './failover-rule.js';
import {
  apiError,
  createFakeModel,
  fakeInfo,
  fixedTokens,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { generateWithFailover } from './generate-with-failover.js';
import { retryPolicy } from './retry-policy.js';

const options = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
const noWait = retryPolicy({ maxRetries: 1, sleep: async () => {} });

describe('generateWithFailover', () => {
  it('retries a 5xx, then fails over to the next candidate', async () => {
    const first = createFakeModel({ provider: 'a', generate: [{ error: apiError(502) }] });
    const second = createFakeModel({ provider: 'b', generate: [textResult('from b', usageOf(10, 5))] });
    const records: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('1') });
    const answer = await generateWithFailover({
      candidates: [
        { model: first, info: fakeInfo({ id: 'a/one' }) },
        { model: second, info: fakeInfo({ id: 'b/two' }) },
      ],
      options,
      budget,
      retry: noWait,
      onAttempt: (record) => records.push(record),
    });
    expect(answer.modelInfo.id).toBe('b/two');
    expect(records.map((record) => [record.modelId, record.attemptKind, record.success])).toEqual([
      ['a/one', 'first', false],
      ['a/one', 'retry', false],
      ['b/two', 'failover', true],
    ]);
    expect(budget.spent).toBe(answer.cost);
  });

  it('fails over at once on 402/403/404 (no retry)', async () => {
    for (const status of [402, 403, 404]) {
      const first = createFakeModel({ generate: [{ error: apiError(status) }] });
      const second = createFakeModel({ generate: [textResult('ok', usageOf(1, 1))] });
      await generateWithFailover({
        candidates: [
          { model: first, info: fakeInfo() },
          { model: second, info: fakeInfo() },
        ],
        options,
        budget: createBudget(),
        retry: noWait,
      });
      expect(first.calls).toHaveLength(1);
      expect(second.calls).toHaveLength(1);
    }
  });

  it('does not fail over on a 400', async () => {
    const first = createFakeModel({ generate: [{ error: apiError(400) }] });
    const second = createFakeModel({ generate: [textResult('ok', usageOf(1, 1))] });
    await expect(
      generateWithFailover({
        candidates: [
          { model: first, info: fakeInfo() },
          { model: second, info: fakeInfo() },
        ],
        options,
        budget: createBudget(),
        retry: noWait,
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(second.calls).toHaveLength(0);
  });

  it('skips a candidate the budget cannot pay for, and an unpriced one', async () => {
    const pricey = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    const unpriced = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    const cheap = createFakeModel({ generate: [textResult('cheap', usageOf(1_000, 100))] });
    const answer = await generateWithFailover({
      candidates: [
        {
          model: pricey,
          info: fakeInfo({ id: 'x/pricey', pricing: { inputPerMillion: 100, outputPerMillion: 400 } }),
        },
        { model: unpriced, info: fakeInfo({ id: 'x/unpriced', pricing: undefined }) },
        { model: cheap, info: fakeInfo({ id: 'x/cheap' }) },
      ],
      options,
      budget: createBudget({ limit: usd('0.01') }),
      countTokens: fixedTokens(1_000),
    });
    expect(answer.modelInfo.id).toBe('x/cheap');
    expect(pricey.calls).toHaveLength(0);
    expect(unpriced.calls).toHaveLength(0);
    expect(answer.attempts.map((record) => record.called)).toEqual([false, false, true]);
  });

  it('throws the budget error when no candidate fits', async () => {
    const model = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    await expect(
      generateWithFailover({
        candidates: [{ model, info: fakeInfo() }],
        options,
        budget: createBudget({ limit: 10n }),
      }),
    ).rejects.toSatisfy(BudgetExceededError.isInstance);
    expect(model.calls).toHaveLength(0);
  });

  it('rejects an empty candidate list', async () => {
    await expect(generateWithFailover({ candidates: [], options, budget: createBudget() })).rejects.toSatisfy(
      InvalidArgumentError.isInstance,
    );
  });

  it('has a default failover rule that follows the error kind', () => {
    expect(shouldFailover(apiError(429))).toBe(true);
    expect(shouldFailover(apiError(500))).toBe(true);
    expect(shouldFailover(apiError(404))).toBe(true);
    // A refused key makes the provider unusable: another provider's model may still answer.
    expect(shouldFailover(apiError(401))).toBe(true);
    expect(shouldFailover(apiError(422))).toBe(false);
    expect(shouldFailover(new DOMException('late', 'TimeoutError'))).toBe(true);
    expect(shouldFailover(new DOMException('stop', 'AbortError'))).toBe(false);
    expect(shouldFailover(new InvalidArgumentError({ argument: 'temperature', message: 'bad' }))).toBe(false);
  });
});
