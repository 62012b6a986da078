import type { AttemptRecord, StreamPart } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { costOf } from '../pricing/index.js';
import { createCallEngine } from './call-engine.js';
import {
  createFakeModel,
  fakeInfo,
  fixedTokens,
  hiPrompt as prompt,
  readAll,
  streamStart as start,
  textDelta as text,
} from './fake-language-model.test-helper.js';
import { createOpenUpstream } from './open-upstream.test-helper.js';
import { noRetry } from './retry-policy.js';

// A stream the reader cancels, the caller aborts or the attempt's own timeout ends: each settles once, from what
// was counted, and is recorded as what it was.

const info = fakeInfo();
const finish: StreamPart = {
  type: 'finish',
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 100, outputTokens: 2 },
};
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An engine counting 100 input tokens and one output token per letter, recording every attempt. */
function recordingEngine(extra: Parameters<typeof createCallEngine>[0] = {}) {
  const records: AttemptRecord[] = [];
  const budget = createBudget({ limit: usd('1') });
  const engine = createCallEngine({
    countInputTokens: fixedTokens(100),
    countOutputTokens: (value) => value.length,
    retry: noRetry(),
    onRecord: (record) => records.push(record),
    ...extra,
  });
  return { engine, records, budget };
}

/**
 * Opens a stream whose upstream sent `start` and 'abcd' and then waits; the reader read both. The upstream does
 * not follow the abort signal, so only the engine's own cancel stops it.
 */
async function readTwoThenHold(abortSignal?: AbortSignal) {
  const upstream = createOpenUpstream({ parts: [start, text('abcd')], abortable: false });
  const { engine, records, budget } = recordingEngine();
  const result = await engine.stream({
    options: { prompt, ...(abortSignal === undefined ? {} : { abortSignal }) },
    candidates: [{ info, model: upstream.model }],
    budget,
  });
  const reader = result.stream.getReader();
  expect((await reader.read()).value).toEqual(start);
  expect((await reader.read()).value).toEqual(text('abcd'));
  return { upstream, engine, records, budget, result, reader };
}

const counted = costOf(info, { inputTokens: 100, outputTokens: 4 })!;

describe('a stream the reader cancels', () => {
  it('records a reason string as an AbortError that quotes it, and passes the reason upstream', async () => {
    const { upstream, records, budget, result, reader } = await readTwoThenHold();
    // The engine reads upstream only as the reader pulls: nothing past the two parts was asked for.
    await wait(5);
    expect(upstream.pulls).toBe(2);
    await reader.cancel('client went away');
    const outcome = await result.outcome;
    expect(outcome).toMatchObject({
      success: false,
      cost: counted,
      usage: { inputTokens: 100, outputTokens: 4 },
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      called: true,
      success: false,
      outcome: 'cancelled',
      outputTokens: 4,
      cost: counted,
      finishReason: 'error',
      errorClass: 'AbortError',
      errorMessage: 'The reader cancelled the stream: client went away.',
    });
    expect(upstream.cancelled).toEqual(['client went away']);
    expect(budget.snapshot()).toMatchObject({ spent: counted, reserved: 0n, openReservations: 0 });
  });

  it('says only that the reader cancelled when it gave no reason', async () => {
    const { upstream, records, result, reader } = await readTwoThenHold();
    await reader.cancel();
    await result.outcome;
    expect(records[0]).toMatchObject({
      outcome: 'cancelled',
      errorClass: 'AbortError',
      errorMessage: 'The reader cancelled the stream.',
    });
    expect(upstream.cancelled).toEqual([undefined]);
  });

  it('records an Error reason as itself', async () => {
    class ClientGone extends Error {
      override name = 'ClientGone';
    }
    const why = new ClientGone('socket closed by the client');
    const { upstream, records, result, reader } = await readTwoThenHold();
    await reader.cancel(why);
    await result.outcome;
    expect(records[0]).toMatchObject({
      outcome: 'cancelled',
      errorClass: 'ClientGone',
      errorMessage: 'socket closed by the client',
    });
    expect(upstream.cancelled).toEqual([why]);
  });
});

describe('a stream the caller aborts', () => {
  it('settles at once when nobody is reading, then ends the stream with the abort reason', async () => {
    const controller = new AbortController();
    const { upstream, records, budget, result, reader } = await readTwoThenHold(controller.signal);
    const why = new Error('caller stopped');
    controller.abort(why);
    const outcome = await result.outcome;
    expect(outcome).toMatchObject({ success: false, cost: counted });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      outcome: 'cancelled',
      errorClass: 'Error',
      errorMessage: 'caller stopped',
    });
    expect(upstream.cancelled).toEqual([why]);
    expect(budget.snapshot()).toMatchObject({ spent: counted, reserved: 0n, openReservations: 0 });
    expect(await reader.read()).toEqual({ done: false, value: { type: 'error', error: why } });
    expect((await reader.read()).done).toBe(true);
    expect(records).toHaveLength(1);
  });

  it('settles once when the abort comes while a read is pending, and still ends with a partial finish', async () => {
    const controller = new AbortController();
    const { upstream, records, budget, reader } = await readTwoThenHold(controller.signal);
    const pending = reader.read();
    await wait(5);
    controller.abort(new Error('caller stopped'));
    expect((await pending).value).toMatchObject({ type: 'error' });
    expect(await reader.read()).toEqual({
      done: false,
      value: {
        type: 'finish',
        finishReason: { unified: 'error', raw: undefined },
        usage: { inputTokens: 100, outputTokens: 4 },
      },
    });
    expect((await reader.read()).done).toBe(true);
    expect(upstream.cancelled).toHaveLength(1);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'cancelled', errorMessage: 'caller stopped', cost: counted });
    expect(budget.snapshot()).toMatchObject({ spent: counted, reserved: 0n, openReservations: 0 });
  });

  it('settles once when the abort lands between an upstream read and its handling', async () => {
    // The upstream delivers a part past the guard's threshold and, in the same turn, the caller aborts.
    const controller = new AbortController();
    const why = new Error('caller stopped');
    let step = 0;
    const model = createFakeModel({});
    model.doStream = async () => ({
      stream: new ReadableStream<StreamPart>(
        {
          pull(upstream) {
            step++;
            if (step === 1) upstream.enqueue(text('abcd'));
            if (step === 2) {
              upstream.enqueue(text('x'.repeat(30)));
              controller.abort(why);
            }
          },
        },
        { highWaterMark: 0 },
      ),
    });
    const { engine, records, budget } = recordingEngine({ outputCutFactor: 1 });
    const result = await engine.stream({
      options: { prompt, maxOutputTokens: 10, abortSignal: controller.signal },
      candidates: [{ info, model }],
      budget,
    });
    const parts = await readAll(result.stream);
    // 10 × 1 + 16 = 26 tokens may pass: the late part is cut; its finish reports all that was counted.
    expect(parts).toEqual([
      text('abcd'),
      {
        type: 'finish',
        finishReason: { unified: 'length', raw: 'tokenwise_output_limit' },
        usage: { inputTokens: 100, outputTokens: 34 },
      },
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'cancelled', errorMessage: 'caller stopped', cost: counted });
    expect(budget.snapshot()).toMatchObject({ spent: counted, reserved: 0n, openReservations: 0 });
  });

  it('records a request the abort stopped before its stream started as cancelled, and releases it', async () => {
    const controller = new AbortController();
    const why = new Error('caller stopped');
    const model = createFakeModel({});
    model.doStream = (options) =>
      new Promise((_, reject) => options.abortSignal?.addEventListener('abort', () => reject(why)));
    const { engine, records, budget } = recordingEngine();
    const pending = engine.stream({
      options: { prompt, abortSignal: controller.signal },
      candidates: [{ info, model }],
      budget,
    });
    await wait(5);
    controller.abort(why);
    await expect(pending).rejects.toBe(why);
    expect(records).toEqual([
      expect.objectContaining({
        called: true,
        outcome: 'cancelled',
        cost: 0n,
        errorMessage: 'caller stopped',
      }),
    ]);
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n, releasedReservations: 1 });
  });

  it('is settled before abortAll resolves, even when nobody reads', async () => {
    const upstream = createOpenUpstream({ parts: [start, text('abcd')] });
    const { engine, records, budget } = recordingEngine();
    await engine.stream({ options: { prompt }, candidates: [{ info, model: upstream.model }], budget });
    expect(engine.inFlight).toBe(1);
    await engine.abortAll();
    expect(engine.inFlight).toBe(0);
    expect(records[0]).toMatchObject({ outcome: 'cancelled', errorMessage: 'The server is shutting down.' });
    expect(budget.snapshot()).toMatchObject({ spent: counted, reserved: 0n, openReservations: 0 });
  });
});

describe("the attempt's own timeout", () => {
  it('fails over when no content came in time, charging the counted input', async () => {
    const slow = createOpenUpstream({ parts: [start] });
    const fast = createOpenUpstream({ parts: [text('ok'), finish] });
    const { engine, records } = recordingEngine({ attemptTimeoutMs: 20 });
    const result = await engine.stream({
      options: { prompt },
      candidates: [
        { info: fakeInfo({ id: 'slow/m' }), model: slow.model },
        { info: fakeInfo({ id: 'fast/m' }), model: fast.model },
      ],
    });
    expect(await readAll(result.stream)).toEqual([text('ok'), finish]);
    expect(records.map((record) => [record.modelId, record.outcome])).toEqual([
      ['slow/m', 'timeout'],
      ['fast/m', 'ok'],
    ]);
    expect(records[0]!.cost).toBe(costOf(info, { inputTokens: 100, outputTokens: 0 }));
  });

  it('fails over even when the adapter reports the timeout as a plain error', async () => {
    const slow = createOpenUpstream({ parts: [start], abortError: new Error('The operation was aborted') });
    const fast = createOpenUpstream({ parts: [text('ok'), finish] });
    const { engine, records } = recordingEngine({ attemptTimeoutMs: 20 });
    const result = await engine.stream({
      options: { prompt },
      candidates: [
        { info: fakeInfo({ id: 'slow/m' }), model: slow.model },
        { info: fakeInfo({ id: 'fast/m' }), model: fast.model },
      ],
    });
    expect(await readAll(result.stream)).toEqual([text('ok'), finish]);
    expect(records.map((record) => [record.modelId, record.outcome, record.errorMessage])).toEqual([
      ['slow/m', 'timeout', 'The operation was aborted'],
      ['fast/m', 'ok', undefined],
    ]);
  });

  it('stops applying once content flows: a slow answer after its first word still finishes', async () => {
    const upstream = createOpenUpstream({ parts: [start, text('o')] });
    const { engine, records } = recordingEngine({ attemptTimeoutMs: 20 });
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info, model: upstream.model }],
    });
    await wait(60);
    upstream.push(text('k'), finish);
    expect(await readAll(result.stream)).toEqual([start, text('o'), text('k'), finish]);
    expect(records[0]).toMatchObject({ outcome: 'ok', success: true });
  });
});
