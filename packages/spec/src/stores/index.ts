export type {
  BudgetPeriod,
  BudgetScopeDefinition,
  BudgetScopeSnapshot,
  BudgetStore,
  BudgetStoreReservation,
  BudgetStoreReserveResult,
} from './budget-store.js';
export type { LedgerReadOptions, LedgerStore, LedgerWarning } from './ledger-store.js';
