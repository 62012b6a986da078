import type { LedgerRecord, LedgerStore } from '@tokenwise/spec';
import { checkReadOptions, isSince } from './read-options.js';
import { redactRecord } from './redact-record.js';
import { summarizeRecords } from './summarize-records.js';

/** A {@link LedgerStore} kept in memory, with the records it holds. */
export interface MemoryLedgerStore extends LedgerStore {
  /** Every record appended, oldest first. */
  readonly records: readonly LedgerRecord[];
}

/** Creates a {@link LedgerStore} in memory: for tests, edge runtimes and processes that persist elsewhere. */
export function createMemoryLedgerStore(initial: Iterable<LedgerRecord> = []): MemoryLedgerStore {
  const records: LedgerRecord[] = [...initial];
  return {
    get records() {
      return records;
    },
    async append(record) {
      // Same guarantee as the file store: no secret survives in a stored error message.
      records.push(redactRecord(record));
    },
    read(options) {
      const { limit, sinceMs } = checkReadOptions(options);
      return (async function* () {
        const matching = records.filter((record) => isSince(record, sinceMs));
        yield* limit === undefined ? matching : matching.slice(Math.max(0, matching.length - limit));
      })();
    },
    async summary(options) {
      const { sinceMs } = checkReadOptions(options);
      return summarizeRecords(records.filter((record) => isSince(record, sinceMs)));
    },
  };
}
