import { ApiCallError } from '@tokenwise/spec';

/** Options of `withRetry`. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2, so at most 3 calls). */
  maxRetries?: number;
  /** Delay before the first retry (default 500 ms); doubled (`backoffFactor`) on each further retry. */
  initialDelayMs?: number;
  /** Growth of the delay between retries (default 2). */
  backoffFactor?: number;
  /** Longest delay to wait, including a vendor's `Retry-After` (default 60 000 ms). Longer asks give up. */
  maxDelayMs?: number;
  /** Stops waiting and retrying; the abort reason is thrown. */
  signal?: AbortSignal;
  /** Which errors to retry. Default: `ApiCallError` with `isRetryable`. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait (logging, metrics). */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
  /** Random source in [0, 1) for the jitter (default `Math.random`); inject it for deterministic tests. */
  random?: () => number;
  /** Waits (default: an abortable `setTimeout`); inject it to test without real time. */
  sleep?: (delayMs: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Runs `fn` and retries it on retryable errors with exponential backoff and full jitter, waiting at least
 * what the vendor's `Retry-After` asked. Use it only around work that has produced no output yet: a whole
 * `doGenerate`, or a `doStream` call (it resolves before the first stream part, and stream errors arrive as
 * parts, which this never retries). The last error is thrown unchanged.
 */
export async function withRetry<T>(
  fn: (attempt: number) => PromiseLike<T>,
  options: RetryOptions = {},
): Promise<T> {
  const {
    maxRetries = 2,
    initialDelayMs = 500,
    backoffFactor = 2,
    maxDelayMs = 60_000,
    signal,
    shouldRetry = defaultShouldRetry,
    onRetry,
    random = Math.random,
    sleep = abortableSleep,
  } = options;

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted === true) throw signal.reason;
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= maxRetries || isAborted(signal) || !shouldRetry(error, attempt)) throw error;
      const backoff = initialDelayMs * backoffFactor ** attempt;
      // full jitter spreads simultaneous retries of many clients; Retry-After is a floor, not a suggestion:
      const jittered = Math.round(backoff / 2 + random() * (backoff / 2));
      const retryAfterMs = ApiCallError.isInstance(error) ? error.retryAfterMs : undefined;
      // a vendor asking for a longer pause than we are willing to wait: give up now rather than hang:
      if (retryAfterMs !== undefined && retryAfterMs > maxDelayMs) throw error;
      const delayMs = Math.min(Math.max(jittered, retryAfterMs ?? 0), maxDelayMs);
      onRetry?.({ error, attempt: attempt + 1, delayMs });
      await sleep(delayMs, signal);
    }
  }
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function defaultShouldRetry(error: unknown): boolean {
  return ApiCallError.isInstance(error) && error.isRetryable;
}

function abortableSleep(delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
