import type { BudgetStore } from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBudget, createMemoryBudgetStore } from '../budget/index.js';
import { holdAttempt } from './attempt-budget.js';

// The lease renewals of a held attempt: their pace, how they stop, and what a release learns from the store.
const LEASE = 3_000;

/** A memory store with one scope, whose renewals are counted and can be held or answered by the test. */
async function countingStore(renew?: (id: string, leaseMs: number) => ReturnType<BudgetStore['renew']>) {
  const memory = createMemoryBudgetStore();
  await memory.define([{ id: 'key:k', limit: 1_000n }]);
  const state = { renewals: 0, stalled: false };
  const store: BudgetStore = {
    ...memory,
    async renew(id, leaseMs) {
      if (state.stalled) throw new Error('connection lost');
      state.renewals++;
      return renew ? renew(id, leaseMs) : memory.renew(id, leaseMs);
    },
  };
  return { memory, store, state };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2027-03-15T12:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('holdAttempt renewals', () => {
  it('renew at the pace asked for', async () => {
    const { store, state } = await countingStore();
    const hold = await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:k'], leaseMs: LEASE, renewEveryMs: 500 },
      amount: 100n,
      label: 'paced',
      id: 'p:1',
    });
    await vi.advanceTimersByTimeAsync(LEASE);
    expect(state.renewals).toBe(6);
    expect(vi.getTimerCount()).toBe(1);
    await hold.settle(100n);
    // The next renewal's timer is cleared, not left to fire.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop at the settle, leaving no timer, even when a renewal was in flight', async () => {
    // The store renewed the lease before the settle, but its answer arrives after it.
    let answer!: () => void;
    const { store, state } = await countingStore(
      () =>
        new Promise((resolve) => {
          answer = () => resolve({ state: 'open' });
        }),
    );
    const hold = await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:k'], leaseMs: LEASE },
      amount: 100n,
      label: 'in flight',
      id: 'f:1',
    });
    await vi.advanceTimersByTimeAsync(LEASE / 3);
    expect(state.renewals).toBe(1);
    await hold.settle(50n);
    expect(vi.getTimerCount()).toBe(0);
    answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5 * LEASE);
    expect(state.renewals).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop without calling the reservation expired when the store no longer knows it', async () => {
    const { store, state } = await countingStore(async () => ({ state: 'unknown' }));
    const lost: string[] = [];
    const hold = await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:k'], leaseMs: LEASE },
      amount: 100n,
      label: 'forgotten',
      id: 'u:1',
      onLeaseExpired: () => lost.push('u:1'),
    });
    await vi.advanceTimersByTimeAsync(3 * LEASE);
    expect(state.renewals).toBe(1);
    expect(lost).toEqual([]);
    expect(hold.leaseExpired).toBe(false);
  });
});

describe('holdAttempt release of a lapsed lease', () => {
  it('learns from the release that a sweeper settled it, says so once and charges the local chain the same', async () => {
    const { memory, store, state } = await countingStore();
    const local = createBudget({ limit: 5_000n, label: 'process' });
    const lost: string[] = [];
    const hold = await holdAttempt({
      budget: local,
      shared: { store, scopes: ['key:k'], leaseMs: LEASE },
      amount: 600n,
      label: 'stalled',
      id: 'r:1',
      onLeaseExpired: () => lost.push('r:1'),
    });
    state.stalled = true;
    await vi.advanceTimersByTimeAsync(LEASE);
    expect(await memory.expireLeases()).toBe(1);
    await hold.release();
    expect(lost).toEqual(['r:1']);
    expect(hold.leaseExpired).toBe(true);
    expect(local.spent).toBe(600n);
    expect(local.reserved).toBe(0n);
    expect(await memory.snapshot('key:k')).toMatchObject({ spent: 600n, reserved: 0n, openReservations: 0 });
  });
});
