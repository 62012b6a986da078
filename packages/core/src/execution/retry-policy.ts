import { InvalidArgumentError } from '@tokenwise/spec';
import { isRetryableError } from './is-retryable-error.js';
import { sleep as defaultSleep } from './sleep.js';

/** Options of {@link retryPolicy}. */
export interface RetryPolicyOptions {
  /** Retries after the first attempt (default 2, so at most 3 attempts per model). */
  maxRetries?: number;
  /** Backoff ceiling before the first retry, doubled for each next one (default 500 ms). */
  initialDelayMs?: number;
  /** Largest backoff (default 8,000 ms). */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` worth waiting for (default 30,000 ms). A vendor asking for more gets no retry: the call
   * fails (and a failover moves on to the next model) instead of hanging.
   */
  maxRetryAfterMs?: number;
  /** Full jitter (a random delay between 0 and the backoff) spreads retries of concurrent calls; default true. */
  jitter?: boolean;
  /** Which errors to retry; default {@link isRetryableError}. */
  isRetryable?: (error: unknown) => boolean;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests: a number in [0, 1). */
  random?: () => number;
}

/** When and how long to wait before sending a failed call again to the same model. */
export interface RetryPolicy {
  readonly maxRetries: number;
  /**
   * The wait before retry number `retry` (1-based) after `error`, or `undefined` when the call must not be
   * retried (not retryable, retries used up, or a Retry-After beyond `maxRetryAfterMs`).
   */
  delayFor(retry: number, error: unknown): number | undefined;
  /** Waits, aborting with the signal. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Exponential backoff with full jitter, honouring the vendor's Retry-After (never retrying sooner than it asks).
 * @throws InvalidArgumentError for negative settings.
 */
export function retryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const maxRetries = options.maxRetries ?? 2;
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  for (const [name, value] of Object.entries({ maxRetries, initialDelayMs, maxDelayMs, maxRetryAfterMs })) {
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidArgumentError({
        argument: name,
        message: `Invalid retry setting ${name}=${value}: expected a non-negative number.`,
      });
    }
  }
  const jitter = options.jitter ?? true;
  const isRetryable = options.isRetryable ?? isRetryableError;
  const random = options.random ?? Math.random;
  return {
    maxRetries,
    delayFor(retry, error) {
      if (retry > maxRetries || !isRetryable(error)) return undefined;
      const backoff = Math.min(maxDelayMs, initialDelayMs * 2 ** (retry - 1));
      const delay = jitter ? Math.floor(random() * backoff) : backoff;
      const retryAfter = retryAfterOf(error);
      if (retryAfter === undefined) return delay;
      if (retryAfter > maxRetryAfterMs) return undefined;
      return Math.max(delay, retryAfter);
    },
    sleep: options.sleep ?? defaultSleep,
  };
}

/** A policy that never retries. */
export function noRetry(): RetryPolicy {
  return retryPolicy({ maxRetries: 0 });
}

function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  const value = (error as { retryAfterMs: unknown }).retryAfterMs;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, isFinite refuses non-numbers, and a negative delay waits 0 ms either way.
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
