import { createMemoryBudgetStore, createMemoryKeyStore } from '@tokenwise/core';
import { redactRecord } from '@tokenwise/ledger';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';
import type { BudgetStore, KeyStore, LedgerStore } from '@tokenwise/spec';

/** Where the stores live: PostgreSQL with a database URL, else the embedded default. */
export interface StoreSettings {
  /** `TOKENWISE_DATABASE_URL`; absent = memory budget and key stores plus the JSONL ledger. */
  databaseUrl?: string | undefined;
  /** `TOKENWISE_DATABASE_SCHEMA` (store-postgres's default `tokenwise`). */
  databaseSchema?: string | undefined;
  /** The JSONL ledger file of the embedded default. */
  ledgerPath: string;
  /** Epoch ms; windows and leases follow it (tests). */
  clock?: () => number;
  /** Told when a settle written behind could not reach the database (it will lapse at its worst case). */
  onSettleWarning?: (warning: { reservationId: string; message: string; error?: unknown }) => void;
}

/** The stores the proxy is composed from, and how to close them. */
export interface OpenedStores {
  budgetStore: BudgetStore;
  ledgerStore: LedgerStore;
  keyStore: KeyStore;
  /** `postgres` (shared by replicas) or `embedded` (this process only; keys and budgets are lost at exit). */
  kind: 'postgres' | 'embedded';
  /** The ledger's location for the startup log: the database URL with its password as `***`, or the file. */
  location: string;
  /** Warnings for the startup log (a writer that crashed with a ledger batch in flight). Never a secret. */
  warnings: readonly string[];
  /** Flushes the ledger and closes the connection pool. */
  close(): Promise<void>;
}

/**
 * Opens the budget, ledger and key stores: on PostgreSQL when `databaseUrl` is set (migrations applied at start
 * under an advisory lock, so replicas starting together do not race; ledger error messages redacted before they
 * are stored), else the embedded default — memory budget and key stores and the JSONL ledger file.
 * @throws InvalidArgumentError for a malformed URL, or the driver's error when the database does not answer
 * (its message names the database with the password replaced by `***`).
 */
export async function openStores(settings: StoreSettings): Promise<OpenedStores> {
  const clock = settings.clock ?? Date.now;
  if (settings.databaseUrl !== undefined) {
    const { createPostgresStores } = await import('@tokenwise/store-postgres');
    const stores = await createPostgresStores({
      url: settings.databaseUrl,
      ...(settings.databaseSchema === undefined ? {} : { schema: settings.databaseSchema }),
      clock,
      ledger: { redact: redactRecord },
      ...(settings.onSettleWarning === undefined ? {} : { onSettleWarning: settings.onSettleWarning }),
    });
    const ledgerStore = stores.ledgerStore!;
    return {
      budgetStore: stores.budgetStore,
      keyStore: stores.keyStore,
      ledgerStore,
      kind: 'postgres',
      location: stores.displayUrl,
      warnings: ledgerStore.crashWarnings,
      close: () => stores.close(),
    };
  }
  const budgetStore = createMemoryBudgetStore({ clock });
  const ledgerStore = createJsonlLedgerStore({ path: settings.ledgerPath });
  return {
    budgetStore,
    keyStore: createMemoryKeyStore({ budgetStore, clock }),
    ledgerStore,
    kind: 'embedded',
    location: settings.ledgerPath,
    warnings: [],
    // JSONL appends resolve once written; the proxy flushes its ledger writer before this.
    close: async () => {},
  };
}
