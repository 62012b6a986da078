import {
  AnswerRejectedError,
  ApiCallError,
  type AttemptRecord,
  BudgetExceededError,
  InvalidResponseDataError,
  usd,
} from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { createCallEngine } from './call-engine.js';
import type { CallEngineOptions, EngineCall } from './engine-types.js';
import {
  createFakeModel,
  fakeInfo,
  hiPrompt as prompt,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { noRetry, retryPolicy } from './retry-policy.js';

// What every attempt record of the call engine says, field by field: the ledger, the proxy's request records and
// the budget reports are built from these records, so a field that goes missing or is filled wrongly is a lie in
// the books. Whole records are compared strictly: a field that should be absent must not be there as `undefined`.

/** A clock that only moves when a fake model says so, so latencies are exact. */
function manualClock(start: number) {
  const clock = { now: start, advance: (ms: number) => (clock.now += ms) };
  return clock;
}

function engineWith(records: AttemptRecord[], options: CallEngineOptions = {}) {
  return createCallEngine({
    countInputTokens: () => 1_000,
    retry: noRetry(),
    onRecord: (record) => records.push(record),
    ...options,
  });
}

function apiError(statusCode: number | undefined, message = `status ${statusCode}`) {
  return new ApiCallError({ message, provider: 'fake', url: 'https://fake.test', statusCode });
}

describe('call engine attempt records', () => {
  it('fills every field of an answered attempt, the call context included', async () => {
    const clock = manualClock(Date.UTC(2027, 0, 2, 3, 4, 5));
    const records: AttemptRecord[] = [];
    const engine = engineWith(records, { now: () => clock.now, source: 'proxy' });
    const model = createFakeModel({
      provider: 'vendor',
      generate: [
        () => {
          clock.advance(250);
          return textResult('hello', {
            inputTokens: 900,
            outputTokens: 200,
            cachedInputTokens: 100,
            reasoningTokens: 50,
          });
        },
      ],
    });
    const answer = await engine.generate({
      options: { prompt, maxOutputTokens: 500 },
      candidates: [{ info: fakeInfo({ id: 'v/m' }), model }],
      budget: createBudget({ limit: usd('1') }),
      requestId: 'req-7',
      door: 'chat',
      keyId: 'k1',
      teamId: 't1',
      strategy: 'cheapest',
      reason: 'proxy request',
    });
    // Reserved: 1,000 input at $1/M plus 500 output at $2/M.
    const expected: AttemptRecord = {
      kind: 'attempt',
      timestamp: '2027-01-02T03:04:05.000Z',
      source: 'proxy',
      reason: 'proxy request',
      modelId: 'v/m',
      providerId: 'vendor',
      inputTokens: 900,
      outputTokens: 200,
      cachedInputTokens: 100,
      reasoningTokens: 50,
      cost: answer.cost,
      latencyMs: 250,
      attempt: 1,
      attemptKind: 'first',
      costSource: 'usage',
      estimatedCost: usd('0.002'),
      reserved: usd('0.002'),
      called: true,
      success: true,
      outcome: 'ok',
      finishReason: 'stop',
      requestId: 'req-7',
      door: 'chat',
      keyId: 'k1',
      teamId: 't1',
      strategy: 'cheapest',
      budget: usd('1'),
    };
    expect(records).toStrictEqual([expected]);
    expect(answer.attempts).toStrictEqual([expected]);
    expect(answer.cost).toBeGreaterThan(0n);
  });

  it('leaves out what the call did not give: no request id, door, key, team, strategy or budget', async () => {
    const records: AttemptRecord[] = [];
    const engine = engineWith(records, { now: () => 0 });
    await engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [
        { info: fakeInfo(), model: createFakeModel({ generate: [textResult('x', usageOf(10, 5))] }) },
      ],
      budget: createBudget(),
    });
    expect(records).toStrictEqual([
      {
        kind: 'attempt',
        timestamp: '1970-01-01T00:00:00.000Z',
        source: 'library',
        reason: 'library call',
        modelId: 'fake/model',
        providerId: 'fake',
        inputTokens: 10,
        outputTokens: 5,
        cost: usd('0.00002'),
        latencyMs: 0,
        attempt: 1,
        attemptKind: 'first',
        costSource: 'usage',
        estimatedCost: usd('0.0012'),
        reserved: usd('0.0012'),
        called: true,
        success: true,
        outcome: 'ok',
        finishReason: 'stop',
      },
    ]);
  });

  it('names the provider a resolver gave, over the model object’s own', async () => {
    const records: AttemptRecord[] = [];
    const model = createFakeModel({ provider: 'vendor', generate: [textResult('x', usageOf(1, 1))] });
    const engine = engineWith(records, { resolve: () => ({ model, providerId: 'openrouter' }) });
    await engine.generate({ options: { prompt }, candidates: [{ info: fakeInfo() }] });
    expect(records.map((record) => record.providerId)).toEqual(['openrouter']);
  });

  it('asks a reason function for each attempt, with its number and kind', async () => {
    const records: AttemptRecord[] = [];
    const asked: unknown[] = [];
    const engine = engineWith(records, { retry: retryPolicy({ maxRetries: 1, sleep: async () => {} }) });
    await engine.generate({
      options: { prompt },
      candidates: [
        { info: fakeInfo({ id: 'a/one' }), model: createFakeModel({ generate: [{ error: apiError(503) }] }) },
        {
          info: fakeInfo({ id: 'b/two' }),
          model: createFakeModel({ generate: [textResult('x', usageOf(1, 1))] }),
        },
      ],
      reason: (attempt) => {
        asked.push(attempt);
        return `step 1 ${attempt.kind} ${attempt.number}`;
      },
    });
    expect(records.map((record) => record.reason)).toEqual([
      'step 1 first 1',
      'step 1 retry 2',
      'step 1 failover 3',
    ]);
    expect(asked).toEqual([
      { number: 1, kind: 'first' },
      { number: 2, kind: 'retry' },
      { number: 3, kind: 'failover' },
    ]);
  });

  it('marks usage without both counts as estimated and settles it at the worst case it reserved', async () => {
    const records: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('1') });
    const answer = await engineWith(records).generate({
      options: { prompt, maxOutputTokens: 500 },
      candidates: [
        {
          info: fakeInfo(),
          model: createFakeModel({ generate: [textResult('x', usageOf(800, undefined))] }),
        },
      ],
      budget,
    });
    // Input as reported, output at the clamped max: 800 × $1/M + 500 × $2/M.
    expect(answer.cost).toBe(usd('0.0018'));
    expect(records[0]).toMatchObject({
      inputTokens: 800,
      outputTokens: 500,
      cost: usd('0.0018'),
      costSource: 'worst-case',
      usageEstimated: true,
    });
    expect(budget.spent).toBe(usd('0.0018'));
  });

  it('marks usage without the input count as estimated too, counting the input it reserved', async () => {
    const records: AttemptRecord[] = [];
    const answer = await engineWith(records).generate({
      options: { prompt, maxOutputTokens: 500 },
      candidates: [
        {
          info: fakeInfo(),
          model: createFakeModel({ generate: [textResult('x', usageOf(undefined, 200))] }),
        },
      ],
    });
    // 1,000 counted input tokens at $1/M plus 200 output tokens at $2/M.
    expect(answer.cost).toBe(usd('0.0014'));
    expect(records[0]).toMatchObject({
      inputTokens: 1_000,
      outputTokens: 200,
      costSource: 'worst-case',
      usageEstimated: true,
    });
  });

  it('takes a reported cost as complete usage, even without token counts', async () => {
    const records: AttemptRecord[] = [];
    const answer = await engineWith(records).generate({
      options: { prompt, maxOutputTokens: 500 },
      candidates: [
        {
          info: fakeInfo(),
          model: createFakeModel({
            generate: [
              textResult('x', { inputTokens: undefined, outputTokens: undefined, reportedCostUsd: 0.0005 }),
            ],
          }),
        },
      ],
    });
    expect(answer.cost).toBe(usd('0.0005'));
    expect(records[0]).toMatchObject({ inputTokens: 1_000, outputTokens: 500, costSource: 'usage' });
    expect(records[0]).not.toHaveProperty('usageEstimated');
  });

  it('records an unpriced model’s cost as `unpriced`, priced at the assumed prices', async () => {
    const records: AttemptRecord[] = [];
    await engineWith(records, { assumedPricing: { inputPerMillion: 1, outputPerMillion: 2 } }).generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [
        {
          info: fakeInfo({ pricing: undefined }),
          model: createFakeModel({ generate: [textResult('x', usageOf(10, 5))] }),
        },
      ],
    });
    expect(records[0]).toMatchObject({ cost: usd('0.00002'), costSource: 'unpriced', success: true });
  });

  it('flags what a bill went above the reservation as `overrun`', async () => {
    const records: AttemptRecord[] = [];
    await engineWith(records).generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [
        { info: fakeInfo(), model: createFakeModel({ generate: [textResult('x', usageOf(5_000, 100))] }) },
      ],
    });
    // Reserved $0.0012; billed 5,000 × $1/M + 100 × $2/M = $0.0052.
    expect(records[0]).toMatchObject({ reserved: usd('0.0012'), cost: usd('0.0052'), overrun: usd('0.004') });
  });

  it('records a failed upstream call: nothing billed, the error class, message and HTTP status', async () => {
    const clock = manualClock(5_000);
    const records: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({
      generate: [
        () => {
          clock.advance(40);
          throw apiError(400, 'the request is malformed');
        },
      ],
    });
    await expect(
      engineWith(records, { now: () => clock.now }).generate({
        options: { prompt, maxOutputTokens: 100 },
        candidates: [{ info: fakeInfo(), model }],
        budget,
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(records).toStrictEqual([
      {
        kind: 'attempt',
        timestamp: new Date(5_000).toISOString(),
        source: 'library',
        reason: 'library call',
        modelId: 'fake/model',
        providerId: 'fake',
        inputTokens: 0,
        outputTokens: 0,
        cost: 0n,
        latencyMs: 40,
        attempt: 1,
        attemptKind: 'first',
        costSource: 'none',
        estimatedCost: usd('0.0012'),
        reserved: usd('0.0012'),
        called: true,
        success: false,
        outcome: 'error',
        errorClass: 'TokenwiseApiCallError',
        errorMessage: 'the request is malformed',
        status: 400,
        budget: usd('1'),
      },
    ]);
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n, releasedReservations: 1 });
  });

  it('gives no status to an error without one', async () => {
    const records: AttemptRecord[] = [];
    await expect(
      engineWith(records).generate({
        options: { prompt },
        candidates: [
          {
            info: fakeInfo(),
            model: createFakeModel({ generate: [{ error: new TypeError('bad schema') }] }),
          },
        ],
      }),
    ).rejects.toThrow('bad schema');
    expect(records[0]).toMatchObject({
      errorClass: 'TypeError',
      errorMessage: 'bad schema',
      outcome: 'error',
    });
    expect(records[0]).not.toHaveProperty('status');
  });

  it('records an answer that arrived unreadable as billed at the worst case, estimated', async () => {
    const records: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('1') });
    const unreadable = new InvalidResponseDataError({ message: 'no choices', provider: 'fake' });
    await expect(
      engineWith(records).generate({
        options: { prompt, maxOutputTokens: 500 },
        candidates: [{ info: fakeInfo(), model: createFakeModel({ generate: [{ error: unreadable }] }) }],
        budget,
      }),
    ).rejects.toBe(unreadable);
    expect(records[0]).toMatchObject({
      called: true,
      success: false,
      outcome: 'error',
      inputTokens: 1_000,
      outputTokens: 500,
      cost: usd('0.002'),
      costSource: 'worst-case',
      usageEstimated: true,
      errorClass: 'TokenwiseInvalidResponseDataError',
      errorMessage: 'no choices',
    });
    expect(budget.snapshot()).toMatchObject({ spent: usd('0.002'), reserved: 0n, settledReservations: 1 });
  });

  it('records a timed-out attempt as `timeout`', async () => {
    const records: AttemptRecord[] = [];
    const model = createFakeModel({
      generate: [
        (call) =>
          new Promise((_, reject) => {
            call.abortSignal?.addEventListener('abort', () => reject(call.abortSignal?.reason));
          }),
      ],
    });
    await expect(
      engineWith(records, { attemptTimeoutMs: 5 }).generate({
        options: { prompt },
        candidates: [{ info: fakeInfo(), model }],
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(records[0]).toMatchObject({
      outcome: 'timeout',
      errorClass: 'TimeoutError',
      cost: 0n,
      called: true,
    });
  });

  it('records a budget refusal as not called, with the provider and nothing charged', async () => {
    const records: AttemptRecord[] = [];
    const model = createFakeModel({ provider: 'vendor', generate: [textResult('never', usageOf(1, 1))] });
    await expect(
      engineWith(records, { now: () => 42 }).generate({
        options: { prompt },
        candidates: [{ info: fakeInfo(), model }],
        budget: createBudget({ limit: usd('0.0011'), label: 'request' }),
        requestId: 'r-1',
      }),
    ).rejects.toSatisfy(BudgetExceededError.isInstance);
    expect(model.calls).toHaveLength(0);
    expect(records).toHaveLength(1);
    const { errorMessage, ...rest } = records[0]!;
    expect(rest).toStrictEqual({
      kind: 'attempt',
      timestamp: new Date(42).toISOString(),
      source: 'library',
      reason: 'library call',
      modelId: 'fake/model',
      providerId: 'vendor',
      inputTokens: 0,
      outputTokens: 0,
      cost: 0n,
      latencyMs: 0,
      attempt: 1,
      attemptKind: 'first',
      costSource: 'none',
      called: false,
      success: false,
      outcome: 'refused',
      errorClass: 'TokenwiseBudgetExceededError',
      requestId: 'r-1',
      budget: usd('0.0011'),
    });
    expect(errorMessage).toContain('the request budget');
  });

  it('records a call the caller aborted before it was sized as `cancelled`', async () => {
    const records: AttemptRecord[] = [];
    const controller = new AbortController();
    const model = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    // The caller gives up while the input is being counted: the attempt is refused before anything is held.
    const engine = engineWith(records, {
      countInputTokens: () => {
        controller.abort(new Error('client went away'));
        return 10;
      },
    });
    await expect(
      engine.generate({
        options: { prompt, abortSignal: controller.signal },
        candidates: [{ info: fakeInfo(), model }],
      }),
    ).rejects.toThrow('client went away');
    expect(model.calls).toHaveLength(0);
    expect(records).toEqual([
      expect.objectContaining({
        called: false,
        outcome: 'cancelled',
        errorClass: 'Error',
        errorMessage: 'client went away',
      }),
    ]);
  });

  it('records a rejected answer as billed and failed, then fails over without retrying it', async () => {
    const records: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('1') });
    const first = createFakeModel({ generate: [textResult('not json', usageOf(10, 5))] });
    const second = createFakeModel({ generate: [textResult('{}', usageOf(10, 5))] });
    const engine = engineWith(records, { retry: retryPolicy({ maxRetries: 2, sleep: async () => {} }) });
    const answer = await engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [
        { info: fakeInfo({ id: 'a/one' }), model: first },
        { info: fakeInfo({ id: 'b/two' }), model: second },
      ],
      budget,
      accept: (result) =>
        result.content[0]?.type === 'text' && result.content[0].text === '{}' ? undefined : 'not JSON',
    });
    expect(first.calls).toHaveLength(1);
    expect(answer.modelInfo.id).toBe('b/two');
    expect(records[0]).toMatchObject({
      modelId: 'a/one',
      called: true,
      success: false,
      outcome: 'error',
      cost: usd('0.00002'),
      costSource: 'usage',
      errorClass: 'TokenwiseRejectedAnswer',
      errorMessage: 'not JSON',
    });
    expect(records[1]).toMatchObject({
      modelId: 'b/two',
      success: true,
      outcome: 'ok',
      attemptKind: 'failover',
    });
    expect(records[1]).not.toHaveProperty('errorClass');
    expect(budget.spent).toBe(usd('0.00004'));
  });

  it('throws the rejection as an AnswerRejectedError naming the model when no candidate is accepted', async () => {
    const records: AttemptRecord[] = [];
    const rejection = engineWith(records).generate({
      options: { prompt },
      candidates: [
        {
          info: fakeInfo({ id: 'a/one' }),
          model: createFakeModel({ generate: [textResult('x', usageOf(1, 1))] }),
        },
      ],
      accept: async () => 'too short',
    });
    await expect(rejection).rejects.toSatisfy(AnswerRejectedError.isInstance);
    await expect(rejection).rejects.toMatchObject({ message: 'too short', modelId: 'a/one' });
  });

  it('rejects an answer whose check threw, with the check’s error in the message', async () => {
    const records: AttemptRecord[] = [];
    await expect(
      engineWith(records).generate({
        options: { prompt },
        candidates: [
          { info: fakeInfo(), model: createFakeModel({ generate: [textResult('x', usageOf(1, 1))] }) },
        ],
        accept: () => {
          throw new Error('validator crashed');
        },
      }),
    ).rejects.toMatchObject({ message: 'the answer check failed: validator crashed' });
    expect(records[0]).toMatchObject({
      success: false,
      errorClass: 'TokenwiseRejectedAnswer',
      errorMessage: 'the answer check failed: validator crashed',
    });
  });

  it('gives the answer check the result and the plan it was sized with', async () => {
    const seen: unknown[] = [];
    const result = textResult('x', usageOf(1, 1));
    const answer = await engineWith([]).generate({
      options: { prompt, maxOutputTokens: 64 },
      candidates: [{ info: fakeInfo(), model: createFakeModel({ generate: [result] }) }],
      accept: (checked, plan) => {
        seen.push(checked, plan.maxOutputTokens);
        return undefined;
      },
    } satisfies EngineCall);
    expect(seen).toEqual([result, 64]);
    expect(answer.result).toBe(result);
  });
});
