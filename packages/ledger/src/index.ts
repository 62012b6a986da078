export type {
  AggregateBucket,
  AggregateSeriesPoint,
  AggregateSlice,
  CallRecord,
  LedgerAggregate,
  LedgerAggregateQuery,
  LedgerEntry,
  LedgerReadOptions,
  LedgerRecord,
  LedgerSource,
  LedgerStore,
  LedgerSummary,
  LedgerWarning,
  RoutedAttempt,
  SpendBreakdown,
  TaskRecord,
  TracedRequest,
} from '@tokenwise/spec';
export {
  type AggregateIndex,
  aggregateRecords,
  checkAggregateQuery,
  createAggregateIndex,
  MAX_TOP_REQUESTS,
  NO_SCOPE,
} from './aggregate/index.js';
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
export { MAX_ERROR_MESSAGE_LENGTH, redactErrorMessage } from './redact-error-message.js';
export { redactRecord } from './redact-record.js';
export { serializeLedgerRecord } from './serialize-ledger-record.js';
export {
  createSummaryAccumulator,
  type SummaryAccumulator,
  summarizeRecords,
  UNATTRIBUTED,
  utcDay,
} from './summarize-records.js';
