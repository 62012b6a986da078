import type { LedgerRecord } from '@tokenwise/spec';
import { timestampMs } from '../summarize-records.js';

/**
 * Merges two record streams that are each in file order into one ordered by time: oldest first, or newest first
 * when `newestFirst` (for streams read backwards). Each stream keeps its own order; on a tie, or when a record
 * has no readable time, `first` goes first, so a single file reads exactly as before.
 */
export async function* mergeByTime(
  first: AsyncIterable<LedgerRecord>,
  second: AsyncIterable<LedgerRecord>,
  newestFirst = false,
): AsyncGenerator<LedgerRecord> {
  const a = first[Symbol.asyncIterator]();
  const b = second[Symbol.asyncIterator]();
  try {
    let nextA = await a.next();
    let nextB = await b.next();
    while (!nextA.done || !nextB.done) {
      let takeA = nextB.done === true;
      if (!takeA && !nextA.done) {
        const msA = timestampMs(nextA.value.timestamp);
        const msB = timestampMs(nextB.value.timestamp);
        takeA = Number.isNaN(msA) || Number.isNaN(msB) || (newestFirst ? msA >= msB : msA <= msB);
      }
      if (takeA) {
        yield (nextA as IteratorYieldResult<LedgerRecord>).value;
        nextA = await a.next();
      } else {
        yield (nextB as IteratorYieldResult<LedgerRecord>).value;
        nextB = await b.next();
      }
    }
  } finally {
    await a.return?.();
    await b.return?.();
  }
}
