import type { LedgerRecord, LedgerStore } from '@tokenwise/spec';
import { createAggregateIndex } from './aggregate/create-aggregate-index.js';
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
  // Built on the first aggregate() and kept current by append().
  let index: ReturnType<typeof createAggregateIndex> | undefined;
  return {
    get records() {
      return records;
    },
    async append(record) {
      // Same guarantee as the file store: no secret survives in a stored error message.
      const stored = redactRecord(record);
      records.push(stored);
      index?.add(stored);
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
    async aggregate(query) {
      if (index === undefined) {
        index = createAggregateIndex();
        for (const record of records) index.add(record);
      }
      return index.query(query);
    },
  };
}
