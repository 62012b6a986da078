import type { PicoUsd } from '../money/index.js';
import type { CallOutcome } from './ledger-record.js';

/** Width of one point of a spend series: an hour or a day (UTC). */
export type AggregateBucket = 'hour' | 'day';

/**
 * What {@link LedgerAggregate} to compute: a time range (`since` inclusive, `until` exclusive, both optional) and
 * filters. A filter on key or team matches records carrying that `keyId`/`teamId` (task records carry neither);
 * a filter on model matches attempts and task entries of that model, and requests answered by it.
 */
export interface LedgerAggregateQuery {
  since?: Date | string;
  until?: Date | string;
  /** Width of the series points (default `day`). */
  bucket?: AggregateBucket;
  keyId?: string;
  teamId?: string;
  modelId?: string;
  /** How many of the most expensive requests to return with their routing traces (default 10, at most 100). */
  top?: number;
}

/** Spend and counts of one slice (a model, a key, a team, or everything). */
export interface AggregateSlice {
  /** Exact spend: attempts and task entries (request records are roll-ups and add nothing). */
  spend: PicoUsd;
  /** Request records (client requests, grouped library calls). */
  requests: number;
  /** Requests that did not end `ok`. */
  failedRequests: number;
  /** Requests that tried more than one model (failover or escalation). */
  failoverRequests: number;
  /** LLM attempts: attempt records and task entries. */
  attempts: number;
  failedAttempts: number;
  inputTokens: number;
  outputTokens: number;
}

/** One point of the series: spend stacked by model plus request counts, for the bucket starting at `start`. */
export interface AggregateSeriesPoint {
  /** ISO 8601 start of the bucket (UTC). */
  start: string;
  spend: PicoUsd;
  /** Spend of the bucket by model id; the values add up to `spend`. */
  byModel: Record<string, PicoUsd>;
  requests: number;
  failedRequests: number;
  failoverRequests: number;
}

/** One attempt of a request's routing trace. */
export interface RoutedAttempt {
  modelId: string;
  /** 1-based position within the request, when recorded. */
  attempt?: number;
  attemptKind?: string;
  /** How the attempt ended (`ok` or `error` derived from `success` for records without an outcome). */
  outcome: CallOutcome | (string & {});
  /** HTTP status received from the upstream, when recorded. */
  status?: number;
  cost: PicoUsd;
}

/** A request with its routing trace: model asked → each attempt → model used. */
export interface TracedRequest {
  requestId: string;
  timestamp: string;
  /** What the client asked for, when recorded. */
  modelAsked?: string;
  /** The model that answered (or the last one tried). */
  modelUsed: string;
  strategy?: string;
  keyId?: string;
  teamId?: string;
  status?: number;
  outcome: CallOutcome | (string & {});
  /** What the request cost (the sum of its attempts as the writer rolled it up). */
  cost: PicoUsd;
  /** Every model in order, as the request record lists it. */
  modelsTried: string[];
  /** The attempt records linked by request id, in order. */
  attempts: RoutedAttempt[];
}

/**
 * Aggregated ledger figures for a dashboard or a script. Every breakdown of spend adds up to `totals.spend`
 * exactly. Keys and teams absent from a record are reported under `(none)`.
 */
export interface LedgerAggregate {
  /** The range asked for (ISO 8601), when bounded. */
  since?: string;
  until?: string;
  bucket: AggregateBucket;
  totals: AggregateSlice;
  /** Buckets that have at least one record, oldest first. */
  series: AggregateSeriesPoint[];
  byModel: Record<string, AggregateSlice>;
  byKey: Record<string, AggregateSlice>;
  byTeam: Record<string, AggregateSlice>;
  /** The most expensive requests of the range, most expensive first. */
  topRequests: TracedRequest[];
  /** Records that matched the range and filters. */
  records: number;
}
