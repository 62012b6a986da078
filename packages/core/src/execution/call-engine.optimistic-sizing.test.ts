import { ApiCallError, BudgetExceededError, type BudgetStore } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createMemoryBudgetStore } from '../budget/index.js';
import { costOf } from '../pricing/index.js';
import { createCallEngine } from './call-engine.js';
import { candidateList, candidatesThen, routedCandidates } from './candidate-source.js';
import {
  createFakeModel,
  fakeInfo,
  fixedTokens,
  hiPrompt as prompt,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { retryPolicy } from './retry-policy.js';

// An explicit model's attempt asks a shared store once (the hold checks the room) instead of reading the room
// first; only a refused hold makes the engine read what is left and clamp to it. Same clamp, fewer round trips.

/** A memory store that counts what the engine asks of it. */
async function countingStore(limit: bigint) {
  const store = createMemoryBudgetStore();
  await store.define([{ id: 'key:k', limit }]);
  const asked = { remaining: 0, reserve: 0, refused: 0, settle: 0 };
  const counted: BudgetStore = {
    ...store,
    remaining: async (ids) => {
      asked.remaining++;
      return store.remaining(ids);
    },
    reserve: async (reservation) => {
      asked.reserve++;
      const result = await store.reserve(reservation);
      if (!result.ok) asked.refused++;
      return result;
    },
    settle: async (id, actual) => {
      asked.settle++;
      return store.settle(id, actual);
    },
  };
  return { store: counted, asked, snapshot: () => store.snapshot('key:k') };
}

const info = fakeInfo();
// 1,000 input tokens at $1/M and 1,000 output tokens at $2/M: $0.003 worst case for max_tokens 1,000.
const cost = (counts: { inputTokens: number; outputTokens: number }) => costOf(info, counts)!;
const worstCase = cost({ inputTokens: 1_000, outputTokens: 1_000 });

function engineWith(options: Parameters<typeof createCallEngine>[0] = {}) {
  return createCallEngine({ countInputTokens: fixedTokens(1_000), minOutputTokens: 16, ...options });
}

describe('optimistic sizing of an explicit model on a shared store', () => {
  it('holds the worst case in one store round trip when it fits: no read of the room first', async () => {
    const { store, asked, snapshot } = await countingStore(worstCase * 10n);
    const model = createFakeModel({ generate: [textResult('hi', usageOf(1_000, 10))] });
    const result = await engineWith().generate({
      options: { prompt, maxOutputTokens: 1_000 },
      candidates: [{ info, model }],
      shared: { store, scopes: ['key:k'] },
    });
    expect(result.attempts).toHaveLength(1);
    expect(asked).toEqual({ remaining: 0, reserve: 1, refused: 0, settle: 1 });
    expect(model.calls[0]!.maxOutputTokens).toBe(1_000);
    expect((await snapshot())!.spent).toBe(cost({ inputTokens: 1_000, outputTokens: 10 }));
  });

  it('reads the room after a refused hold and clamps max_tokens to it, as a first read would have', async () => {
    // Room for the input and 500 output tokens only.
    const room = cost({ inputTokens: 1_000, outputTokens: 500 });
    const { store, asked, snapshot } = await countingStore(room);
    const model = createFakeModel({ generate: [textResult('hi', usageOf(1_000, 10))] });
    await engineWith().generate({
      options: { prompt, maxOutputTokens: 1_000 },
      candidates: [{ info, model }],
      shared: { store, scopes: ['key:k'] },
    });
    expect(asked).toEqual({ remaining: 1, reserve: 2, refused: 1, settle: 1 });
    expect(model.calls[0]!.maxOutputTokens).toBe(500);
    expect((await snapshot())!.reserved).toBe(0n);
  });

  it('refuses naming the store scope when even the minimum output does not fit, without calling the model', async () => {
    const { store, asked, snapshot } = await countingStore(cost({ inputTokens: 1_000, outputTokens: 10 }));
    const model = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    const error = await engineWith()
      .generate({
        options: { prompt, maxOutputTokens: 1_000 },
        candidates: [{ info, model }],
        shared: { store, scopes: ['key:k'] },
      })
      .catch((caught: unknown) => caught);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect((error as BudgetExceededError).level).toBe('key:k');
    expect(model.calls).toHaveLength(0);
    expect(asked.refused).toBe(1);
    expect((await snapshot())!).toMatchObject({ reserved: 0n, spent: 0n });
  });

  it('reads the room before a failover pick, and sizes the attempt on it', async () => {
    // Room for the input and 500 output tokens: the first attempt holds optimistically (refused, then clamped),
    // fails upstream; the second pick reads the room and its sizing uses that reading.
    const { store, asked } = await countingStore(cost({ inputTokens: 1_000, outputTokens: 500 }));
    const failing = createFakeModel({
      provider: 'a',
      generate: [
        {
          error: new ApiCallError({ message: 'down', provider: 'a', url: 'https://a.test', statusCode: 503 }),
        },
      ],
    });
    const backup = createFakeModel({ provider: 'b', generate: [textResult('hi', usageOf(1_000, 10))] });
    await engineWith({ retry: retryPolicy({ maxRetries: 0 }) }).generate({
      options: { prompt, maxOutputTokens: 1_000 },
      candidates: [
        { info, model: failing },
        { info: fakeInfo({ id: 'fake/backup' }), model: backup },
      ],
      shared: { store, scopes: ['key:k'] },
    });
    expect(failing.calls[0]!.maxOutputTokens).toBe(500);
    expect(backup.calls[0]!.maxOutputTokens).toBe(500);
    // First attempt: refused hold, read, hold. Failover: read before the pick, then one hold.
    expect(asked).toEqual({ remaining: 2, reserve: 3, refused: 1, settle: 1 });
  });

  it('holds an explicit model that may fail over to routed ones without reading the room first', async () => {
    const { store, asked } = await countingStore(worstCase * 10n);
    const model = createFakeModel({ generate: [textResult('hi', usageOf(1_000, 10))] });
    const router = { route: () => ({ model: fakeInfo({ id: 'fake/routed' }) }) };
    await engineWith().generate({
      options: { prompt, maxOutputTokens: 1_000 },
      candidates: candidatesThen(
        candidateList([{ info, model }]),
        routedCandidates({ router, input: 'hi', strategy: 'balanced', policy: 'flexible' }),
      ),
      shared: { store, scopes: ['key:k'] },
    });
    expect(asked).toEqual({ remaining: 0, reserve: 1, refused: 0, settle: 1 });
  });

  it('still reads the room before a routed pick, which needs it to choose an affordable model', async () => {
    const { store, asked } = await countingStore(worstCase * 10n);
    const model = createFakeModel({ generate: [textResult('hi', usageOf(1_000, 10))] });
    const router = { route: () => ({ model: info }) };
    const first = candidateList([]);
    await engineWith({ resolve: () => model }).generate({
      options: { prompt, maxOutputTokens: 1_000 },
      // An empty list first: the first pick is the router's.
      candidates: candidatesThen(
        first,
        routedCandidates({ router, input: 'hi', strategy: 'balanced', policy: 'flexible' }),
      ),
      shared: { store, scopes: ['key:k'] },
    });
    expect(asked.remaining).toBe(1);
    expect(asked.reserve).toBe(1);
  });
});
