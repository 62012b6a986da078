import type { LedgerEntry, LedgerRecord } from '@tokenwise/spec';
import { redactErrorMessage } from './redact-error-message.js';

/** A copy of the record whose error messages (its own and its entries') are redacted. */
export function redactRecord<T extends LedgerRecord>(record: T): T {
  if (record.kind === 'task') return { ...record, entries: record.entries.map(redactEntry) };
  return redactEntry(record as T & LedgerEntry);
}

function redactEntry<T extends LedgerEntry>(entry: T): T {
  return entry.errorMessage === undefined
    ? entry
    : { ...entry, errorMessage: redactErrorMessage(entry.errorMessage) };
}
