export {
  type CostLedger,
  createCostLedger,
  type LedgerEntryInput,
  PLANNER_REASON,
  type TaskRecordMeta,
} from './create-cost-ledger.js';
export { createMemoryLedgerStore, type MemoryLedgerStore } from './create-memory-ledger-store.js';
export { LedgerNotAFileError } from './errors/ledger-not-a-file-error.js';
export { LedgerWriteError } from './errors/ledger-write-error.js';
export type { CallRecord, LedgerEntry, LedgerRecord, LedgerSource, TaskRecord } from './ledger-record.js';
export { decodeLedgerRecord, ledgerRecordSchema } from './ledger-record-schema.js';
export type { LedgerReadOptions, LedgerStore, LedgerWarning } from './ledger-store.js';
export { MAX_ERROR_MESSAGE_LENGTH, redactSecrets } from './redact-secrets.js';
export { serializeLedgerRecord } from './serialize-ledger-record.js';
export {
  createSummaryAccumulator,
  type LedgerSummary,
  type SpendBreakdown,
  type SummaryAccumulator,
  summarizeRecords,
  UNATTRIBUTED,
  utcDay,
} from './summarize-records.js';
