export type {
  CallRecord,
  LedgerEntry,
  LedgerReadOptions,
  LedgerRecord,
  LedgerSource,
  LedgerStore,
  LedgerSummary,
  LedgerWarning,
  SpendBreakdown,
  TaskRecord,
} from '@tokenwise/spec';
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
export { decodeLedgerRecord, ledgerRecordSchema } from './ledger-record-schema.js';
export { MAX_ERROR_MESSAGE_LENGTH, redactSecrets } from './redact-secrets.js';
export { serializeLedgerRecord } from './serialize-ledger-record.js';
export {
  createSummaryAccumulator,
  type SummaryAccumulator,
  summarizeRecords,
  UNATTRIBUTED,
  utcDay,
} from './summarize-records.js';
