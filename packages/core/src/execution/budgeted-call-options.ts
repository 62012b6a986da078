import type { AttemptRecord, CallOptions, Pricing } from '@tokenwise/spec';
import type { Budget } from '../budget/index.js';
import type { Candidate } from './candidate-source.js';
import type { PromptTokenCounter } from './plan-call.js';
import type { RetryPolicy } from './retry-policy.js';

/** A model to call, with the catalog entry that prices it. */
export type CallCandidate = Required<Candidate>;

/** Options shared by the budget-safe generate and stream functions (thin wrappers over the call engine). */
export interface BudgetedCallOptions {
  /** The call; its `maxOutputTokens` is the caller's max and is clamped before sending. */
  options: CallOptions;
  /** Every attempt reserves its worst case here (and on the budget's ancestors) before calling. */
  budget: Budget;
  /** Refuse the call when the budget cannot pay for this many output tokens (default 100). */
  minOutputTokens?: number;
  /** Output reserved when `options.maxOutputTokens` is absent (default 4,096). */
  defaultMaxOutputTokens?: number;
  /** Same-model retries; default `retryPolicy()` (2 retries). Pass `noRetry()` to disable. */
  retry?: RetryPolicy;
  /**
   * Called once per attempt, after its money was settled or released. It should not throw: an error it throws is
   * ignored, so that a failing observer never leaves a reservation open or a stream half closed.
   */
  onAttempt?: (record: AttemptRecord) => void;
  /** Prompt token counter (tool definitions and schemas are added to its count); see `planCall`. */
  countTokens?: PromptTokenCounter;
  /** Output token counter for cut streams; default: the calibrated estimate (errs high). */
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
