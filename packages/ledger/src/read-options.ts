import type { LedgerReadOptions, LedgerRecord } from '@tokenwise/spec';
import { InvalidArgumentError } from '@tokenwise/spec';
import { timestampMs } from './summarize-records.js';

/** Read options checked and reduced to plain values. */
export interface CheckedReadOptions {
  limit: number | undefined;
  /** Epoch milliseconds, or undefined for no lower bound. */
  sinceMs: number | undefined;
}

/** Validates {@link LedgerReadOptions}; a negative or fractional limit or an unreadable `since` is an error. */
export function checkReadOptions(options: LedgerReadOptions = {}): CheckedReadOptions {
  const { limit, since } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new InvalidArgumentError({
      argument: 'limit',
      message: `Invalid ledger limit ${limit}: expected a whole number of records, 0 or more.`,
    });
  }
  let sinceMs: number | undefined;
  if (since !== undefined) {
    sinceMs = since instanceof Date ? since.getTime() : timestampMs(since);
    if (Number.isNaN(sinceMs)) {
      throw new InvalidArgumentError({
        argument: 'since',
        message: `Invalid ledger "since" ${String(since)}: expected a Date or an ISO 8601 time.`,
      });
    }
  }
  return { limit, sinceMs };
}

/** True when the record is at or after `sinceMs`; records without a readable timestamp never match a bound. */
export function isSince(record: LedgerRecord, sinceMs: number | undefined): boolean {
  if (sinceMs === undefined) return true;
  const ms = timestampMs(record.timestamp);
  return !Number.isNaN(ms) && ms >= sinceMs;
}

/** Keeps the last `limit` items of a stream in a ring buffer (bounded memory), then yields them in order. */
export async function* lastItems<T>(items: AsyncIterable<T>, limit: number | undefined): AsyncGenerator<T> {
  if (limit === undefined) {
    yield* items;
    return;
  }
  if (limit === 0) return;
  const ring: T[] = [];
  let next = 0;
  for await (const item of items) {
    if (ring.length < limit) ring.push(item);
    else ring[next] = item;
    next = (next + 1) % limit;
  }
  if (ring.length < limit) {
    yield* ring;
    return;
  }
  for (let i = 0; i < limit; i++) yield ring[(next + i) % limit]!;
}
