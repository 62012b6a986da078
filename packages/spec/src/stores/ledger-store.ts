import type { LedgerAggregate, LedgerAggregateQuery } from '../records/ledger-aggregate.js';
import type { LedgerRecord } from '../records/ledger-record.js';
import type { LedgerSummary } from '../records/ledger-summary.js';

/** Which records to read. */
export interface LedgerReadOptions {
  /**
   * Only the last `limit` records (after `since`), in file order. `0` reads nothing (unlike the original, where
   * 0 meant all); leave it out to read everything.
   */
  limit?: number;
  /** Only records whose timestamp is at or after this instant. */
  since?: Date | string;
}

/**
 * Where ledger records are kept. Narrow on purpose: a database-backed store only has to append, read and
 * summarise, and callers never see how.
 */
export interface LedgerStore {
  /** Appends one record durably; resolves once it is written. Rejects with `LedgerWriteError` when it cannot. */
  append(record: LedgerRecord): Promise<void>;
  /** Streams records oldest first. */
  read(options?: LedgerReadOptions): AsyncIterable<LedgerRecord>;
  /** Exact totals and breakdowns over the records matched by `since` (all by default). */
  summary(options?: Pick<LedgerReadOptions, 'since'>): Promise<LedgerSummary>;
  /**
   * Optional: dashboard figures computed by the store itself (an index, SQL). Callers without it aggregate what
   * `read()` streams (`aggregateRecords` of `@tokenwise/ledger`), with the same result.
   */
  aggregate?(query: LedgerAggregateQuery): Promise<LedgerAggregate>;
}

/** A problem met while reading that did not stop the read (a torn or invalid line). */
export interface LedgerWarning {
  message: string;
  /** 1-based line number in the file, when known. */
  line?: number;
}
