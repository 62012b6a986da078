export {
  createPostgresStores,
  type PostgresStores,
  type PostgresStoresOptions,
} from './create-postgres-stores.js';
export { type Migration, migrations } from './migrations/index.js';
export {
  createPostgresBudgetStore,
  type PostgresBudgetStore,
  type PostgresBudgetStoreOptions,
} from './postgres-budget-store.js';
export { createPostgresKeyStore, type PostgresKeyStoreOptions } from './postgres-key-store.js';
export {
  openPostgresLedgerStore,
  type PostgresLedgerOptions,
  type PostgresLedgerStore,
} from './postgres-ledger-store.js';
export { redactDatabaseUrl } from './redact-database-url.js';
export { runMigrations } from './run-migrations.js';
export { checkSchemaName, DEFAULT_SCHEMA } from './schema-name.js';
export type { SettleWarning } from './write-behind-settles.js';
