import type { LedgerAggregate, LedgerAggregateQuery, LedgerRecord } from '@tokenwise/spec';
import { timestampMs } from '../summarize-records.js';
import { checkAggregateQuery } from './check-aggregate-query.js';
import { createAggregateIndex } from './create-aggregate-index.js';

/**
 * Aggregates records from any (async) iterable: the fallback for a `LedgerStore` without `aggregate()`
 * (stream `store.read({ since })` into it). Only records before `until` are kept, so memory follows the range.
 * Attempts are linked to their requests within what is read, so read from a little before `since` if requests
 * may start before their attempts' range.
 */
export async function aggregateRecords(
  records: Iterable<LedgerRecord> | AsyncIterable<LedgerRecord>,
  query: LedgerAggregateQuery = {},
): Promise<LedgerAggregate> {
  const { untilMs } = checkAggregateQuery(query);
  const index = createAggregateIndex();
  for await (const record of records) {
    // Records without a readable time still count in an unbounded query; the index leaves them out of ranges.
    if (untilMs !== undefined && timestampMs(record.timestamp) >= untilMs) continue;
    index.add(record);
  }
  return index.query(query);
}
