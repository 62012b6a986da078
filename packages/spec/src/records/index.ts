export type {
  CallRecord,
  LedgerEntry,
  LedgerRecord,
  LedgerSource,
  TaskRecord,
} from './ledger-record.js';
export type { LedgerSummary, SpendBreakdown } from './ledger-summary.js';
