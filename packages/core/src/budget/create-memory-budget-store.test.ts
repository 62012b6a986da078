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
});
