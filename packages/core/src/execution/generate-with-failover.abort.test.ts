import type { AttemptRecord } from '@tokenwise/spec';
import { ApiCallError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { createFakeModel, fakeInfo, textResult, usageOf } from './fake-language-model.test-helper.js';
import { generateWithFailover } from './generate-with-failover.js';
import { retryPolicy } from './retry-policy.js';

// A caller that gave up must never cost a second model (issue #12: an earlier mutant pass found generate failing
// over after the caller aborted, and no test noticed).
const options = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
const noWait = retryPolicy({ maxRetries: 2, sleep: async () => {} });

function unavailable() {
  return new ApiCallError({
    message: 'status 503',
    provider: 'fake',
    url: 'https://fake.test',
    statusCode: 503,
    isRetryable: true,
  });
}

describe('generateWithFailover after the caller aborted', () => {
  it('stops when the upstream answers a retryable 503 after the abort (no retry, no failover)', async () => {
    const controller = new AbortController();
    const first = createFakeModel({
      generate: [
        async () => {
          controller.abort(new Error('client went away'));
          throw unavailable();
        },
      ],
    });
    const second = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    const records: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('1') });
    await expect(
      generateWithFailover({
        candidates: [
          { model: first, info: fakeInfo({ id: 'a/one' }) },
          { model: second, info: fakeInfo({ id: 'b/two' }) },
        ],
        options: { ...options, abortSignal: controller.signal },
        budget,
        retry: noWait,
        onAttempt: (record) => records.push(record),
      }),
    ).rejects.toThrow();
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(0);
    expect(records.map((record) => [record.modelId, record.outcome])).toEqual([['a/one', 'cancelled']]);
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n });
  });

  it('stops when the upstream rejects with the abort reason', async () => {
    const controller = new AbortController();
    const first = createFakeModel({
      generate: [
        (call) =>
          new Promise((_, reject) => {
            call.abortSignal?.addEventListener('abort', () => reject(call.abortSignal?.reason));
            queueMicrotask(() => controller.abort(new Error('client went away')));
          }),
      ],
    });
    const second = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    const budget = createBudget({ limit: usd('1') });
    await expect(
      generateWithFailover({
        candidates: [
          { model: first, info: fakeInfo({ id: 'a/one' }) },
          { model: second, info: fakeInfo({ id: 'b/two' }) },
        ],
        options: { ...options, abortSignal: controller.signal },
        budget,
        retry: noWait,
      }),
    ).rejects.toThrow('client went away');
    expect(second.calls).toHaveLength(0);
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n, releasedReservations: 1 });
  });

  it('calls no model when the signal was aborted before the call', async () => {
    const first = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    await expect(
      generateWithFailover({
        candidates: [{ model: first, info: fakeInfo() }],
        options: { ...options, abortSignal: AbortSignal.abort(new Error('already gone')) },
        budget: createBudget({ limit: usd('1') }),
      }),
    ).rejects.toThrow('already gone');
    expect(first.calls).toHaveLength(0);
  });
});
