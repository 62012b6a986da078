import { BudgetExceededError, type BudgetStore, formatUsd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/create-budget.js';
import { createMemoryBudgetStore } from '../budget/create-memory-budget-store.js';
import { holdAttempt, remainingWithLevel } from './attempt-budget.js';

// What one attempt may take and holds, across the local budget chain (request ⊂ plan ⊂ process) and the shared
// store scopes (key, team): the smallest room wins and names its level; a hold ends exactly once on every level.

async function storeWith(...scopes: [string, bigint | undefined][]) {
  let now = 0;
  const store = createMemoryBudgetStore({ clock: () => now });
  await store.define(scopes.map(([id, limit]) => ({ id, limit })));
  return { store, setNow: (ms: number) => (now = ms) };
}

describe('remainingWithLevel', () => {
  it('is unlimited and unnamed without a budget or scopes', async () => {
    expect(await remainingWithLevel(undefined, undefined)).toEqual({ amount: undefined, level: undefined });
    const { store } = await storeWith(['key:k', undefined]);
    expect(await remainingWithLevel(createBudget(), { store, scopes: ['key:k'] })).toEqual({
      amount: undefined,
      level: undefined,
    });
  });

  it('takes the smallest room of the chain, net of spend and holds, skipping levels without a limit', async () => {
    const process = createBudget({ limit: 100n, label: 'process' });
    const plan = process.child({ limit: 30n, label: 'plan' });
    const step = plan.child({ label: 'step' });
    expect(await remainingWithLevel(step, undefined)).toEqual({ amount: 30n, level: 'plan' });
    step.reserve(10n);
    expect(await remainingWithLevel(step, undefined)).toEqual({ amount: 20n, level: 'plan' });
    process.record(75n);
    expect(await remainingWithLevel(step, undefined)).toEqual({ amount: 15n, level: 'process' });
  });

  it('names the innermost level when two have the same room', async () => {
    const process = createBudget({ limit: 30n, label: 'process' });
    const plan = process.child({ limit: 30n, label: 'plan' });
    expect(await remainingWithLevel(plan, undefined)).toEqual({ amount: 30n, level: 'plan' });
  });

  it('is zero, never negative, after an overrun', async () => {
    const budget = createBudget({ limit: 10n, label: 'request' });
    budget.reserve(5n).settle(20n);
    expect(await remainingWithLevel(budget, undefined)).toEqual({ amount: 0n, level: 'request' });
  });

  it('lets a shared scope set the room only when it is strictly smaller', async () => {
    const { store } = await storeWith(
      ['team:t', 50n],
      ['key:k', 12n],
      ['key:open', undefined],
      ['key:same', 20n],
    );
    const budget = createBudget({ limit: 20n, label: 'process' });
    expect(await remainingWithLevel(budget, { store, scopes: ['team:t', 'key:k'] })).toEqual({
      amount: 12n,
      level: 'key:k',
    });
    expect(await remainingWithLevel(budget, { store, scopes: ['key:open', 'team:t'] })).toEqual({
      amount: 20n,
      level: 'process',
    });
    expect(await remainingWithLevel(budget, { store, scopes: ['key:same'] })).toEqual({
      amount: 20n,
      level: 'process',
    });
    expect(await remainingWithLevel(undefined, { store, scopes: ['key:open', 'team:t'] })).toEqual({
      amount: 50n,
      level: 'team:t',
    });
    expect(await remainingWithLevel(budget, { store, scopes: [] })).toEqual({
      amount: 20n,
      level: 'process',
    });
  });
});

describe('holdAttempt', () => {
  it('holds locally and on the shared scopes, then settles both at the actual cost', async () => {
    const { store } = await storeWith(['key:k', 100n]);
    const budget = createBudget({ limit: 100n });
    const hold = await holdAttempt({
      budget,
      shared: { store, scopes: ['key:k'] },
      amount: 40n,
      label: 'a',
      id: 'r1',
    });
    expect(hold.amount).toBe(40n);
    expect(budget.reserved).toBe(40n);
    expect((await store.snapshot('key:k'))?.reserved).toBe(40n);
    expect((await hold.settle(55n)).overrun).toBe(15n);
    expect((await hold.settle(99n)).overrun).toBe(0n);
    await hold.release();
    expect(budget.spent).toBe(55n);
    expect(await store.snapshot('key:k')).toMatchObject({ spent: 55n, reserved: 0n, openReservations: 0 });
  });

  it('reports an overrun from the hold itself without a local budget', async () => {
    const { store } = await storeWith(['key:k', 100n]);
    const shared = { store, scopes: ['key:k'] };
    const over = await holdAttempt({ budget: undefined, shared, amount: 10n, label: 'a', id: 'r1' });
    expect((await over.settle(16n)).overrun).toBe(6n);
    const under = await holdAttempt({ budget: undefined, shared, amount: 10n, label: 'a', id: 'r2' });
    expect((await under.settle(4n)).overrun).toBe(0n);
    const exact = await holdAttempt({
      budget: undefined,
      shared: undefined,
      amount: 10n,
      label: 'a',
      id: 'r3',
    });
    expect((await exact.settle(10n)).overrun).toBe(0n);
    expect((await store.snapshot('key:k'))?.spent).toBe(20n);
  });

  it('releases every level once, and a release after a settle changes nothing', async () => {
    const { store } = await storeWith(['key:k', 100n]);
    const budget = createBudget({ limit: 100n });
    const shared = { store, scopes: ['key:k'] };
    const released = await holdAttempt({ budget, shared, amount: 30n, label: 'a', id: 'r1' });
    await released.release();
    await released.release();
    expect((await released.settle(30n)).overrun).toBe(0n);
    const settled = await holdAttempt({ budget, shared, amount: 30n, label: 'a', id: 'r2' });
    await settled.settle(7n);
    await settled.release();
    expect(budget.snapshot()).toMatchObject({
      spent: 7n,
      reserved: 0n,
      settledReservations: 1,
      releasedReservations: 1,
    });
    expect(await store.snapshot('key:k')).toMatchObject({ spent: 7n, reserved: 0n, openReservations: 0 });
  });

  it('gives the local hold back and names the scope when the store refuses', async () => {
    const { store } = await storeWith(['key:k', 10n]);
    const budget = createBudget({ limit: 100n });
    const error = await holdAttempt({
      budget,
      shared: { store, scopes: ['key:k'] },
      amount: 25n,
      label: 'gpt attempt 1',
      id: 'r1',
    }).catch((caught: unknown) => caught as BudgetExceededError);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ level: 'key:k', remaining: 10n, required: 25n, budget: 10n });
    expect((error as BudgetExceededError).message).toBe(
      `Budget "key:k" has ${formatUsd(10n)} left of ${formatUsd(10n)} but ${formatUsd(25n)} is needed for gpt attempt 1.`,
    );
    expect(budget.reserved).toBe(0n);
  });

  it('gives the local hold back when the store fails', async () => {
    const failing = {
      reserve: async () => Promise.reject(new Error('connection lost')),
    } as unknown as BudgetStore;
    const budget = createBudget({ limit: 100n });
    await expect(
      holdAttempt({
        budget,
        shared: { store: failing, scopes: ['key:k'] },
        amount: 5n,
        label: 'a',
        id: 'r1',
      }),
    ).rejects.toThrow('connection lost');
    expect(budget.snapshot()).toMatchObject({ reserved: 0n, releasedReservations: 1 });
  });

  it('works with shared scopes alone: a refusal, a store failure and a release need no local budget', async () => {
    const { store } = await storeWith(['key:k', 10n]);
    const shared = { store, scopes: ['key:k'] };
    await expect(
      holdAttempt({ budget: undefined, shared, amount: 25n, label: 'a', id: 'r1' }),
    ).rejects.toSatisfy(BudgetExceededError.isInstance);
    const failing = {
      reserve: async () => Promise.reject(new Error('connection lost')),
    } as unknown as BudgetStore;
    await expect(
      holdAttempt({
        budget: undefined,
        shared: { store: failing, scopes: ['key:k'] },
        amount: 5n,
        label: 'a',
        id: 'r2',
      }),
    ).rejects.toThrow('connection lost');
    const hold = await holdAttempt({ budget: undefined, shared, amount: 5n, label: 'a', id: 'r3' });
    await hold.release();
    expect(await store.snapshot('key:k')).toMatchObject({ spent: 0n, reserved: 0n, openReservations: 0 });
  });

  it('leases a shared hold for 10 minutes by default, or as asked', async () => {
    const { store, setNow } = await storeWith(['key:k', 100n]);
    await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:k'] },
      amount: 5n,
      label: 'a',
      id: 'd',
    });
    await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:k'], leaseMs: 1_000 },
      amount: 7n,
      label: 'a',
      id: 'c',
    });
    setNow(1_000);
    expect(await store.expireLeases()).toBe(1);
    setNow(599_999);
    expect(await store.expireLeases()).toBe(0);
    setNow(600_000);
    expect(await store.expireLeases()).toBe(1);
  });

  it('leaves the store alone when no scope is shared', async () => {
    const untouched = {} as BudgetStore;
    const hold = await holdAttempt({
      budget: undefined,
      shared: { store: untouched, scopes: [] },
      amount: 5n,
      label: 'a',
      id: 'r1',
    });
    expect((await hold.settle(5n)).overrun).toBe(0n);
    await hold.release();
  });
});
