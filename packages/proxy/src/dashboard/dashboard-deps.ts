import type {
  BudgetStore,
  LedgerAggregate,
  LedgerAggregateQuery,
  LedgerReadOptions,
  LedgerRecord,
} from '@tokenwise/spec';

/**
 * The ledger view the dashboard reads: a `LedgerStore` (memory, JSONL, PostgreSQL). Its own `aggregate()` is
 * used when it has one; otherwise the records it streams are aggregated here.
 */
export interface DashboardLedger {
  read(options?: LedgerReadOptions): AsyncIterable<LedgerRecord>;
  aggregate?(query: LedgerAggregateQuery): Promise<LedgerAggregate>;
}

/** What {@link registerDashboardRoutes} needs. */
export interface DashboardDeps {
  /** `TOKENWISE_ADMIN_KEY`; without it the dashboard and its API answer 403. */
  adminKey: string | undefined;
  /** The ledger to read; without one the API answers 503. */
  ledger: DashboardLedger | undefined;
  /** Budgets of keys, teams and the process (scopes `key:<id>`, `team:<id>`, `process`), when a store is given. */
  budgetStore?: BudgetStore;
}
