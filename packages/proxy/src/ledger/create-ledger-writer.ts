import { toDecimalString } from '@tokenwise/spec';
import type { ProxyLedger, ProxyLogger } from '../proxy-deps.js';
import type { ProxyLedgerRecord } from './proxy-ledger-record.js';
import { toCallRecord } from './to-call-record.js';

/** Writes ledger records without making the response wait, and knows which writes are still in flight. */
export interface LedgerWriter {
  /** Hands the record to the ledger; never throws, never awaited by the response path. */
  write(record: ProxyLedgerRecord): void;
  /** Resolves once every write started so far has finished (for graceful shutdown and tests). */
  flush(): Promise<void>;
}

/**
 * Creates the fire-and-forget writer. A failed write is reported through the logger together with the full
 * record (cost as a decimal string), so a record is never lost silently.
 */
export function createLedgerWriter(ledger: ProxyLedger | undefined, logger: ProxyLogger): LedgerWriter {
  const pending = new Set<Promise<unknown>>();
  const report = (error: unknown, record: ProxyLedgerRecord) => {
    logger.error('Ledger write failed; the record follows so it can be replayed.', {
      error: error instanceof Error ? error.message : String(error),
      record: {
        ...record,
        cost: toDecimalString(record.cost),
        budget: record.budget === undefined ? undefined : toDecimalString(record.budget),
      },
    });
  };
  return {
    write(record) {
      if (!ledger) return;
      let result: unknown;
      try {
        result = ledger.append(toCallRecord(record));
      } catch (error) {
        report(error, record);
        return;
      }
      if (
        result !== null &&
        typeof result === 'object' &&
        typeof (result as Promise<unknown>).then === 'function'
      ) {
        const promise = Promise.resolve(result).then(
          () => {
            pending.delete(promise);
          },
          (error: unknown) => {
            pending.delete(promise);
            report(error, record);
          },
        );
        pending.add(promise);
      }
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
