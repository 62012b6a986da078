import { serializeLedgerRecord } from '@tokenwise/ledger';
import type { CallRecord } from '@tokenwise/spec';
import type { ProxyLedger, ProxyLogger } from '../proxy-deps.js';

/** Writes ledger records off the response path, and knows which writes are still in flight. */
export interface LedgerWriter {
  /** Queues the record; it is handed to the ledger after the current response went out. Never throws. */
  write(record: CallRecord): void;
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
  let queue: CallRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const report = (error: unknown, record: CallRecord) => {
    // The record as its ledger line: append it to the ledger file to replay it. The cause (ENOSPC, EROFS, a
    // directory at the path…) is kept; both are redacted by construction.
    logger.error('Ledger write failed; the record follows as a ledger line so it can be replayed.', {
      error: describeWriteError(error),
      record: serializeLedgerRecord(record),
    });
  };

  const append = (record: CallRecord) => {
    let result: unknown;
    try {
      result = ledger!.append(record);
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

/** The cause of a failed write: its system code when there is one (ENOSPC, EROFS, EISDIR), and its message. */
function describeWriteError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${code}: ${error.message}`
    : error.message;
}
