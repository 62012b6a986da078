import type { AttemptRecord, StreamPart } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { costOf } from '../pricing/index.js';
import { createCallEngine } from './call-engine.js';
import { fakeInfo, fixedTokens, hiPrompt as prompt, readAll } from './fake-language-model.test-helper.js';
import { createOpenUpstream } from './open-upstream.test-helper.js';

// The output guard's threshold (max_tokens × outputCutFactor, rounded up, + 16 tokens) and what a cut settles.

const info = fakeInfo();
const letters = (count: number): StreamPart => ({ type: 'text-delta', delta: 'x'.repeat(count) });
const finish: StreamPart = {
  type: 'finish',
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 100, outputTokens: 48 },
};

/** Streams `parts` through an engine counting one output token per letter; returns what the reader saw. */
async function streamThrough(parts: StreamPart[], maxOutputTokens: number, outputCutFactor: number) {
  const upstream = createOpenUpstream({ parts });
  const records: AttemptRecord[] = [];
  let cancelledWhenRecorded: number | undefined;
  const budget = createBudget({ limit: usd('1') });
  const engine = createCallEngine({
    countInputTokens: fixedTokens(100),
    countOutputTokens: (value) => value.length,
    outputCutFactor,
    onRecord: (record) => {
      cancelledWhenRecorded = upstream.cancelled.length;
      records.push(record);
    },
  });
  const result = await engine.stream({
    options: { prompt, maxOutputTokens },
    candidates: [{ info, model: upstream.model }],
    budget,
  });
  const seen = await readAll(result.stream);
  const outcome = await result.outcome;
  return { seen, outcome, records, upstream, result, budget, cancelledWhenRecorded };
}

describe('the output guard threshold', () => {
  // max_tokens 21 × 1.5 = 31.5, rounded up to 32, + 16 = 48 tokens.
  it('passes an answer of exactly the threshold', async () => {
    const parts = [letters(12), letters(12), letters(12), letters(12), finish];
    const { seen, outcome } = await streamThrough(parts, 21, 1.5);
    expect(seen).toEqual(parts);
    expect(outcome.record.outcome).toBe('ok');
  });

  it('cuts an answer one token past the threshold, settling the threshold', async () => {
    const parts = [letters(12), letters(12), letters(12), letters(13), finish];
    const { seen, outcome, records } = await streamThrough(parts, 21, 1.5);
    expect(seen).toEqual([
      letters(12),
      letters(12),
      letters(12),
      {
        type: 'finish',
        finishReason: { unified: 'length', raw: 'tokenwise_output_limit' },
        usage: { inputTokens: 100, outputTokens: 48 },
      },
    ]);
    expect(outcome.usage).toEqual({ inputTokens: 100, outputTokens: 48 });
    expect(records[0]).toMatchObject({ outcome: 'cut', outputTokens: 48 });
  });
});

describe('a cut', () => {
  it('settles at least the reservation, stops the upstream first and records why', async () => {
    // max_tokens 100 × 0.5 + 16 = 66 tokens pass; the vendor billed at least the 100 reserved.
    const parts = Array.from({ length: 8 }, () => letters(10));
    const { seen, outcome, records, upstream, result, budget, cancelledWhenRecorded } = await streamThrough(
      parts,
      100,
      0.5,
    );
    expect(seen).toEqual([
      ...parts.slice(0, 6),
      {
        type: 'finish',
        finishReason: { unified: 'length', raw: 'tokenwise_output_limit' },
        usage: { inputTokens: 100, outputTokens: 66 },
      },
    ]);
    const { worstCase } = result.plan;
    expect(costOf(info, { inputTokens: 100, outputTokens: 66 })! < worstCase).toBe(true);
    expect(outcome).toMatchObject({ success: false, cost: worstCase });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      called: true,
      success: false,
      outcome: 'cut',
      inputTokens: 100,
      outputTokens: 66,
      cost: worstCase,
      costSource: 'estimate',
      usageEstimated: true,
      finishReason: 'length',
      errorClass: 'TokenwiseInvalidResponseDataError',
      errorMessage:
        'The upstream kept streaming past max_tokens (100); TokenWise cut the answer at what its reservation pays for.',
      errorCode: 'output_limit',
    });
    expect(records[0]).not.toHaveProperty('overrun');
    expect(cancelledWhenRecorded).toBe(1);
    expect(upstream.cancelled).toHaveLength(1);
    expect(upstream.pulls).toBe(7);
    expect(budget.snapshot()).toMatchObject({ spent: worstCase, reserved: 0n, openReservations: 0 });
  });
});
