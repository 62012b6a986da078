import { initialMigration } from './0001-initial.js';
import { asyncFinishMigration } from './0002-async-finish.js';
import { leanLocksClosedScopesMigration } from './0003-lean-locks-closed-scopes.js';
import { settleBatchesMigration } from './0004-settle-batches.js';

/** A schema change, applied once, in order, inside one transaction. */
export interface Migration {
  /** Recorded in `schema_migrations`; never renamed once released. */
  name: string;
  /** Plain SQL; `{{schema}}` stands for the quoted schema name. */
  sql: string;
}

/** Every migration of the store, oldest first. Append only. */
export const migrations: readonly Migration[] = [
  { name: '0001-initial', sql: initialMigration },
  { name: '0002-async-finish', sql: asyncFinishMigration },
  { name: '0003-lean-locks-closed-scopes', sql: leanLocksClosedScopesMigration },
  { name: '0004-settle-batches', sql: settleBatchesMigration },
];
