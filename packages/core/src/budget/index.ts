export type { Budget, BudgetSnapshot, Reservation } from './budget.js';
export { type CreateBudgetOptions, createBudget } from './create-budget.js';
export { createMemoryBudgetStore, type MemoryBudgetStoreOptions } from './create-memory-budget-store.js';
