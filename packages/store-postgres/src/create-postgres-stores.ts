import { InvalidArgumentError, type KeyStore } from '@tokenwise/spec';
import postgres, { type Sql } from 'postgres';
import { createPostgresBudgetStore, type PostgresBudgetStore } from './postgres-budget-store.js';
import { createPostgresKeyStore } from './postgres-key-store.js';
import {
  openPostgresLedgerStore,
  type PostgresLedgerOptions,
  type PostgresLedgerStore,
} from './postgres-ledger-store.js';
import { redactDatabaseUrl } from './redact-database-url.js';
import { runMigrations } from './run-migrations.js';
import { checkSchemaName, DEFAULT_SCHEMA } from './schema-name.js';
import type { SettleWarning } from './write-behind-settles.js';

/** Options of {@link createPostgresStores}. */
export interface PostgresStoresOptions {
  /** `postgres://user:password@host:5432/db` (e.g. `TOKENWISE_DATABASE_URL`). */
  url: string;
  /** Schema holding every table (default `tokenwise`); created if missing. */
  schema?: string;
  /** Milliseconds since the epoch for windows, leases and timestamps (default `Date.now`). */
  clock?: () => number;
  /**
   * Most connections in this process's pool (default 10). Two more are opened beside it: the budget's own
   * connection for reservations (see `PostgresBudgetStoreOptions.lane`) and the key store's change listener.
   */
  maxConnections?: number;
  /** Open the ledger too (default true). A tool that only manages keys can skip it. */
  ledger?: boolean | PostgresLedgerOptions;
  /**
   * Told the text of every statement sent (each one a round trip to the server), e.g. to count round trips per
   * request in a benchmark. Parameters are never passed: they may hold key hashes.
   */
  onQuery?: (query: string) => void;
  /**
   * Most milliseconds a key authentication is reused in this process without a change notification (default
   * 10,000; 0 reads the key on every request). Revokes are enforced at the next reservation either way.
   */
  keyCacheTtlMs?: number;
  /**
   * Told when a settle written behind could not land (the database stayed unreachable until `close`: the
   * reservation will lapse and be settled at its worst case), or landed after a sweeper had already charged its
   * reservation's worst case. For the log; it names the reservation id only.
   */
  onSettleWarning?: (warning: SettleWarning) => void;
  /** How long a settle written behind waits to share its transaction with others (default 20 ms; see the budget store). */
  settleBatchMs?: number;
}

/** The stores on one database, sharing one connection pool. */
export interface PostgresStores {
  /** Also `flush()`: resolves once every settle written behind so far has landed. */
  budgetStore: PostgresBudgetStore;
  keyStore: KeyStore;
  /** Absent when opened with `ledger: false`. */
  ledgerStore?: PostgresLedgerStore;
  /** Migrations this start applied (empty when the schema was up to date). */
  migrationsApplied: readonly string[];
  /** The URL with its password hidden, for logs. */
  displayUrl: string;
  /**
   * Deletes reservations that ended more than `olderThanMs` ago (default 7 days) and returns how many. Ended rows
   * only serve idempotent retries and audits, and one is written per call, so a deployment runs this now and then.
   */
  pruneReservations(olderThanMs?: number): Promise<number>;
  /** Waits for the settles being written, flushes the ledger and closes the pool. */
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL, brings the schema up to date (under an advisory lock, so replicas starting together do
 * not race) and returns the budget, key and ledger stores. A connection error names the host, never the password.
 *
 * @example
 * ```ts
 * const stores = await createPostgresStores({ url: process.env.TOKENWISE_DATABASE_URL! });
 * for (const warning of stores.ledgerStore?.crashWarnings ?? []) console.warn(warning);
 * ```
 */
export async function createPostgresStores(options: PostgresStoresOptions): Promise<PostgresStores> {
  const schema = checkSchemaName(options.schema ?? DEFAULT_SCHEMA);
  const displayUrl = redactDatabaseUrl(options.url);
  if (!/^postgres(ql)?:\/\//.test(options.url)) {
    throw new InvalidArgumentError({
      argument: 'url',
      message: `Invalid database URL ${displayUrl}: expected postgres://user@host:5432/database.`,
    });
  }
  const clock = options.clock ?? Date.now;
  const connectionOptions = {
    onnotice: () => {},
    connection: { search_path: schema, application_name: 'tokenwise' },
    ...(options.onQuery === undefined
      ? {}
      : { debug: (_connection: number, query: string) => options.onQuery!(query) }),
  };
  const sql: Sql = postgres(options.url, { max: options.maxConnections ?? 10, ...connectionOptions });
  // The budget's own connection for its hot path (PostgresBudgetStoreOptions.lane); opened on first use.
  const lane: Sql = postgres(options.url, { max: 1, ...connectionOptions });
  const end = async (timeout: number) => {
    await Promise.all([sql.end({ timeout }), lane.end({ timeout })]);
  };
  try {
    const migrationsApplied = await runMigrations(sql, schema);
    const ledgerOptions = options.ledger ?? true;
    const ledgerStore =
      ledgerOptions === false
        ? undefined
        : await openPostgresLedgerStore(sql, ledgerOptions === true ? {} : ledgerOptions);
    const budgetStore = createPostgresBudgetStore(sql, clock, {
      lane,
      ...(options.onSettleWarning === undefined ? {} : { onSettleWarning: options.onSettleWarning }),
      ...(options.settleBatchMs === undefined ? {} : { settleBatchMs: options.settleBatchMs }),
    });
    return {
      budgetStore,
      keyStore: createPostgresKeyStore(sql, clock, {
        schema,
        ...(options.keyCacheTtlMs === undefined ? {} : { cacheTtlMs: options.keyCacheTtlMs }),
      }),
      ledgerStore,
      migrationsApplied,
      displayUrl,
      async pruneReservations(olderThanMs = 7 * 86_400_000) {
        const cutoff = clock() - olderThanMs;
        const rows = await sql`delete from budget_reservations
                                where state <> 'open' and ended_ms < ${cutoff}::bigint returning 1`;
        return rows.length;
      },
      async close() {
        try {
          await budgetStore.close();
          await ledgerStore?.close();
        } finally {
          await end(5);
        }
      },
    };
  } catch (error) {
    await end(1).catch(() => {});
    throw new Error(`Could not open the TokenWise stores at ${displayUrl}: ${describe(error, options.url)}`, {
      cause: error,
    });
  }
}

/** The error's message without the URL's password, whatever the driver put in it. */
function describe(error: unknown, url: string): string {
  const message = error instanceof Error ? error.message : String(error);
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {}
  return password === '' ? message : message.split(password).join('***');
}
