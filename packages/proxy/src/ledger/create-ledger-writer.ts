import { toDecimalString } from '@tokenwise/spec';
import type { ProxyLedger, ProxyLogger } from '../proxy-deps.js';
import type { ProxyLedgerRecord } from './proxy-ledger-record.js';
import { toCallRecord } from './to-call-record.js';

/** Writes ledger records off the response path, and knows which writes are still in flight. */
export interface LedgerWriter {
  /** Queues the record; it is handed to the ledger after the current response went out. Never throws. */
  write(record: ProxyLedgerRecord): void;
  /** Hands queued records over now and resolves once every write started so far has finished. */
  flush(): Promise<void>;
}

/**
 * How long records wait to be handed over together. A store like the JSONL file pays a fixed cost per write
 * (open, stat, write, close), and it joins the appends that arrive while a write is in flight into one: handing
 * over every few milliseconds instead of after each response turns two writes per request into two per batch.
 */
const BATCH_MS = 50;

/**
 * Creates the fire-and-forget writer. Records are converted and appended in a timer callback, so the
 * serialisation and file work happen after the response was written, not before, and in batches. A failed write is reported
 * through the logger together with the full record (amounts as decimal strings): a record is never lost silently.
 */
export function createLedgerWriter(ledger: ProxyLedger | undefined, logger: ProxyLogger): LedgerWriter {
  const pending = new Set<Promise<unknown>>();
  let queue: ProxyLedgerRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

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

  const append = (record: ProxyLedgerRecord) => {
    let result: unknown;
    try {
      result = ledger!.append(toCallRecord(record));
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
  };

  const drain = () => {
    timer = undefined;
    const batch = queue;
    queue = [];
    for (const record of batch) append(record);
  };

  return {
    write(record) {
      if (!ledger) return;
      queue.push(record);
      timer ??= setTimeout(drain, BATCH_MS);
    },
    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        drain();
      }
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
