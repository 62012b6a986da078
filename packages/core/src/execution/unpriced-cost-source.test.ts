import type { AttemptRecord, StreamPart } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { UNPRICED_ASSUMED_PRICING } from '../registry/index.js';
import {
  createFakeModel,
  fakeInfo,
  fixedTokens,
  readAll,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { generateWithBudget } from './generate-with-budget.js';
import { streamWithBudget } from './stream-with-budget.js';

// A model the catalog has no price for, called without a budget (the outside-catalog rule): its cost is unknown.
const unpriced = fakeInfo({ id: 'fake/unlisted', pricing: undefined });
const options = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
const finish = (usage: ReturnType<typeof usageOf> & { reportedCostUsd?: number }): StreamPart => ({
  type: 'finish',
  finishReason: { unified: 'stop', raw: 'stop' },
  usage,
});

describe('the cost source of a model without a price', () => {
  it('records `unpriced`, not a $0 `usage`, when the vendor reports no cost (generate)', async () => {
    const records: AttemptRecord[] = [];
    await generateWithBudget({
      model: createFakeModel({ generate: [textResult('hello', usageOf(10, 2))] }),
      modelInfo: unpriced,
      options,
      budget: createBudget(),
      assumedPricing: UNPRICED_ASSUMED_PRICING,
      countTokens: fixedTokens(10),
      onAttempt: (record) => records.push(record),
    });
    expect(records).toEqual([expect.objectContaining({ success: true, cost: 0n, costSource: 'unpriced' })]);
  });

  it('keeps the vendor-reported cost as `usage` (generate)', async () => {
    const records: AttemptRecord[] = [];
    await generateWithBudget({
      model: createFakeModel({
        generate: [textResult('hello', { ...usageOf(10, 2), reportedCostUsd: 0.0025 })],
      }),
      modelInfo: unpriced,
      options,
      budget: createBudget(),
      assumedPricing: UNPRICED_ASSUMED_PRICING,
      countTokens: fixedTokens(10),
      onAttempt: (record) => records.push(record),
    });
    expect(records).toEqual([expect.objectContaining({ cost: usd('0.0025'), costSource: 'usage' })]);
  });

  it('records `unpriced` for a stream without a reported cost, and `usage` with one', async () => {
    for (const [usage, expected] of [
      [usageOf(10, 2), { cost: 0n, costSource: 'unpriced' }],
      [
        { ...usageOf(10, 2), reportedCostUsd: 0.001 },
        { cost: usd('0.001'), costSource: 'usage' },
      ],
    ] as const) {
      const records: AttemptRecord[] = [];
      const result = await streamWithBudget({
        model: createFakeModel({ stream: [[{ type: 'text-delta', delta: 'hello' }, finish(usage)]] }),
        modelInfo: unpriced,
        options,
        budget: createBudget(),
        assumedPricing: UNPRICED_ASSUMED_PRICING,
        countTokens: fixedTokens(10),
        onAttempt: (record) => records.push(record),
      });
      await readAll(result.stream);
      await result.outcome;
      expect(records).toEqual([expect.objectContaining(expected)]);
    }
  });

  it('a priced model is never `unpriced`', async () => {
    const records: AttemptRecord[] = [];
    await generateWithBudget({
      model: createFakeModel({ generate: [textResult('hello', usageOf(10, 2))] }),
      modelInfo: fakeInfo(),
      options,
      budget: createBudget(),
      countTokens: fixedTokens(10),
      onAttempt: (record) => records.push(record),
    });
    expect(records).toEqual([expect.objectContaining({ costSource: 'usage' })]);
  });
});
