import { InvalidArgumentError } from '@tokenwise/spec';
import { budgetStoreConformance } from '@tokenwise/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { createMemoryBudgetStore } from './create-memory-budget-store.js';

budgetStoreConformance({
  name: 'memory',
  create: (clock) => ({ store: createMemoryBudgetStore({ clock }) }),
});

describe('createMemoryBudgetStore', () => {
  it('forgets ended reservations after keepEndedMs, so memory stays flat', async () => {
    let now = 0;
    const store = createMemoryBudgetStore({ clock: () => now, keepEndedMs: 1_000 });
    await store.define([{ id: 'k' }]);
    await store.reserve({ id: 'a', scopes: ['k'], amount: 5n, leaseMs: 100 });
    await store.settle('a', 5n);
    now = 500;
    expect(await store.settle('a', 9n)).toEqual({ state: 'settled', overrun: 0n });
    now = 2_000;
    await store.expireLeases();
    await expect(store.settle('a', 9n)).rejects.toThrow(/Unknown reservation "a"/);
    expect((await store.snapshot('k'))?.spent).toBe(5n);
  });

  it('remembers an ended reservation for exactly keepEndedMs (default 10 minutes)', async () => {
    let now = 0;
    const store = createMemoryBudgetStore({ clock: () => now });
    await store.define([{ id: 'k' }]);
    await store.reserve({ id: 'a', scopes: ['k'], amount: 5n, leaseMs: 100 });
    await store.settle('a', 4n);
    now = 600_000;
    await store.expireLeases();
    expect(await store.settle('a', 9n)).toEqual({ state: 'settled', overrun: 0n });
    now = 600_001;
    await store.expireLeases();
    await expect(store.settle('a', 9n)).rejects.toThrow(/Unknown reservation "a"/);
  });

  it('the smallest room of several scopes ignores the unlimited ones, in any order', async () => {
    const store = createMemoryBudgetStore();
    await store.define([{ id: 'limited', limit: 30n }, { id: 'open' }, { id: 'wide', limit: 90n }]);
    expect(await store.remaining(['limited', 'open'])).toBe(30n);
    expect(await store.remaining(['open', 'wide', 'limited'])).toBe(30n);
    expect(await store.remaining(['wide', 'limited', 'open'])).toBe(30n);
    expect(await store.remaining(['limited', 'wide'])).toBe(30n);
    expect(await store.remaining(['open'])).toBeUndefined();
  });

  it('names the bad argument: an unknown scope, an unknown reservation, a bad settle amount', async () => {
    const store = createMemoryBudgetStore();
    await store.define([{ id: 'k', limit: 10n }]);
    const unknownScope = await store
      .reserve({ id: 'r', scopes: ['nope'], amount: 1n, leaseMs: 100 })
      .catch((error: unknown) => error as InvalidArgumentError);
    expect(InvalidArgumentError.isInstance(unknownScope)).toBe(true);
    expect(unknownScope).toMatchObject({
      argument: 'scopes',
      message: 'Unknown budget scope "nope": define it before reserving on it.',
    });
    const unknownReservation = await store.settle('ghost', 1n).catch((error: unknown) => error);
    expect(unknownReservation).toMatchObject({ argument: 'id', message: 'Unknown reservation "ghost".' });
    await store.reserve({ id: 'r', scopes: ['k'], amount: 1n, leaseMs: 100 });
    const badAmount = await store.settle('r', -1n).catch((error: unknown) => error);
    expect(badAmount).toMatchObject({ argument: 'actual' });
    expect((await store.snapshot('k'))?.openReservations).toBe(1);
  });
});
