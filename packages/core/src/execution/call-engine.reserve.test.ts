import {
  type AttemptRecord,
  BudgetExceededError,
  type BudgetStore,
  type BudgetStoreReservation,
  usd,
} from '@tokenwise/spec';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBudget, createMemoryBudgetStore } from '../budget/index.js';
import { createCallEngine } from './call-engine.js';
import type { Candidate, CandidateSource } from './candidate-source.js';
import type { CallEngineOptions, LeaseExpiredEvent } from './engine-types.js';
import {
  apiError,
  createFakeModel,
  fakeInfo,
  hiPrompt as prompt,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { noRetry, retryPolicy } from './retry-policy.js';

// How the engine sizes and holds each attempt: the input counted once per model, the caller's max for that
// model, the room of every level (asked of a shared store once per attempt), the thinking budget fitted under a
// lowered max_tokens, the hold's id and label, and one more sizing when another call took the room meanwhile.
const answers = () => createFakeModel({ generate: [textResult('ok', usageOf(10, 5))] });
const retrying = () => retryPolicy({ maxRetries: 2, sleep: async () => {} });

function engineWith(records: AttemptRecord[], options: CallEngineOptions = {}) {
  return createCallEngine({
    countInputTokens: () => 1_000,
    retry: noRetry(),
    onRecord: (record) => records.push(record),
    ...options,
  });
}

/** A memory store with one scope, and what the engine asked of it. */
async function watchedStore(limit = usd('1'), overrides: Partial<BudgetStore> = {}) {
  const memory = createMemoryBudgetStore();
  await memory.define([{ id: 'key:k', limit }]);
  const asked = { remaining: 0, reserves: [] as BudgetStoreReservation[] };
  const store: BudgetStore = {
    ...memory,
    async remaining(scopes) {
      asked.remaining++;
      return memory.remaining(scopes);
    },
    async reserve(reservation) {
      asked.reserves.push(reservation);
      return memory.reserve(reservation);
    },
    ...overrides,
  };
  return { memory, store, asked };
}

/** Makes the engine's random id prefix known: its 4 random bytes are `bytes`. */
function randomBytes(bytes: number[]) {
  vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => {
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
    return array;
  });
}

/** A source that, like the router, reads the room before it picks (an explicit list does not). */
function readingSource(candidates: Candidate[]): CandidateSource {
  let index = 0;
  return { moveKind: 'failover', next: () => candidates[index++] };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('call engine sizing', () => {
  it('counts the input once per model, with the model’s id, across retries', async () => {
    const counted: unknown[] = [];
    const engine = engineWith([], {
      retry: retrying(),
      countInputTokens: (call, context) => {
        counted.push([call.prompt, context]);
        return 1_000;
      },
    });
    await engine.generate({
      options: { prompt },
      candidates: [
        {
          info: fakeInfo({ id: 'a/one' }),
          model: createFakeModel({ generate: [{ error: apiError(503) }, textResult('x', usageOf(1, 1))] }),
        },
      ],
    });
    expect(counted).toEqual([[prompt, { modelId: 'a/one' }]]);
  });

  it('counts the input again for another model', async () => {
    const counted: string[] = [];
    const engine = engineWith([], {
      countInputTokens: (_call, context) => {
        counted.push(context.modelId);
        return 1_000;
      },
    });
    await engine.generate({
      options: { prompt },
      candidates: [
        { info: fakeInfo({ id: 'a/one' }), model: createFakeModel({ generate: [{ error: apiError(503) }] }) },
        { info: fakeInfo({ id: 'a/one' }), model: createFakeModel({ generate: [{ error: apiError(503) }] }) },
        { info: fakeInfo({ id: 'b/two' }), model: answers() },
      ],
    });
    expect(counted).toEqual(['a/one', 'b/two']);
  });

  it('sends the caller’s max for each model, over the call’s max_tokens, given its counted input', async () => {
    const asked: unknown[] = [];
    const first = createFakeModel({ generate: [{ error: apiError(503) }] });
    const second = answers();
    const answer = await engineWith([]).generate({
      options: { prompt, maxOutputTokens: 900 },
      candidates: [
        { info: fakeInfo({ id: 'a/one' }), model: first },
        { info: fakeInfo({ id: 'b/two' }), model: second },
      ],
      maxOutputTokensFor: (info, inputTokens) => {
        asked.push([info.id, inputTokens]);
        return info.id === 'a/one' ? 123 : undefined;
      },
    });
    expect(asked).toEqual([
      ['a/one', 1_000],
      ['b/two', 1_000],
    ]);
    expect(first.calls[0]!.maxOutputTokens).toBe(123);
    // No max for this model: the engine's default, not the call's 900.
    expect(second.calls[0]!.maxOutputTokens).toBe(4_096);
    expect(answer.plan.maxOutputTokens).toBe(4_096);
  });

  it('sends the engine’s default max when the caller sets none, and caps the response body by it', async () => {
    const model = answers();
    await engineWith([], { defaultMaxOutputTokens: 300 }).generate({
      options: { prompt },
      candidates: [{ info: fakeInfo(), model }],
    });
    expect(model.calls[0]!.maxOutputTokens).toBe(300);
    expect(model.calls[0]!.maxResponseBytes).toBe(262_144 + 300 * 64);
  });

  it('refuses with the minimum output the engine was given', async () => {
    // 1,000 input tokens ($0.001) and 50 output tokens ($0.0001) fit; the default minimum of 100 does not.
    const budget = () => createBudget({ limit: usd('0.0011') });
    const call = (options: CallEngineOptions) =>
      engineWith([], options).generate({
        options: { prompt },
        candidates: [{ info: fakeInfo(), model: answers() }],
        budget: budget(),
      });
    await expect(call({})).rejects.toSatisfy(BudgetExceededError.isInstance);
    expect((await call({ minOutputTokens: 50 })).plan.maxOutputTokens).toBe(50);
  });

  it('names the level whose room refused the call: a shared scope smaller than the local budget', async () => {
    const { store } = await watchedStore(usd('0.0011'));
    const rejection = engineWith([]).generate({
      options: { prompt },
      candidates: [{ info: fakeInfo(), model: answers() }],
      budget: createBudget({ limit: usd('1'), label: 'request' }),
      shared: { store, scopes: ['key:k'] },
    });
    await expect(rejection).rejects.toMatchObject({
      level: 'key:k',
      budget: usd('1'),
      remaining: usd('0.0011'),
    });
    await expect(rejection).rejects.toThrow('the key:k budget has');
  });

  it('sizes a reading pick’s attempt on the room the pick read, but a retry on the store’s answer', async () => {
    // Room for 1,000 input and 500 output tokens: a hold of the 1,000 asked would be refused.
    const { store, asked } = await watchedStore(usd('0.002'));
    const model = createFakeModel({ generate: [{ error: apiError(503) }, textResult('x', usageOf(1, 1))] });
    await engineWith([], { retry: retrying() }).generate({
      options: { prompt, maxOutputTokens: 1_000 },
      candidates: readingSource([{ info: fakeInfo(), model }]),
      shared: { store, scopes: ['key:k'] },
    });
    expect(model.calls.map((call) => call.maxOutputTokens)).toEqual([500, 500]);
    // The pick read the room once and its attempt held on that reading at once; the retry held optimistically
    // (refused), then read the room and held again.
    expect(asked.remaining).toBe(2);
    expect(asked.reserves.map((reservation) => reservation.amount)).toEqual([
      usd('0.002'),
      usd('0.003'),
      usd('0.002'),
    ]);
  });

  it('holds each attempt under `<request id>:<attempt>`, labelled with the model and attempt', async () => {
    const { store, asked } = await watchedStore();
    await engineWith([], { retry: retrying() }).generate({
      options: { prompt },
      candidates: [
        {
          info: fakeInfo({ id: 'a/one' }),
          model: createFakeModel({ generate: [{ error: apiError(503) }, textResult('x', usageOf(1, 1))] }),
        },
      ],
      shared: { store, scopes: ['key:k'] },
      requestId: 'req-9',
    });
    expect(asked.reserves.map((reservation) => [reservation.id, reservation.label])).toEqual([
      ['req-9:1', 'a/one attempt 1'],
      ['req-9:2', 'a/one attempt 2'],
    ]);
  });

  it('numbers the holds of calls without a request id by engine and call: `<8 hex>-<call in base 36>:<attempt>`', async () => {
    randomBytes([0x00, 0x01, 0xab, 0xff]);
    const { store, asked } = await watchedStore();
    const engine = engineWith([]);
    for (let call = 0; call < 11; call++) {
      await engine.generate({
        options: { prompt },
        candidates: [{ info: fakeInfo(), model: answers() }],
        shared: { store, scopes: ['key:k'] },
      });
    }
    const ids = asked.reserves.map((reservation) => reservation.id);
    expect(ids.slice(0, 2)).toEqual(['0001abff-0:1', '0001abff-1:1']);
    expect(ids[10]).toBe('0001abff-a:1');
  });

  it('sizes once more when another call took the room between the pick’s look and the hold', async () => {
    let refusals = 1;
    const { store, asked, memory } = await watchedStore(usd('1'));
    store.reserve = async (reservation) => {
      asked.reserves.push(reservation);
      if (refusals-- > 0) return { ok: false, scope: 'key:k', limit: usd('1'), remaining: 0n };
      return memory.reserve(reservation);
    };
    const records: AttemptRecord[] = [];
    const model = answers();
    await engineWith(records).generate({
      options: { prompt },
      candidates: readingSource([{ info: fakeInfo(), model }]),
      shared: { store, scopes: ['key:k'] },
    });
    expect(model.calls).toHaveLength(1);
    expect(asked.reserves).toHaveLength(2);
    // The second sizing reads the room again instead of reusing the pick's look.
    expect(asked.remaining).toBe(2);
    expect(records.map((record) => [record.attempt, record.called])).toEqual([[1, true]]);
  });

  it('refuses when the room is taken again at the second sizing, naming the scope and the attempt', async () => {
    const { store, asked } = await watchedStore(usd('1'), {
      reserve: async (reservation) => {
        asked.reserves.push(reservation);
        return { ok: false, scope: 'key:k', limit: usd('1'), remaining: 0n };
      },
    });
    const records: AttemptRecord[] = [];
    const model = answers();
    const rejection = engineWith(records).generate({
      options: { prompt },
      candidates: readingSource([{ info: fakeInfo({ id: 'a/one' }), model }]),
      shared: { store, scopes: ['key:k'] },
    });
    await expect(rejection).rejects.toSatisfy(BudgetExceededError.isInstance);
    await expect(rejection).rejects.toThrow('is needed for a/one attempt 1.');
    expect(asked.reserves).toHaveLength(2);
    expect(model.calls).toHaveLength(0);
    expect(records.map((record) => [record.attempt, record.called, record.outcome])).toEqual([
      [1, false, 'refused'],
    ]);
  });

  it('gives an explicit model’s optimistic hold one more sizing before refusing', async () => {
    const { store, asked } = await watchedStore(usd('1'), {
      reserve: async (reservation) => {
        asked.reserves.push(reservation);
        return { ok: false, scope: 'key:k', limit: usd('1'), remaining: 0n };
      },
    });
    const model = answers();
    await expect(
      engineWith([]).generate({
        options: { prompt },
        candidates: [{ info: fakeInfo(), model }],
        shared: { store, scopes: ['key:k'] },
      }),
    ).rejects.toSatisfy(BudgetExceededError.isInstance);
    // A blind hold, then two holds sized on the store's answer; one more read looks for another candidate.
    expect(asked.reserves).toHaveLength(3);
    expect(asked.remaining).toBe(3);
    expect(model.calls).toHaveLength(0);
  });

  it('does not size again after a store failure that is not a refusal, nor retry it', async () => {
    const failure = new DOMException('The store timed out.', 'TimeoutError');
    const { store, asked } = await watchedStore(usd('1'), {
      reserve: async (reservation) => {
        asked.reserves.push(reservation);
        throw failure;
      },
    });
    await expect(
      engineWith([], { retry: retrying() }).generate({
        options: { prompt },
        candidates: [{ info: fakeInfo(), model: answers() }],
        shared: { store, scopes: ['key:k'] },
      }),
    ).rejects.toBe(failure);
    expect(asked.reserves).toHaveLength(1);
  });
});

describe('call engine thinking budgets', () => {
  it('lowers a thinking budget the clamp left no room for, and sends the pair', async () => {
    const model = answers();
    // $0.004 pays for 1,000 input ($0.001) and 1,500 output tokens ($0.003) of the 4,000 asked.
    const answer = await engineWith([]).generate({
      options: { prompt, maxOutputTokens: 4_000, thinking: { type: 'enabled', budgetTokens: 2_000 } },
      candidates: [{ info: fakeInfo(), model }],
      budget: createBudget({ limit: usd('0.004') }),
    });
    expect(model.calls[0]).toMatchObject({
      maxOutputTokens: 1_500,
      thinking: { type: 'enabled', budgetTokens: 1_024 },
    });
    expect(answer.plan.thinkingBudgetTokens).toBe(1_024);
  });

  it('sends a thinking budget that still fits as the caller gave it', async () => {
    const model = answers();
    const answer = await engineWith([]).generate({
      options: { prompt, maxOutputTokens: 4_000, thinking: { type: 'enabled', budgetTokens: 1_200 } },
      candidates: [{ info: fakeInfo(), model }],
      budget: createBudget({ limit: usd('0.004') }),
    });
    expect(model.calls[0]).toMatchObject({
      maxOutputTokens: 1_500,
      thinking: { type: 'enabled', budgetTokens: 1_200 },
    });
    expect(answer.plan).not.toHaveProperty('thinkingBudgetTokens');
  });

  it('refuses, naming the budget and its level, when max_tokens was lowered below any thinking budget', async () => {
    const records: AttemptRecord[] = [];
    const model = answers();
    // $0.003 pays for 1,000 output tokens: at most 1,000, but thinking needs more than 1,024.
    const rejection = engineWith(records).generate({
      options: { prompt, maxOutputTokens: 4_000, thinking: { type: 'enabled', budgetTokens: 2_000 } },
      candidates: [{ info: fakeInfo(), model }],
      budget: createBudget({ limit: usd('0.003'), label: 'request' }),
    });
    await expect(rejection).rejects.toSatisfy(BudgetExceededError.isInstance);
    await expect(rejection).rejects.toMatchObject({
      remaining: usd('0.003'),
      required: usd('0.003'),
      budget: usd('0.003'),
      level: 'request',
    });
    await expect(rejection).rejects.toThrow('The budget allows at most 1000 output tokens');
    expect(model.calls).toHaveLength(0);
    expect(records.map((record) => [record.called, record.outcome])).toEqual([[false, 'refused']]);
  });

  it('refuses without a budget when the model’s own cap leaves no room for thinking', async () => {
    const rejection = engineWith([]).generate({
      options: { prompt, maxOutputTokens: 4_000, thinking: { type: 'enabled', budgetTokens: 2_000 } },
      candidates: [{ info: fakeInfo({ maxOutputTokens: 1_000 }), model: answers() }],
    });
    await expect(rejection).rejects.toSatisfy(BudgetExceededError.isInstance);
    // What the budget side would need: the plan's worst case, 1,000 input and 1,000 output tokens.
    const error = (await rejection.catch((caught: unknown) => caught)) as BudgetExceededError;
    expect(error.remaining).toBe(usd('0.003'));
    expect(error.required).toBe(usd('0.003'));
    expect(error.budget).toBeUndefined();
    expect(error.level).toBeUndefined();
  });
});

describe('call engine lapsed leases', () => {
  it('records a generate attempt a sweeper settled at its worst case, overrun dropped, and tells onLeaseExpired once', async () => {
    vi.useFakeTimers({ now: Date.parse('2027-03-15T12:00:00.000Z') });
    randomBytes([0xde, 0xad, 0xbe, 0xef]);
    const memory = createMemoryBudgetStore();
    await memory.define([{ id: 'key:k', limit: usd('1') }]);
    let stalled = false;
    const store: BudgetStore = {
      ...memory,
      async renew(id, leaseMs) {
        if (stalled) throw new Error('connection lost');
        return memory.renew(id, leaseMs);
      },
    };
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let enter!: () => void;
    const reached = new Promise<void>((resolve) => (enter = resolve));
    const model = createFakeModel({
      generate: [
        async () => {
          enter();
          await paused;
          // Billed far above the reservation: moot, the sweeper already charged the worst case.
          return textResult('late', usageOf(50_000, 100));
        },
      ],
    });
    const records: AttemptRecord[] = [];
    const events: LeaseExpiredEvent[] = [];
    const engine = engineWith(records, { onLeaseExpired: (event) => events.push(event) });
    const call = engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [{ info: fakeInfo(), model }],
      shared: { store, scopes: ['key:k'], leaseMs: 3_000 },
    });
    // Held and sent: the holder now stalls for a whole lease.
    await reached;
    stalled = true;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await memory.expireLeases()).toBe(1);
    resume();
    const answer = await call;
    const worstCase = answer.plan.worstCase;
    expect(answer.cost).toBe(worstCase);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      leaseExpired: true,
      cost: worstCase,
      costSource: 'worst-case',
      success: true,
    });
    expect(records[0]).not.toHaveProperty('overrun');
    expect(events).toStrictEqual([
      { reservationId: 'deadbeef-0:1', modelId: 'fake/model', reserved: worstCase },
    ]);
    expect(await memory.snapshot('key:k')).toMatchObject({ spent: worstCase, reserved: 0n });
  });
});
