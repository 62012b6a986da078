import type { FinishReason, PicoUsd } from '@tokenwise/spec';

/** A failed attempt's error, safe to log and store: class name and a redacted, shortened message. */
export interface AttemptError {
  /** e.g. `TokenwiseApiCallError`, `TimeoutError`. */
  name: string;
  message: string;
  /** HTTP status of an upstream error, when there was one. */
  statusCode?: number;
}

/**
 * One attempt of a budget-safe call, success or failure: what the ledger stores and the executor inspects.
 * Reported through `onAttempt` as soon as the attempt's money is settled or released.
 */
export interface AttemptRecord {
  /** Catalog id of the model (`ModelInfo.id`). */
  modelId: string;
  /** Provider id of the language model that was called. */
  provider: string;
  /** 1-based number of the attempt within the whole call (retries and failovers included). */
  attempt: number;
  /** `first` attempt, a `retry` of the same model, or a `failover` to another candidate. */
  kind: 'first' | 'retry' | 'failover';
  /** The caller's reason, e.g. `proxy request`, `step 2 attempt 1` (default `library call`). */
  reason: string;
  /** False when the call was refused before sending (budget too low, unpriced model). */
  called: boolean;
  success: boolean;
  /** Reported input tokens, or the counted ones when the vendor did not report any. */
  inputTokens: number;
  /** Reported output tokens, or an estimate from the text received for a broken stream. */
  outputTokens: number;
  cachedInputTokens?: number;
  reasoningTokens?: number;
  /** What the attempt cost (settled amount), 0 when nothing was billed. */
  cost: PicoUsd;
  /** The worst case that was reserved for it (0 when refused). */
  estimatedCost: PicoUsd;
  /** How `cost` was obtained: vendor usage, a token estimate of a cut stream, the worst case, or nothing billed. */
  costSource: 'usage' | 'estimate' | 'worst-case' | 'none';
  finishReason?: FinishReason['unified'];
  error?: AttemptError;
  latencyMs: number;
}
