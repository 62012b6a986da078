import { type AttemptRecord, type StreamPart, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { createCallEngine } from './call-engine.js';
import {
  apiError,
  createFakeModel,
  fakeInfo,
  hiPrompt as prompt,
  readAll,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { retryPolicy } from './retry-policy.js';

// Observers (a ledger writer, a log line, a metrics hook) are told about every attempt, and one that throws must
// never break the accounting of the call: the other observers still hear of it, the money still settles and the
// caller still gets the answer.
const boom = () => {
  throw new Error('observer down');
};

describe('call engine observers', () => {
  it('tells onAttempt and onRecord of every attempt, in order, and onOverrun only of overruns', async () => {
    const attempts: AttemptRecord[] = [];
    const recorded: AttemptRecord[] = [];
    const overruns: AttemptRecord[] = [];
    const engine = createCallEngine({
      countInputTokens: () => 1_000,
      retry: retryPolicy({ maxRetries: 1, sleep: async () => {} }),
      onRecord: (record) => recorded.push(record),
      onOverrun: (record) => overruns.push(record),
    });
    const model = createFakeModel({
      generate: [{ error: apiError(503) }, textResult('x', usageOf(5_000, 100))],
    });
    const answer = await engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [{ info: fakeInfo(), model }],
      onAttempt: (record) => attempts.push(record),
    });
    expect(attempts).toEqual(answer.attempts);
    expect(recorded).toEqual(answer.attempts);
    expect(attempts.map((record) => record.success)).toEqual([false, true]);
    // Only the answered attempt went above its reservation (billed for 5,000 input tokens, 1,000 counted).
    expect(overruns).toEqual([answer.attempts[1]]);
    expect(overruns[0]!.overrun).toBe(usd('0.004'));
  });

  it('does not tell onOverrun of an attempt that stayed within its reservation', async () => {
    const overruns: AttemptRecord[] = [];
    const engine = createCallEngine({
      countInputTokens: () => 1_000,
      onOverrun: (record) => overruns.push(record),
    });
    await engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [
        { info: fakeInfo(), model: createFakeModel({ generate: [textResult('x', usageOf(1_000, 100))] }) },
      ],
    });
    expect(overruns).toEqual([]);
  });

  it('keeps going when onAttempt throws: onRecord and onOverrun still hear, the money settles', async () => {
    const recorded: AttemptRecord[] = [];
    const overruns: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('1') });
    const engine = createCallEngine({
      countInputTokens: () => 1_000,
      onRecord: (record) => recorded.push(record),
      onOverrun: (record) => overruns.push(record),
    });
    const answer = await engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [
        { info: fakeInfo(), model: createFakeModel({ generate: [textResult('x', usageOf(5_000, 100))] }) },
      ],
      budget,
      onAttempt: boom,
    });
    expect(recorded).toHaveLength(1);
    expect(overruns).toHaveLength(1);
    expect(answer.attempts).toHaveLength(1);
    expect(budget.snapshot()).toMatchObject({ spent: answer.cost, reserved: 0n, openReservations: 0 });
  });

  it('keeps going when onRecord and onOverrun throw: the call answers and its books are right', async () => {
    const attempts: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('1') });
    const engine = createCallEngine({
      countInputTokens: () => 1_000,
      retry: retryPolicy({ maxRetries: 1, sleep: async () => {} }),
      onRecord: boom,
      onOverrun: boom,
    });
    const model = createFakeModel({
      generate: [{ error: apiError(503) }, textResult('x', usageOf(5_000, 100))],
    });
    const answer = await engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [{ info: fakeInfo(), model }],
      budget,
      onAttempt: (record) => attempts.push(record),
    });
    expect(model.calls).toHaveLength(2);
    expect(attempts).toHaveLength(2);
    expect(answer.attempts).toHaveLength(2);
    expect(budget.snapshot()).toMatchObject({
      spent: answer.cost,
      reserved: 0n,
      openReservations: 0,
      releasedReservations: 1,
    });
  });

  it('settles a stream whose observers all throw, and resolves its outcome', async () => {
    const budget = createBudget({ limit: usd('1') });
    const engine = createCallEngine({
      countInputTokens: () => 10,
      countOutputTokens: (text) => text.length,
      onRecord: boom,
      onOverrun: boom,
    });
    const parts: StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'text-delta', delta: 'hello' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usageOf(10_000, 5) },
    ];
    const result = await engine.stream({
      options: { prompt, maxOutputTokens: 50 },
      candidates: [{ info: fakeInfo(), model: createFakeModel({ stream: [parts] }) }],
      budget,
      onAttempt: boom,
    });
    expect(await readAll(result.stream)).toEqual(parts);
    const outcome = await result.outcome;
    expect(outcome.success).toBe(true);
    expect(outcome.record.overrun).toBeGreaterThan(0n);
    expect(budget.snapshot()).toMatchObject({ spent: outcome.cost, reserved: 0n, openReservations: 0 });
    expect(engine.inFlight).toBe(0);
  });

  it('tells onRetry before each same-model retry: model, retry number, wait and error', async () => {
    const events: unknown[] = [];
    const slept: number[] = [];
    const first = apiError(503);
    const second = apiError(502);
    const engine = createCallEngine({
      countInputTokens: () => 10,
      retry: retryPolicy({
        maxRetries: 2,
        jitter: false,
        initialDelayMs: 100,
        sleep: async (ms) => {
          slept.push(ms);
        },
      }),
    });
    await engine.generate({
      options: { prompt },
      candidates: [
        {
          info: fakeInfo({ id: 'a/one' }),
          model: createFakeModel({
            generate: [{ error: first }, { error: second }, textResult('x', usageOf(1, 1))],
          }),
        },
      ],
      onRetry: (event) => events.push(event),
    });
    expect(events).toEqual([
      { modelId: 'a/one', retry: 1, delayMs: 100, error: first },
      { modelId: 'a/one', retry: 2, delayMs: 200, error: second },
    ]);
    expect(slept).toEqual([100, 200]);
  });
});
