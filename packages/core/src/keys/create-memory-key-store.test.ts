import { keyStoreConformance } from '@tokenwise/testkit/vitest';
import { createMemoryBudgetStore } from '../budget/create-memory-budget-store.js';
import { createMemoryKeyStore } from './create-memory-key-store.js';

keyStoreConformance({
  name: 'memory',
  create: (clock) => {
    const budgetStore = createMemoryBudgetStore({ clock });
    return { keyStore: createMemoryKeyStore({ budgetStore, clock }), budgetStore };
  },
});
