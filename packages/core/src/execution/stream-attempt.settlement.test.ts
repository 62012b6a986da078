import { type AttemptRecord, type StreamPart, type Usage, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { costOf } from '../pricing/index.js';
import { createCallEngine } from './call-engine.js';
import {
  apiError,
  createFakeModel,
  fakeInfo,
  fixedTokens,
  hiPrompt as prompt,
  readAll,
  streamStart as start,
  textDelta as text,
} from './fake-language-model.test-helper.js';
import { createOpenUpstream } from './open-upstream.test-helper.js';
import { noRetry, retryPolicy } from './retry-policy.js';

// How a streamed attempt settles its money and what its record says, for each way a stream can end.

const info = fakeInfo();
const finish = (usage: Usage, unified: 'stop' | 'length' = 'stop'): StreamPart => ({
  type: 'finish',
  finishReason: { unified, raw: `raw-${unified}` },
  usage,
});

/** An engine counting 100 input tokens and one output token per letter, recording every attempt. */
function recordingEngine(extra: Parameters<typeof createCallEngine>[0] = {}) {
  const records: AttemptRecord[] = [];
  const engine = createCallEngine({
    countInputTokens: fixedTokens(100),
    countOutputTokens: (value) => value.length,
    retry: noRetry(),
    onRecord: (record) => records.push(record),
    ...extra,
  });
  return { engine, records };
}

describe('a stream that finishes', () => {
  it('settles at the reported usage and records every count of it, with no estimate or error fields', async () => {
    const budget = createBudget({ limit: usd('1') });
    const usage: Usage = { inputTokens: 90, outputTokens: 3, cachedInputTokens: 40, reasoningTokens: 2 };
    const upstream = createOpenUpstream({
      parts: [start, text('abc'), finish(usage)],
      response: { headers: { 'x-request-id': 'r-1' } },
    });
    const { engine, records } = recordingEngine();
    const result = await engine.stream({
      options: { prompt, maxOutputTokens: 50 },
      candidates: [{ info, model: upstream.model }],
      budget,
    });
    expect(result.response).toEqual({ headers: { 'x-request-id': 'r-1' } });
    // Content arrived, the finish part has not been read yet: nothing is settled.
    expect(result.cost()).toBeUndefined();
    expect(await readAll(result.stream)).toEqual([start, text('abc'), finish(usage)]);
    const cost = costOf(info, { inputTokens: 90, outputTokens: 3, cachedInputTokens: 40 })!;
    const outcome = await result.outcome;
    expect(outcome).toEqual({
      success: true,
      cost,
      usage,
      record: records[0],
      attempts: records,
    });
    expect(result.cost()).toBe(cost);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record).toMatchObject({
      called: true,
      success: true,
      outcome: 'ok',
      inputTokens: 90,
      outputTokens: 3,
      cachedInputTokens: 40,
      reasoningTokens: 2,
      cost,
      costSource: 'usage',
      finishReason: 'stop',
      reserved: result.plan.worstCase,
      estimatedCost: result.plan.worstCase,
    });
    for (const absent of ['usageEstimated', 'overrun', 'errorClass', 'errorMessage', 'errorCode', 'status']) {
      expect(record).not.toHaveProperty(absent);
    }
    expect(budget.snapshot()).toMatchObject({ spent: cost, reserved: 0n, openReservations: 0 });
  });

  it('settles a finish that came before any content at once, as a success', async () => {
    const upstream = createOpenUpstream({ parts: [start, finish({ inputTokens: 10, outputTokens: 0 })] });
    const { engine, records } = recordingEngine();
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info, model: upstream.model }],
    });
    const cost = costOf(info, { inputTokens: 10, outputTokens: 0 })!;
    // Settled before the reader read anything.
    expect(result.cost()).toBe(cost);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ success: true, outcome: 'ok', finishReason: 'stop', cost });
    expect(records[0]).not.toHaveProperty('errorClass');
    expect(await readAll(result.stream)).toEqual([start, finish({ inputTokens: 10, outputTokens: 0 })]);
    expect((await result.outcome).success).toBe(true);
  });

  it('returns no `response` when the upstream gave none', async () => {
    const upstream = createOpenUpstream({ parts: [text('a'), finish({ inputTokens: 1, outputTokens: 1 })] });
    const { engine } = recordingEngine();
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info, model: upstream.model }],
    });
    expect(result).not.toHaveProperty('response');
    await readAll(result.stream);
  });

  it('fills a missing input count with the counted input and marks the usage estimated', async () => {
    const upstream = createOpenUpstream({
      parts: [text('abcdef'), finish({ inputTokens: undefined, outputTokens: 4 }, 'length')],
    });
    const { engine, records } = recordingEngine();
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info, model: upstream.model }],
    });
    await readAll(result.stream);
    const outcome = await result.outcome;
    expect(outcome.usage).toEqual({ inputTokens: 100, outputTokens: 4 });
    expect(outcome.cost).toBe(costOf(info, { inputTokens: 100, outputTokens: 4 }));
    expect(records[0]).toMatchObject({
      success: true,
      inputTokens: 100,
      outputTokens: 4,
      costSource: 'estimate',
      usageEstimated: true,
      finishReason: 'length',
    });
  });

  it('fills a missing output count with the output counted from the stream', async () => {
    const upstream = createOpenUpstream({
      parts: [text('abcdef'), text('gh'), finish({ inputTokens: 50, outputTokens: undefined })],
    });
    const { engine, records } = recordingEngine();
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info, model: upstream.model }],
    });
    await readAll(result.stream);
    const outcome = await result.outcome;
    expect(outcome.usage).toEqual({ inputTokens: 50, outputTokens: 8 });
    expect(outcome.cost).toBe(costOf(info, { inputTokens: 50, outputTokens: 8 }));
    expect(records[0]).toMatchObject({
      inputTokens: 50,
      outputTokens: 8,
      costSource: 'estimate',
      usageEstimated: true,
    });
  });

  it('takes a vendor-reported cost as complete usage even without token counts', async () => {
    const upstream = createOpenUpstream({
      parts: [
        text('abc'),
        finish({ inputTokens: undefined, outputTokens: undefined, reportedCostUsd: 0.0002 }),
      ],
    });
    const { engine, records } = recordingEngine();
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info, model: upstream.model }],
    });
    await readAll(result.stream);
    const outcome = await result.outcome;
    expect(outcome.cost).toBe(usd('0.0002'));
    expect(outcome.usage).toEqual({ inputTokens: 100, outputTokens: 3, reportedCostUsd: 0.0002 });
    expect(records[0]).toMatchObject({ costSource: 'usage', inputTokens: 100, outputTokens: 3 });
    expect(records[0]).not.toHaveProperty('usageEstimated');
  });

  it('flags and reports a finish whose usage passed the reservation', async () => {
    const overruns: AttemptRecord[] = [];
    const upstream = createOpenUpstream({
      parts: [text('abc'), finish({ inputTokens: 100, outputTokens: 5_000 })],
    });
    const { engine, records } = recordingEngine({ onOverrun: (record) => overruns.push(record) });
    const result = await engine.stream({
      options: { prompt, maxOutputTokens: 10 },
      candidates: [{ info, model: upstream.model }],
    });
    await readAll(result.stream);
    const cost = costOf(info, { inputTokens: 100, outputTokens: 5_000 })!;
    expect(records[0]).toMatchObject({ cost, overrun: cost - result.plan.worstCase });
    expect(overruns).toEqual(records);
  });

  it('releases an upstream that stays open after its finish part', async () => {
    const upstream = createOpenUpstream({
      parts: [text('abc'), finish({ inputTokens: 1, outputTokens: 1 })],
    });
    const { engine } = recordingEngine();
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info, model: upstream.model }],
    });
    await readAll(result.stream);
    expect(upstream.cancelled).toHaveLength(1);
  });
});

describe('a stream that breaks after content', () => {
  it('settles the counted input and output, records the error and stops the upstream before settling', async () => {
    const budget = createBudget({ limit: usd('1') });
    const upstream = createOpenUpstream({
      parts: [start, text('abcd'), { type: 'error', error: apiError(503) }],
    });
    let cancelledWhenRecorded: number | undefined;
    const { engine, records } = recordingEngine({
      onRecord: (record) => {
        cancelledWhenRecorded = upstream.cancelled.length;
        records.push(record);
      },
    });
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info, model: upstream.model }],
      budget,
    });
    const parts = await readAll(result.stream);
    expect(parts).toEqual([
      start,
      text('abcd'),
      { type: 'error', error: apiError(503) },
      {
        type: 'finish',
        finishReason: { unified: 'error', raw: undefined },
        usage: { inputTokens: 100, outputTokens: 4 },
      },
    ]);
    expect(cancelledWhenRecorded).toBeGreaterThan(0);
    const cost = costOf(info, { inputTokens: 100, outputTokens: 4 })!;
    const outcome = await result.outcome;
    expect(outcome).toMatchObject({ success: false, cost, usage: { inputTokens: 100, outputTokens: 4 } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      called: true,
      success: false,
      outcome: 'error',
      inputTokens: 100,
      outputTokens: 4,
      cost,
      costSource: 'estimate',
      usageEstimated: true,
      finishReason: 'error',
      errorClass: 'TokenwiseApiCallError',
      errorMessage: 'status 503',
      status: 503,
    });
    for (const absent of ['errorCode', 'cachedInputTokens', 'reasoningTokens', 'overrun']) {
      expect(records[0]).not.toHaveProperty(absent);
    }
    expect(budget.snapshot()).toMatchObject({ spent: cost, reserved: 0n, openReservations: 0 });
  });

  it('settles an oversized first part only up to the guard threshold', async () => {
    // max_tokens 10 × 1 + 16 = 26 tokens; the first content part is 40 and the upstream breaks after it.
    const upstream = createOpenUpstream({
      parts: [text('x'.repeat(40)), { type: 'error', error: apiError(500) }],
    });
    const { engine, records } = recordingEngine({ outputCutFactor: 1 });
    const result = await engine.stream({
      options: { prompt, maxOutputTokens: 10 },
      candidates: [{ info, model: upstream.model }],
    });
    const parts = await readAll(result.stream);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: { unified: 'error', raw: undefined },
      usage: { inputTokens: 100, outputTokens: 26 },
    });
    expect(records[0]).toMatchObject({
      outputTokens: 26,
      cost: costOf(info, { inputTokens: 100, outputTokens: 26 }),
    });
  });

  it("records an unpriced model's broken stream as `unpriced`, at the assumed prices", async () => {
    const assumedPricing = { inputPerMillion: 3, outputPerMillion: 4 };
    const upstream = createOpenUpstream({ parts: [text('abc'), { type: 'error', error: apiError(502) }] });
    const { engine, records } = recordingEngine({ assumedPricing });
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info: fakeInfo({ pricing: undefined }), model: upstream.model }],
    });
    await readAll(result.stream);
    expect(records[0]).toMatchObject({
      costSource: 'unpriced',
      cost: costOf(fakeInfo({ pricing: assumedPricing }), { inputTokens: 100, outputTokens: 3 }),
    });
  });

  it('names the serving provider when the upstream ends without a finish part', async () => {
    const upstream = createOpenUpstream({ provider: 'vendor', parts: [text('abc')] });
    upstream.end();
    const { engine, records } = recordingEngine({
      resolve: () => ({ model: upstream.model, providerId: 'openrouter' }),
    });
    const result = await engine.stream({ options: { prompt }, candidates: [{ info }] });
    const parts = await readAll(result.stream);
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'error', 'finish']);
    const message = 'The openrouter stream ended without a finish part; the answer may be cut.';
    expect(parts[1]).toMatchObject({ error: { name: 'TokenwiseInvalidResponseDataError', message } });
    expect(records[0]).toMatchObject({
      providerId: 'openrouter',
      outcome: 'error',
      errorClass: 'TokenwiseInvalidResponseDataError',
      errorMessage: message,
      outputTokens: 3,
    });
  });

  it('ends with an error part and a partial finish when an upstream read fails', async () => {
    const upstream = createOpenUpstream({ parts: [text('ab')] });
    upstream.fail(new TypeError('terminated'));
    const { engine, records } = recordingEngine();
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info, model: upstream.model }],
    });
    const parts = await readAll(result.stream);
    expect(parts).toEqual([
      text('ab'),
      { type: 'error', error: new TypeError('terminated') },
      {
        type: 'finish',
        finishReason: { unified: 'error', raw: undefined },
        usage: { inputTokens: 100, outputTokens: 2 },
      },
    ]);
    expect(records[0]).toMatchObject({
      outcome: 'error',
      errorClass: 'TypeError',
      errorMessage: 'terminated',
    });
  });
});

describe('a stream that fails before content', () => {
  it('settles the counted input, stops the upstream and fails over invisibly', async () => {
    const budget = createBudget({ limit: usd('1') });
    const broken = createOpenUpstream({ parts: [start, { type: 'error', error: apiError(529) }] });
    const ended = createOpenUpstream({ parts: [start] });
    ended.end();
    const healthy = createFakeModel({
      stream: [[text('ok'), finish({ inputTokens: 100, outputTokens: 2 })]],
    });
    const { engine, records } = recordingEngine();
    const result = await engine.stream({
      options: { prompt },
      candidates: [
        { info: fakeInfo({ id: 'a/m' }), model: broken.model },
        { info: fakeInfo({ id: 'b/m' }), model: ended.model },
        { info: fakeInfo({ id: 'c/m' }), model: healthy },
      ],
      budget,
    });
    expect(await readAll(result.stream)).toEqual([text('ok'), finish({ inputTokens: 100, outputTokens: 2 })]);
    expect(broken.cancelled).toHaveLength(1);
    const inputOnly = costOf(info, { inputTokens: 100, outputTokens: 0 })!;
    expect(records.map((record) => [record.modelId, record.outcome, record.cost])).toEqual([
      ['a/m', 'error', inputOnly],
      ['b/m', 'error', inputOnly],
      ['c/m', 'ok', costOf(info, { inputTokens: 100, outputTokens: 2 })],
    ]);
    expect(records[0]).toMatchObject({
      status: 529,
      finishReason: 'error',
      outputTokens: 0,
      usageEstimated: true,
    });
    expect(records[1]).toMatchObject({
      errorMessage: 'The fake stream ended without a finish part; the answer may be cut.',
    });
  });

  it('retries the same model when the stream broke with a retryable error before content', async () => {
    const model = createFakeModel({
      stream: [
        [start, { type: 'error', error: apiError(503) }],
        [text('ok'), finish({ inputTokens: 100, outputTokens: 2 })],
      ],
    });
    const { engine, records } = recordingEngine({
      retry: retryPolicy({ sleep: async () => {}, random: () => 0 }),
    });
    const result = await engine.stream({ options: { prompt }, candidates: [{ info, model }] });
    expect(await readAll(result.stream)).toEqual([text('ok'), finish({ inputTokens: 100, outputTokens: 2 })]);
    expect(records.map((record) => [record.attemptKind, record.outcome])).toEqual([
      ['first', 'error'],
      ['retry', 'ok'],
    ]);
  });

  it('records a request that failed to start as called, unbilled and released', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({ stream: [{ error: apiError(400) }] });
    const { engine, records } = recordingEngine();
    await expect(
      engine.stream({ options: { prompt }, candidates: [{ info, model }], budget }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(records).toEqual([
      expect.objectContaining({
        called: true,
        success: false,
        outcome: 'error',
        cost: 0n,
        costSource: 'none',
        errorClass: 'TokenwiseApiCallError',
        status: 400,
      }),
    ]);
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n, releasedReservations: 1 });
  });
});
