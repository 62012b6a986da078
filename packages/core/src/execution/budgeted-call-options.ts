import type { CallOptions, LanguageModelV1, ModelInfo, Pricing } from '@tokenwise/spec';
import type { Budget } from '../budget/index.js';
import type { AttemptRecord } from './attempt-record.js';
import type { PromptTokenCounter } from './plan-call.js';
import type { RetryPolicy } from './retry-policy.js';

/** A model to call, with the catalog entry that prices it. */
export interface CallCandidate {
  model: LanguageModelV1;
  info: ModelInfo;
}

/** Options shared by the budget-safe generate and stream functions. */
export interface BudgetedCallOptions {
  /** The call; its `maxOutputTokens` is the caller's max and is clamped before sending. */
  options: CallOptions;
  /** Every attempt reserves its worst case here (and on the budget's ancestors) before calling. */
  budget: Budget;
  /** Refuse the call when the budget cannot pay for this many output tokens (default 100). */
  minOutputTokens?: number;
  /** Same-model retries; default `retryPolicy()` (2 retries). Pass `noRetry()` to disable. */
  retry?: RetryPolicy;
  /**
   * Called once per attempt, after its money was settled or released. It should not throw: an error it throws is
   * ignored, so that a failing observer never leaves a reservation open or a stream half closed.
   */
  onAttempt?: (record: AttemptRecord) => void;
  /** Input token counter, see `planCall`. */
  countTokens?: PromptTokenCounter;
  /** Output token estimator for cut streams; default `estimateTextTokens` (errs high). */
  countOutputTokens?: (text: string) => number;
  /** Prices to assume for unpriced models; without it they are refused. */
  assumedPricing?: Pricing;
  /** Why the call is made, copied into every attempt record (default `library call`). */
  reason?: string;
  /** Per-attempt timeout; a timed-out attempt is retryable. */
  attemptTimeoutMs?: number;
  /** Clock for latencies (injectable for tests). */
  now?: () => number;
}
