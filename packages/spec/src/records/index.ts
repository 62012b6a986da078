export type {
  AggregateBucket,
  AggregateSeriesPoint,
  AggregateSlice,
  LedgerAggregate,
  LedgerAggregateQuery,
  RoutedAttempt,
  TracedRequest,
} from './ledger-aggregate.js';
export type {
  AttemptRecord,
  CallOutcome,
  CallRecord,
  CostSource,
  LedgerEntry,
  LedgerRecord,
  LedgerSource,
  RequestRecord,
  TaskRecord,
} from './ledger-record.js';
export { COST_SOURCES } from './ledger-record.js';
export type { LedgerSummary, SpendBreakdown } from './ledger-summary.js';
export type {
  EscalationReasonCode,
  TaskEscalation,
  TaskRoutingTrace,
  TaskTerminationState,
} from './task-routing-trace.js';
export { toEscalationReasonCode } from './to-escalation-reason-code.js';
export { toLedgerEntry } from './to-ledger-entry.js';
