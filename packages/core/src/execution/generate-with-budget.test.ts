import type { AttemptRecord } from '@tokenwise/spec';
import {
  ApiCallError,
  BudgetExceededError,
  InvalidResponseDataError,
  type PicoUsd,
  usd,
} from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import {
  createFakeModel,
  fakeInfo,
  fixedTokens,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { generateWithBudget } from './generate-with-budget.js';
import { getText } from './get-text.js';
import { noRetry, retryPolicy } from './retry-policy.js';

const options = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };

function apiError(statusCode: number | undefined, retryAfterMs?: number) {
  return new ApiCallError({
    message: `upstream said ${statusCode}`,
    provider: 'fake',
    url: 'https://fake.test/v1/chat',
    statusCode,
    retryAfterMs,
  });
}

/** A policy whose sleeps are recorded instead of waited. */
function recordingRetry(delays: number[], overrides: Parameters<typeof retryPolicy>[0] = {}) {
  return retryPolicy({
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...overrides,
  });
}

describe('generateWithBudget', () => {
  it('reserves the worst case, sends the clamped max_tokens and settles to the actual usage', async () => {
    const budget = createBudget({ limit: usd('0.003') });
    const model = createFakeModel({ generate: [textResult('hello', usageOf(900, 200))] });
    const records: AttemptRecord[] = [];
    const answer = await generateWithBudget({
      model,
      modelInfo: fakeInfo(),
      options: { ...options, maxOutputTokens: 5_000 },
      budget,
      countTokens: fixedTokens(1_000),
      onAttempt: (record) => records.push(record),
      reason: 'step 1 attempt 1',
    });
    expect(model.calls[0]!.maxOutputTokens).toBe(1_000);
    expect(getText(answer.result)).toBe('hello');
    // 900 × $1/M + 200 × $2/M
    expect(answer.cost).toBe(usd('0.0013'));
    expect(budget.spent).toBe(usd('0.0013'));
    expect(budget.reserved).toBe(0n);
    expect(records).toEqual([
      expect.objectContaining({
        modelId: 'fake/model',
        providerId: 'fake',
        attempt: 1,
        attemptKind: 'first',
        reason: 'step 1 attempt 1',
        called: true,
        success: true,
        inputTokens: 900,
        outputTokens: 200,
        cost: usd('0.0013'),
        estimatedCost: usd('0.003'),
        costSource: 'usage',
        finishReason: 'stop',
      }),
    ]);
  });

  it('settles at the worst case when the vendor reports no usage, never at $0', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({ generate: [textResult('x', usageOf(undefined, undefined))] });
    const answer = await generateWithBudget({
      model,
      modelInfo: fakeInfo(),
      options: { ...options, maxOutputTokens: 500 },
      budget,
      countTokens: fixedTokens(1_000),
    });
    expect(answer.cost).toBe(usd('0.002'));
    expect(answer.attempts[0]!.costSource).toBe('worst-case');
    expect(budget.spent).toBe(usd('0.002'));
  });

  it('refuses without calling when the budget cannot pay for the minimum output', async () => {
    const budget = createBudget({ limit: usd('0.0011') });
    const model = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    const records: AttemptRecord[] = [];
    await expect(
      generateWithBudget({
        model,
        modelInfo: fakeInfo(),
        options,
        budget,
        countTokens: fixedTokens(1_000),
        onAttempt: (record) => records.push(record),
      }),
    ).rejects.toSatisfy(BudgetExceededError.isInstance);
    expect(model.calls).toHaveLength(0);
    expect(records).toEqual([
      expect.objectContaining({
        called: false,
        success: false,
        cost: 0n,
        errorClass: 'TokenwiseBudgetExceededError',
        outcome: 'refused',
      }),
    ]);
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n, openReservations: 0 });
  });

  it('never lets racing calls exceed a small budget when vendors honour max_tokens', async () => {
    const limit = usd('0.01');
    const budget = createBudget({ limit });
    let tick = 0;
    const model = createFakeModel({
      generate: [
        async (call) => {
          // Answer after a varying number of event-loop turns, using all the output allowed.
          const turns = tick++ % 5;
          for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
          return textResult('x'.repeat(10), usageOf(1_000, call.maxOutputTokens));
        },
      ],
    });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        generateWithBudget({
          model,
          modelInfo: fakeInfo(),
          options: { ...options, maxOutputTokens: 1_000 },
          budget,
          countTokens: fixedTokens(1_000),
          retry: noRetry(),
        }),
      ),
    );
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter(
      (result) => result.status === 'rejected' && BudgetExceededError.isInstance(result.reason),
    );
    expect(succeeded.length + refused.length).toBe(40);
    expect(succeeded.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(budget.spent <= limit).toBe(true);
    expect(budget.snapshot()).toMatchObject({ reserved: 0n, openReservations: 0, overrun: 0n });
    const settled = succeeded.reduce<PicoUsd>(
      (sum, result) => sum + (result as PromiseFulfilledResult<{ cost: PicoUsd }>).value.cost,
      0n,
    );
    expect(settled).toBe(budget.spent);
  });

  it('records a vendor bill above the reservation as an overrun', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({ generate: [textResult('x', usageOf(5_000, 100))] });
    await generateWithBudget({
      model,
      modelInfo: fakeInfo(),
      options: { ...options, maxOutputTokens: 100 },
      budget,
      countTokens: fixedTokens(1_000),
    });
    // Reserved $0.0012 (1,000 counted input), billed $0.0052 (5,000 real input).
    expect(budget.spent).toBe(usd('0.0052'));
    expect(budget.overrun).toBe(usd('0.004'));
  });

  it('retries 429 honouring Retry-After, then 5xx with jittered backoff, re-reserving each time', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({
      generate: [
        { error: apiError(429, 1_200) },
        { error: apiError(503) },
        textResult('ok', usageOf(10, 10)),
      ],
    });
    const delays: number[] = [];
    const records: AttemptRecord[] = [];
    const answer = await generateWithBudget({
      model,
      modelInfo: fakeInfo(),
      options,
      budget,
      countTokens: fixedTokens(10),
      retry: recordingRetry(delays),
      onAttempt: (record) => records.push(record),
    });
    // Retry 1: max(jitter 0.5 × 500, Retry-After 1,200); retry 2: 0.5 × 1,000.
    expect(delays).toEqual([1_200, 500]);
    expect(
      records.map((record) => [record.attempt, record.attemptKind, record.success, record.cost]),
    ).toEqual([
      [1, 'first', false, 0n],
      [2, 'retry', false, 0n],
      [3, 'retry', true, answer.cost],
    ]);
    expect(records[0]).toMatchObject({ errorClass: 'TokenwiseApiCallError', status: 429 });
    expect(budget.spent).toBe(answer.cost);
    expect(budget.snapshot()).toMatchObject({
      openReservations: 0,
      releasedReservations: 2,
      settledReservations: 1,
    });
  });

  it('does not retry a 400, and releases its reservation', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({
      generate: [{ error: apiError(400) }, textResult('never', usageOf(1, 1))],
    });
    const delays: number[] = [];
    await expect(
      generateWithBudget({ model, modelInfo: fakeInfo(), options, budget, retry: recordingRetry(delays) }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(model.calls).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n, releasedReservations: 1 });
  });

  it('gives up when Retry-After is longer than the policy accepts', async () => {
    const model = createFakeModel({
      generate: [{ error: apiError(429, 120_000) }, textResult('ok', usageOf(1, 1))],
    });
    const delays: number[] = [];
    await expect(
      generateWithBudget({
        model,
        modelInfo: fakeInfo(),
        options,
        budget: createBudget({ limit: usd('1') }),
        retry: recordingRetry(delays),
      }),
    ).rejects.toMatchObject({ statusCode: 429 });
    expect(model.calls).toHaveLength(1);
  });

  it('stops after maxRetries', async () => {
    const model = createFakeModel({ generate: [{ error: apiError(500) }] });
    const delays: number[] = [];
    await expect(
      generateWithBudget({
        model,
        modelInfo: fakeInfo(),
        options,
        budget: createBudget({ limit: usd('1') }),
        retry: recordingRetry(delays, { maxRetries: 3, jitter: false, initialDelayMs: 100, maxDelayMs: 300 }),
      }),
    ).rejects.toMatchObject({ statusCode: 500 });
    expect(model.calls).toHaveLength(4);
    expect(delays).toEqual([100, 200, 300]);
  });

  it('retries timeouts, including its own per-attempt timeout', async () => {
    let calls = 0;
    const model = createFakeModel({
      generate: [
        (call) => {
          calls++;
          if (calls > 1) return textResult('late but fine', usageOf(1, 1));
          // Hangs until the per-attempt timeout aborts it, as fetch does.
          return new Promise((_, reject) => {
            call.abortSignal?.addEventListener('abort', () => reject(call.abortSignal?.reason));
          });
        },
      ],
    });
    const delays: number[] = [];
    const answer = await generateWithBudget({
      model,
      modelInfo: fakeInfo(),
      options,
      budget: createBudget({ limit: usd('1') }),
      retry: recordingRetry(delays),
      attemptTimeoutMs: 5,
    });
    expect(getText(answer.result)).toBe('late but fine');
    expect(answer.attempts[0]!.errorClass).toBe('TimeoutError');
    expect(delays).toHaveLength(1);
  });

  it('releases on abort and does not retry', async () => {
    const budget = createBudget({ limit: usd('1') });
    const controller = new AbortController();
    const model = createFakeModel({
      generate: [
        (call) =>
          new Promise((_, reject) => {
            call.abortSignal?.addEventListener('abort', () => reject(call.abortSignal?.reason));
            queueMicrotask(() => controller.abort(new Error('user went away')));
          }),
      ],
    });
    await expect(
      generateWithBudget({
        model,
        modelInfo: fakeInfo(),
        options: { ...options, abortSignal: controller.signal },
        budget,
      }),
    ).rejects.toThrow('user went away');
    expect(model.calls).toHaveLength(1);
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n, releasedReservations: 1 });
  });

  it('aborts a retry wait', async () => {
    const budget = createBudget({ limit: usd('1') });
    const controller = new AbortController();
    const model = createFakeModel({
      generate: [{ error: apiError(503) }, textResult('never', usageOf(1, 1))],
    });
    const pending = generateWithBudget({
      model,
      modelInfo: fakeInfo(),
      options: { ...options, abortSignal: controller.signal },
      budget,
      retry: retryPolicy({ initialDelayMs: 60_000, jitter: false }),
    });
    setTimeout(() => controller.abort(new Error('stop')), 0);
    await expect(pending).rejects.toThrow('stop');
    expect(model.calls).toHaveLength(1);
    expect(budget.reserved).toBe(0n);
  });

  it('settles at the worst case when an answer arrived but could not be read', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({
      generate: [{ error: new InvalidResponseDataError({ message: 'no choices', provider: 'fake' }) }],
    });
    await expect(
      generateWithBudget({
        model,
        modelInfo: fakeInfo(),
        options: { ...options, maxOutputTokens: 500 },
        budget,
        countTokens: fixedTokens(1_000),
      }),
    ).rejects.toSatisfy(InvalidResponseDataError.isInstance);
    expect(budget.spent).toBe(usd('0.002'));
  });

  it('never puts an API key in an attempt record', async () => {
    const records: AttemptRecord[] = [];
    const model = createFakeModel({
      generate: [
        {
          error: new ApiCallError({
            message:
              'Incorrect API key provided: sk-proj-abcdef1234567890 at https://x.test/v1?key=AIzaSyA1234567890123456789012345',
            provider: 'fake',
            url: 'https://x.test',
            statusCode: 401,
          }),
        },
      ],
    });
    await expect(
      generateWithBudget({
        model,
        modelInfo: fakeInfo(),
        options,
        budget: createBudget(),
        onAttempt: (record) => records.push(record),
      }),
    ).rejects.toBeDefined();
    expect(records[0]!.errorMessage!).not.toMatch(/abcdef1234567890|AIzaSyA123/);
    expect(records[0]!.errorMessage!).toContain('[REDACTED]');
  });

  it('keeps accounting right when onAttempt throws', async () => {
    const budget = createBudget({ limit: usd('1') });
    const model = createFakeModel({ generate: [textResult('ok', usageOf(10, 10))] });
    const answer = await generateWithBudget({
      model,
      modelInfo: fakeInfo(),
      options,
      budget,
      onAttempt: () => {
        throw new Error('ledger down');
      },
    });
    expect(budget.spent).toBe(answer.cost);
  });
});
