import type { PicoUsd } from '../money/index.js';
import type { TaskRoutingTrace } from './task-routing-trace.js';

/** Every way a record's `cost` can have been obtained (see {@link CallRecord.costSource}). */
export const COST_SOURCES = ['usage', 'estimate', 'worst-case', 'none', 'unpriced'] as const;

/** How a record's `cost` was obtained. */
export type CostSource = (typeof COST_SOURCES)[number];

/**
 * Which entry point produced a record. The three known sources are typed; other strings read from a file are
 * kept as they are.
 */
export type LedgerSource = 'cli' | 'proxy' | 'library' | (string & {});

/**
 * One LLM attempt (the original's `LedgerEntry`, extended). Reasons follow the original: `step 3 attempt 1`,
 * `step 3 escalation attempt 2`, plus `planner` and `proxy request`.
 */
export interface LedgerEntry {
  /** Why the call was made, e.g. `step 2 attempt 1` or `planner`. */
  reason: string;
  /** Catalog id of the model called. */
  modelId: string;
  /** Provider that served the call, when known. */
  providerId?: string;
  /** Input tokens, cached ones included (OpenAI convention). */
  inputTokens: number;
  /** Output tokens, reasoning ones included. */
  outputTokens: number;
  /** Input tokens read from the vendor's prompt cache. */
  cachedInputTokens?: number;
  /** Output tokens spent on hidden reasoning. */
  reasoningTokens?: number;
  /** What the call really cost, failed calls included (a vendor may bill a failed call's input). */
  cost: PicoUsd;
  /** What the router expected the call to cost, for estimate-versus-actual comparisons. */
  estimatedCost?: PicoUsd;
  /** True when the token counts were estimated (stream dropped, upstream sent no usage). */
  usageEstimated?: boolean;
  success: boolean;
  /** Class name of the error of a failed call, e.g. `TokenwiseApiCallError`. */
  errorClass?: string;
  /** One-line error message, with secrets redacted before it is stored. */
  errorMessage?: string;
  /** Wall-clock duration of the call in milliseconds. */
  latencyMs?: number;
  /** ISO 8601 start time of the call, when known. */
  timestamp?: string;
}

/**
 * A task run by the planner and executor (the original's record shape). Its `entries` are the task's attempts;
 * they belong to the task and are never counted a second time.
 */
export interface TaskRecord {
  kind: 'task';
  /** ISO 8601 time the record was written; the ledger writes it as the original does (`…T16:47:05.123456+00:00`). */
  timestamp: string;
  source?: LedgerSource;
  /** Stable id of the task run, when the writer has one. */
  taskId?: string;
  /** The task text as the user gave it. */
  task: string;
  /** The task's ceiling; absent when it had none. */
  budget?: PicoUsd;
  success: boolean;
  /** Everything the task cost: its entries plus planner spend not recorded as an entry. */
  totalCost: PicoUsd;
  /** Planner spend, part of `totalCost`. */
  plannerCost: PicoUsd;
  /** What failed attempts cost, part of `totalCost`. */
  wastedCost: PicoUsd;
  entries: LedgerEntry[];
  /** The run's routing trace (the original's `RoutingTrace`). */
  routingTrace?: TaskRoutingTrace;
}

/**
 * An LLM call outside any task (`kind: 'attempt'`, e.g. one upstream call of a proxy request or one library
 * call), or the roll-up of a client request (`kind: 'request'`). Spend is counted from attempts; a request
 * record only counts as a request, because its attempts are recorded on their own.
 */
export interface CallRecord extends LedgerEntry {
  kind: 'attempt' | 'request';
  /** ISO 8601 time the call or request started. */
  timestamp: string;
  source: LedgerSource;
  /** Id of the proxy request or library call the record belongs to. */
  requestId?: string;
  /** The request's ceiling, when there was one. */
  budget?: PicoUsd;
  /** Attempt records: 1-based position within the request. */
  attempt?: number;
  /** Request records: every model called, in order. */
  modelsTried?: string[];
  /** How the attempt or request ended (absent in records written before this field existed). */
  outcome?: CallOutcome;
  /** The proxy door (wire dialect) the request came through: `chat`, `responses`, `messages`. */
  door?: string;
  /** Virtual key id (never its secret) the request was made with. */
  keyId?: string;
  /** Team of that key. */
  teamId?: string;
  /** Routing strategy of a routed request. */
  strategy?: string;
  /** Request records: what the client asked for (`auto`, `tokenwise/cheapest`, a model id). */
  modelAsked?: string;
  /** HTTP status sent to the client (request records) or received from the upstream (attempt records). */
  status?: number;
  /** Machine-readable error code, e.g. `budget_exceeded`, `upstream_error`. */
  errorCode?: string;
  /** Attempt records: a `first` call, a same-model `retry`, a `failover`/`escalation` to another model. */
  attemptKind?: 'first' | 'retry' | 'failover' | 'escalation';
  /** Attempt records: false when the call was refused before anything was sent (budget, unpriced model). */
  called?: boolean;
  /**
   * How `cost` was obtained: vendor usage, a token estimate, the reserved worst case, nothing billed, or
   * `unpriced`: a model without a known price was called (no budget applied) and the vendor reported no cost, so
   * the real cost is unknown and `cost` (0) is not a price.
   */
  costSource?: CostSource;
  /** The unified finish reason of an answered attempt (`stop`, `length`, `tool-calls`, …). */
  finishReason?: string;
  /** The worst case that was reserved for the attempt. */
  reserved?: PicoUsd;
  /** How much the settled cost went above the reservation (the vendor billed more than the clamp allowed). */
  overrun?: PicoUsd;
  /**
   * Attempt records: the attempt's lease lapsed in the shared budget store (its holder stopped renewing it, e.g. a
   * stalled process or a lost database connection) and a sweeper settled it at the reserved worst case, which is
   * then this record's `cost`. The holder's own later settle changed nothing (settles are idempotent).
   */
  leaseExpired?: boolean;
}

/**
 * How a call ended: answered (`ok`), failed upstream (`error`), refused before any upstream call (`refused`),
 * given up by the client (`cancelled`), out of time upstream (`timeout`), or stopped by TokenWise because the
 * answer reached what its reservation pays for (`cut`).
 */
export type CallOutcome = 'ok' | 'error' | 'refused' | 'cancelled' | 'timeout' | 'cut';

/** An upstream attempt (a `CallRecord` of kind `attempt`). */
export type AttemptRecord = CallRecord & { kind: 'attempt' };

/** The roll-up of one client request or library call (a `CallRecord` of kind `request`). */
export type RequestRecord = CallRecord & { kind: 'request' };

/** Any record of the ledger file. */
export type LedgerRecord = TaskRecord | CallRecord;
