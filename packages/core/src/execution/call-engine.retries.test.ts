import { type AttemptRecord, type BudgetStore, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget, createMemoryBudgetStore } from '../budget/index.js';
import { createCallEngine } from './call-engine.js';
import type { CallEngineOptions } from './engine-types.js';
import {
  apiError,
  createFakeModel,
  fakeInfo,
  hiPrompt as prompt,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { noRetry, retryPolicy } from './retry-policy.js';

// Same-model retries and the failures that end a call: a retry wait that is cut short ends the call (the caller
// gave up), and a failure of our own code before anything was sent is never retried or failed over.
const answers = () => createFakeModel({ generate: [textResult('ok', usageOf(10, 5))] });

function engineWith(records: AttemptRecord[], options: CallEngineOptions = {}) {
  return createCallEngine({
    countInputTokens: () => 1_000,
    retry: noRetry(),
    onRecord: (record) => records.push(record),
    ...options,
  });
}

describe('call engine retry waits', () => {
  it('ends the call when the caller aborts a retry wait: no further attempt, no other model', async () => {
    const records: AttemptRecord[] = [];
    const controller = new AbortController();
    const budget = createBudget({ limit: usd('1') });
    const why = new Error('client went away');
    const engine = engineWith(records, {
      retry: retryPolicy({
        maxRetries: 2,
        sleep: async (_ms, signal) => {
          controller.abort(why);
          throw signal?.reason;
        },
      }),
    });
    const first = createFakeModel({ generate: [{ error: apiError(503) }] });
    const second = answers();
    await expect(
      engine.generate({
        options: { prompt, abortSignal: controller.signal },
        candidates: [
          { info: fakeInfo({ id: 'a/one' }), model: first },
          { info: fakeInfo({ id: 'b/two' }), model: second },
        ],
        budget,
      }),
    ).rejects.toBe(why);
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(0);
    expect(records.map((record) => [record.modelId, record.outcome])).toEqual([['a/one', 'error']]);
    expect(budget.snapshot()).toMatchObject({ reserved: 0n, openReservations: 0, releasedReservations: 1 });
  });

  it('ends the call when a retry wait fails, whatever the failure: it counts as the caller’s abort', async () => {
    const records: AttemptRecord[] = [];
    const broken = apiError(503);
    const engine = engineWith(records, {
      retry: retryPolicy({
        maxRetries: 2,
        sleep: async () => {
          throw broken;
        },
      }),
    });
    const first = createFakeModel({ generate: [{ error: apiError(502) }] });
    const second = answers();
    await expect(
      engine.generate({
        options: { prompt },
        candidates: [
          { info: fakeInfo({ id: 'a/one' }), model: first },
          { info: fakeInfo({ id: 'b/two' }), model: second },
        ],
      }),
    ).rejects.toBe(broken);
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(0);
    expect(records).toHaveLength(1);
  });

  it('does not retry a call the caller aborted while it failed', async () => {
    const controller = new AbortController();
    const slept: number[] = [];
    const engine = engineWith([], {
      retry: retryPolicy({
        maxRetries: 2,
        sleep: async (ms) => {
          slept.push(ms);
        },
      }),
    });
    const model = createFakeModel({
      generate: [
        async () => {
          controller.abort(new Error('client went away'));
          throw apiError(503);
        },
      ],
    });
    await expect(
      engine.generate({
        options: { prompt, abortSignal: controller.signal },
        candidates: [{ info: fakeInfo(), model }],
      }),
    ).rejects.toMatchObject({ statusCode: 503 });
    expect(model.calls).toHaveLength(1);
    expect(slept).toEqual([]);
  });
});

describe('call engine rejected answers', () => {
  it('never sends a rejected answer’s call again to the same model, even under a policy that retries anything', async () => {
    const records: AttemptRecord[] = [];
    const slept: number[] = [];
    const engine = engineWith(records, {
      retry: retryPolicy({
        maxRetries: 2,
        isRetryable: () => true,
        sleep: async (ms) => {
          slept.push(ms);
        },
      }),
    });
    const model = createFakeModel({ generate: [textResult('not json', usageOf(10, 5))] });
    await expect(
      engine.generate({
        options: { prompt },
        candidates: [{ info: fakeInfo(), model }],
        accept: () => 'not JSON',
      }),
    ).rejects.toMatchObject({ message: 'not JSON' });
    expect(model.calls).toHaveLength(1);
    expect(slept).toEqual([]);
    expect(records.map((record) => record.errorClass)).toEqual(['TokenwiseRejectedAnswer']);
  });
});

describe('call engine failures of its own', () => {
  it('stops at a budget store that fails with an error of its own: the next model is not tried', async () => {
    const memory = createMemoryBudgetStore();
    await memory.define([{ id: 'key:k', limit: usd('1') }]);
    const failure = new Error('database is down');
    const store: BudgetStore = {
      ...memory,
      reserve: async () => {
        throw failure;
      },
    };
    const records: AttemptRecord[] = [];
    const second = answers();
    await expect(
      engineWith(records).generate({
        options: { prompt },
        candidates: [
          { info: fakeInfo({ id: 'a/one' }), model: answers() },
          { info: fakeInfo({ id: 'b/two' }), model: second },
        ],
        shared: { store, scopes: ['key:k'] },
      }),
    ).rejects.toBe(failure);
    expect(second.calls).toHaveLength(0);
    expect(records.map((record) => [record.modelId, record.called, record.outcome])).toEqual([
      ['a/one', false, 'refused'],
    ]);
  });
});
