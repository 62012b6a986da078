import type { AttemptRecord } from '@tokenwise/spec';
import { BudgetExceededError, type LanguageModelV1, type StreamPart, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { costOf } from '../pricing/index.js';
import {
  apiError,
  createFakeModel,
  fakeInfo,
  fixedTokens,
  readAll,
  streamStart as start,
  textDelta as text,
  usageOf,
} from './fake-language-model.test-helper.js';
import { retryPolicy } from './retry-policy.js';
import { streamWithBudget } from './stream-with-budget.js';
import { streamWithFailover } from './stream-with-failover.js';

const options = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
const noWait = retryPolicy({ maxRetries: 0, sleep: async () => {} });
const finish = (input: number | undefined, output: number | undefined): StreamPart => ({
  type: 'finish',
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: usageOf(input, output),
});
// One estimated token per 3.6 letters; a fixed counter keeps the arithmetic obvious.
const countOutput = (value: string) => value.length;

describe('streamWithBudget', () => {
  it('passes parts through and settles from the finish usage', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({ stream: [[start, text('Hel'), text('lo'), finish(100, 2)]] });
    const records: AttemptRecord[] = [];
    const result = await streamWithBudget({
      model,
      modelInfo: fakeInfo(),
      options: { ...options, maxOutputTokens: 50 },
      budget,
      countTokens: fixedTokens(100),
      onAttempt: (record) => records.push(record),
    });
    expect(model.calls[0]!.maxOutputTokens).toBe(50);
    expect(budget.reserved).toBe(result.plan.worstCase);
    const parts = await readAll(result.stream);
    expect(parts).toEqual([start, text('Hel'), text('lo'), finish(100, 2)]);
    const outcome = await result.outcome;
    expect(outcome).toMatchObject({ success: true, cost: usd('0.000104') });
    expect(budget.snapshot()).toMatchObject({ spent: usd('0.000104'), reserved: 0n, openReservations: 0 });
    expect(records).toEqual([
      expect.objectContaining({ success: true, costSource: 'usage', outputTokens: 2 }),
    ]);
  });

  it('refuses without calling when the budget cannot pay for the minimum output', async () => {
    const model = createFakeModel({ stream: [[finish(1, 1)]] });
    await expect(
      streamWithBudget({
        model,
        modelInfo: fakeInfo(),
        options,
        budget: createBudget({ limit: usd('0.0011') }),
        countTokens: fixedTokens(1_000),
      }),
    ).rejects.toSatisfy(BudgetExceededError.isInstance);
    expect(model.calls).toHaveLength(0);
  });

  it('settles from the text received when the reader cancels', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({
      stream: [[start, text('abcd'), text('efgh'), text('never read'), finish(100, 99)]],
    });
    const result = await streamWithBudget({
      model,
      modelInfo: fakeInfo(),
      options,
      budget,
      countTokens: fixedTokens(100),
      countOutputTokens: countOutput,
    });
    const reader = result.stream.getReader();
    expect((await reader.read()).value).toEqual(start);
    expect((await reader.read()).value).toEqual(text('abcd'));
    await reader.cancel('client went away');
    const outcome = await result.outcome;
    // 100 input + at most the 8 characters pulled so far ('abcd' + one read-ahead part).
    expect(outcome.success).toBe(false);
    expect(outcome.record.errorClass).toBe('AbortError');
    expect(outcome.usage.inputTokens).toBe(100);
    expect([4, 8]).toContain(outcome.usage.outputTokens);
    expect(outcome.cost).toBe(
      costOf(fakeInfo(), { inputTokens: 100, outputTokens: outcome.usage.outputTokens! }),
    );
    expect(budget.snapshot()).toMatchObject({ spent: outcome.cost, reserved: 0n, openReservations: 0 });
    expect(model.cancelled).toEqual(['client went away']);
  });

  it('settles once when the reader cancels while a read is pending upstream', async () => {
    const budget = createBudget({ limit: usd('1') });
    let upstreamCancelled = false;
    const hanging: LanguageModelV1 = {
      ...createFakeModel({}),
      doStream: async () => ({
        stream: new ReadableStream<StreamPart>({
          start(controller) {
            controller.enqueue(text('abc'));
          },
          pull: () => new Promise<void>(() => {}),
          cancel() {
            upstreamCancelled = true;
          },
        }),
      }),
    };
    const result = await streamWithBudget({
      model: hanging,
      modelInfo: fakeInfo(),
      options,
      budget,
      countTokens: fixedTokens(100),
      countOutputTokens: countOutput,
    });
    const reader = result.stream.getReader();
    expect((await reader.read()).value).toEqual(text('abc'));
    const pending = reader.read();
    await reader.cancel('bye');
    expect((await pending).done).toBe(true);
    const outcome = await result.outcome;
    expect(outcome.usage).toEqual({ inputTokens: 100, outputTokens: 3 });
    expect(upstreamCancelled).toBe(true);
    expect(budget.snapshot()).toMatchObject({ reserved: 0n, settledReservations: 1, openReservations: 0 });
  });

  it('ends with an error part and a partial finish when the upstream breaks after content', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({ stream: [[start, text('abc'), { throw: new Error('socket hang up') }]] });
    const result = await streamWithBudget({
      model,
      modelInfo: fakeInfo(),
      options,
      budget,
      countTokens: fixedTokens(100),
      countOutputTokens: countOutput,
    });
    const parts = await readAll(result.stream);
    expect(parts.slice(0, 2)).toEqual([start, text('abc')]);
    expect(parts[2]).toMatchObject({ type: 'error', error: { message: 'socket hang up' } });
    expect(parts[3]).toEqual({
      type: 'finish',
      finishReason: { unified: 'error', raw: undefined },
      usage: { inputTokens: 100, outputTokens: 3 },
    });
    expect(parts).toHaveLength(4);
    expect(budget.spent).toBe(costOf(fakeInfo(), { inputTokens: 100, outputTokens: 3 }));
    expect((await result.outcome).success).toBe(false);
  });

  it('treats a stream that stops without a finish part as broken', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({ stream: [[text('abc')]] });
    const result = await streamWithBudget({
      model,
      modelInfo: fakeInfo(),
      options,
      budget,
      countTokens: fixedTokens(100),
      countOutputTokens: countOutput,
    });
    const parts = await readAll(result.stream);
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'error', 'finish']);
    expect(budget.spent).toBe(costOf(fakeInfo(), { inputTokens: 100, outputTokens: 3 }));
  });

  it('estimates output when the finish part has no usage', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({ stream: [[text('abcdef'), finish(undefined, undefined)]] });
    const result = await streamWithBudget({
      model,
      modelInfo: fakeInfo(),
      options,
      budget,
      countTokens: fixedTokens(100),
      countOutputTokens: countOutput,
    });
    await readAll(result.stream);
    const outcome = await result.outcome;
    expect(outcome.record.costSource).toBe('estimate');
    expect(outcome.cost).toBe(costOf(fakeInfo(), { inputTokens: 100, outputTokens: 6 }));
  });

  it('settles a finish that arrives before any content even if the stream is never read', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({ stream: [[start, finish(10, 0)]] });
    const result = await streamWithBudget({ model, modelInfo: fakeInfo(), options, budget });
    expect((await result.outcome).cost).toBe(usd('0.00001'));
    expect(budget.reserved).toBe(0n);
    expect(await readAll(result.stream)).toEqual([start, finish(10, 0)]);
  });
});

describe('streamWithFailover', () => {
  it('fails over before the first content, invisibly to the reader', async () => {
    const budget = createBudget({ limit: usd('1') });
    const rejected = createFakeModel({ provider: 'a', stream: [{ error: apiError(500) }] });
    const broken = createFakeModel({
      provider: 'b',
      stream: [[start, { type: 'response-metadata', id: 'b-1' }, { type: 'error', error: apiError(529) }]],
    });
    const healthy = createFakeModel({ provider: 'c', stream: [[start, text('from c'), finish(100, 2)]] });
    const records: AttemptRecord[] = [];
    const result = await streamWithFailover({
      candidates: [
        { model: rejected, info: fakeInfo({ id: 'a/m' }) },
        { model: broken, info: fakeInfo({ id: 'b/m' }) },
        { model: healthy, info: fakeInfo({ id: 'c/m' }) },
      ],
      options,
      budget,
      retry: noWait,
      countTokens: fixedTokens(100),
      onAttempt: (record) => records.push(record),
    });
    expect(result.modelInfo.id).toBe('c/m');
    expect(await readAll(result.stream)).toEqual([start, text('from c'), finish(100, 2)]);
    await result.outcome;
    expect(
      records.map((record) => [record.modelId, record.attemptKind, record.success, record.cost]),
    ).toEqual([
      ['a/m', 'first', false, 0n],
      // The broken stream was accepted upstream: its counted input is charged, conservatively.
      ['b/m', 'failover', false, usd('0.0001')],
      ['c/m', 'failover', true, usd('0.000104')],
    ]);
    expect(budget.snapshot()).toMatchObject({ spent: usd('0.000204'), reserved: 0n, openReservations: 0 });
  });

  it('retries the same model before content when the error is retryable', async () => {
    const model = createFakeModel({ stream: [{ error: apiError(429) }, [text('ok'), finish(1, 1)]] });
    const delays: number[] = [];
    const result = await streamWithFailover({
      candidates: [{ model, info: fakeInfo() }],
      options,
      budget: createBudget({ limit: usd('1') }),
      retry: retryPolicy({ sleep: async (ms) => void delays.push(ms), random: () => 0 }),
    });
    expect(await readAll(result.stream)).toEqual([text('ok'), finish(1, 1)]);
    expect(delays).toEqual([0]);
    expect(result.attempts.map((record) => record.attemptKind)).toEqual(['first', 'retry']);
  });

  it('does not fail over after content: error part, partial finish, next model never called', async () => {
    const budget = createBudget({ limit: usd('1') });
    const first = createFakeModel({
      stream: [[text('par'), text('tial'), { type: 'error', error: apiError(500) }]],
    });
    const second = createFakeModel({ stream: [[text('never'), finish(1, 1)]] });
    const result = await streamWithFailover({
      candidates: [
        { model: first, info: fakeInfo() },
        { model: second, info: fakeInfo() },
      ],
      options,
      budget,
      countTokens: fixedTokens(100),
      countOutputTokens: countOutput,
    });
    const parts = await readAll(result.stream);
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'text-delta', 'error', 'finish']);
    expect(parts[3]).toMatchObject({
      finishReason: { unified: 'error' },
      usage: { inputTokens: 100, outputTokens: 7 },
    });
    expect(second.calls).toHaveLength(0);
    const outcome = await result.outcome;
    expect(outcome.record).toMatchObject({ status: 500 });
    expect(budget.spent).toBe(costOf(fakeInfo(), { inputTokens: 100, outputTokens: 7 }));
  });

  it('throws the last error when every candidate fails before content', async () => {
    const budget = createBudget({ limit: usd('1') });
    const a = createFakeModel({ stream: [{ error: apiError(503) }] });
    const b = createFakeModel({ stream: [{ error: apiError(404) }] });
    await expect(
      streamWithFailover({
        candidates: [
          { model: a, info: fakeInfo() },
          { model: b, info: fakeInfo() },
        ],
        options,
        budget,
        retry: noWait,
      }),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n, releasedReservations: 2 });
  });

  it('keeps concurrent streams within the budget', async () => {
    const limit = usd('0.005');
    const budget = createBudget({ limit });
    const model = createFakeModel({ stream: [[text('x'.repeat(50)), finish(1_000, 500)]] });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, async () => {
        const result = await streamWithBudget({
          model,
          modelInfo: fakeInfo(),
          options: { ...options, maxOutputTokens: 500 },
          budget,
          countTokens: fixedTokens(1_000),
        });
        await readAll(result.stream);
        return result.outcome;
      }),
    );
    expect(results.filter((result) => result.status === 'fulfilled').length).toBeGreaterThan(0);
    expect(budget.spent <= limit).toBe(true);
    expect(budget.snapshot().openReservations).toBe(0);
  });
});
