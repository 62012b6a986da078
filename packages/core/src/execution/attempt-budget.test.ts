import type { AttemptRecord, BudgetStore, StreamPart } from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBudget, createMemoryBudgetStore } from '../budget/index.js';
import { holdAttempt } from './attempt-budget.js';
import { createCallEngine } from './call-engine.js';
import type { LeaseExpiredEvent } from './engine-types.js';
import { fakeInfo, readAll } from './fake-language-model.test-helper.js';

const LEASE = 3_000;

/** A memory store whose renewals can be made to fail, as for a holder that stalled or lost its connection. */
function stallableStore(store: BudgetStore) {
  const state = { stalled: false, renewals: 0 };
  const wrapped: BudgetStore = {
    ...store,
    async renew(id, leaseMs) {
      if (state.stalled) throw new Error('connection lost');
      state.renewals++;
      return store.renew(id, leaseMs);
    },
  };
  return { store: wrapped, state };
}

// Fake timers drive both the renewal timers and Date.now (the memory store's clock): deterministic on any load.
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2027-03-15T12:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('holdAttempt lease renewal', () => {
  it('keeps a call ten leases long alive, and stops renewing once it settled', async () => {
    const memory = createMemoryBudgetStore();
    await memory.define([{ id: 'key:k', limit: 1_000n }]);
    const { store, state } = stallableStore(memory);
    const hold = await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:k'], leaseMs: LEASE },
      amount: 600n,
      label: 'long stream',
      id: 'r1:1',
    });
    await vi.advanceTimersByTimeAsync(10 * LEASE);
    // A sweeper (any replica) finds nothing lapsed: the renewals (every lease / 3) kept it alive.
    expect(await memory.expireLeases()).toBe(0);
    expect(state.renewals).toBeGreaterThanOrEqual(29);
    expect(await hold.settle(250n)).toEqual({ overrun: 0n, leaseExpired: false });
    const renewalsAtSettle = state.renewals;
    await vi.advanceTimersByTimeAsync(5 * LEASE);
    expect(state.renewals).toBe(renewalsAtSettle);
    expect(await memory.snapshot('key:k')).toMatchObject({ spent: 250n, reserved: 0n, openReservations: 0 });
  });

  it('a holder that stops renewing is swept at its worst case; its late settle says so and counts once', async () => {
    const memory = createMemoryBudgetStore();
    await memory.define([{ id: 'key:k', limit: 1_000n }]);
    const { store, state } = stallableStore(memory);
    const local = createBudget({ limit: 5_000n, label: 'process' });
    const lost: string[] = [];
    const hold = await holdAttempt({
      budget: local,
      shared: { store, scopes: ['key:k'], leaseMs: LEASE },
      amount: 600n,
      label: 'stalled stream',
      id: 'r2:1',
      onLeaseExpired: () => lost.push('r2:1'),
    });
    state.stalled = true;
    await vi.advanceTimersByTimeAsync(LEASE);
    expect(await memory.expireLeases()).toBe(1);
    expect(await memory.snapshot('key:k')).toMatchObject({ spent: 600n, reserved: 0n });
    expect(await hold.settle(250n)).toEqual({ overrun: 0n, leaseExpired: true });
    expect(hold.leaseExpired).toBe(true);
    expect(lost).toEqual(['r2:1']);
    // Charged once, at the amount the sweeper charged, on the store and on the local chain alike.
    expect(await memory.snapshot('key:k')).toMatchObject({ spent: 600n, reserved: 0n });
    expect(local.spent).toBe(600n);
    expect(local.reserved).toBe(0n);
  });

  it('learns at the next renewal that a sweeper settled the lease, before the call ends', async () => {
    const memory = createMemoryBudgetStore();
    await memory.define([{ id: 'key:k', limit: 1_000n }]);
    const { store, state } = stallableStore(memory);
    const lost: string[] = [];
    const hold = await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:k'], leaseMs: LEASE },
      amount: 600n,
      label: 'stalled stream',
      id: 'r3:1',
      onLeaseExpired: () => lost.push('r3:1'),
    });
    state.stalled = true;
    await vi.advanceTimersByTimeAsync(LEASE + 1);
    state.stalled = false;
    await vi.advanceTimersByTimeAsync(LEASE / 3);
    expect(lost).toEqual(['r3:1']);
    expect(hold.leaseExpired).toBe(true);
    await hold.release();
    expect(lost).toEqual(['r3:1']);
    expect(await memory.snapshot('key:k')).toMatchObject({ spent: 600n, reserved: 0n, openReservations: 0 });
  });
});

describe('call engine with a lapsed lease', () => {
  it('records a stream a sweeper settled as `leaseExpired` at its worst case and reports it once', async () => {
    const memory = createMemoryBudgetStore();
    await memory.define([{ id: 'key:k', limit: 10_000_000_000n }]);
    const { store, state } = stallableStore(memory);
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    const parts: StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'text-delta', delta: 'hello' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: 10, outputTokens: 5 },
      },
    ];
    const model = {
      specificationVersion: 'v1' as const,
      provider: 'fake',
      modelId: 'fake-model',
      async doGenerate(): Promise<never> {
        throw new Error('not used');
      },
      async doStream() {
        let index = 0;
        return {
          stream: new ReadableStream<StreamPart>({
            async pull(controller) {
              // The answer stalls after its first content, long enough for the lease to lapse.
              if (index === 2) await paused;
              const part = parts[index++];
              if (part === undefined) controller.close();
              else controller.enqueue(part);
            },
          }),
        };
      },
    };
    const records: AttemptRecord[] = [];
    const events: LeaseExpiredEvent[] = [];
    const engine = createCallEngine({
      countInputTokens: () => 10,
      countOutputTokens: (text) => text.length,
      onRecord: (record) => records.push(record),
      onLeaseExpired: (event) => events.push(event),
    });
    const result = await engine.stream({
      options: {
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        maxOutputTokens: 100,
      },
      candidates: [{ info: fakeInfo(), model }],
      shared: { store, scopes: ['key:k'], leaseMs: LEASE },
      requestId: 'req-1',
    });
    const reading = readAll(result.stream);
    state.stalled = true;
    await vi.advanceTimersByTimeAsync(LEASE);
    expect(await memory.expireLeases()).toBe(1);
    resume();
    await reading;
    const outcome = await result.outcome;
    const worstCase = result.plan.worstCase;
    expect(outcome.record).toMatchObject({ leaseExpired: true, cost: worstCase, costSource: 'worst-case' });
    expect(outcome.cost).toBe(worstCase);
    expect(records).toHaveLength(1);
    expect(events).toEqual([
      { reservationId: 'req-1:1', modelId: 'fake/model', requestId: 'req-1', reserved: worstCase },
    ]);
    expect(await memory.snapshot('key:k')).toMatchObject({ spent: worstCase, reserved: 0n });
  });
});
