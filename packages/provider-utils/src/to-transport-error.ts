import { ApiCallError, TokenwiseError } from '@tokenwise/spec';
import { formatSeconds, type RequestTimeout } from './create-request-timeout.js';
import { sanitizeError } from './sanitize-error.js';

/**
 * Maps what `fetch` or a body read threw to what callers should see:
 * - the caller aborted → the caller's own abort reason (usually a `DOMException` named `AbortError`), rethrown;
 * - our timeout fired → a retryable `ApiCallError` "timed out after Ns";
 * - a TokenWise error → itself;
 * - anything else (DNS, refused connection, reset) → a retryable `ApiCallError` whose message and `cause` are
 *   redacted copies.
 */
export function toTransportError(
  error: unknown,
  {
    provider,
    url,
    redact,
    timeout,
    abortSignal,
  }: {
    provider: string;
    url: string;
    redact: (text: string) => string;
    timeout: RequestTimeout;
    abortSignal?: AbortSignal;
  },
): unknown {
  if (abortSignal?.aborted === true && !timeout.timedOut) return abortSignal.reason ?? error;
  if (timeout.timedOut) {
    return new ApiCallError({
      message: `${provider} request timed out after ${formatSeconds(timeout.timeoutMs)}; raise timeoutMs or retry.`,
      provider,
      url,
      isRetryable: true,
      cause: sanitizeError(error, redact),
    });
  }
  if (TokenwiseError.isInstance(error)) return error;
  if (isAbortError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiCallError({
    message: redact(`${provider} request failed (${message}); check the network and the base URL.`),
    provider,
    url,
    isRetryable: true,
    cause: sanitizeError(error, redact),
  });
}

/** Whether an error is an abort (a `DOMException` or `Error` named `AbortError`). */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    ((error as { name: unknown }).name === 'AbortError' ||
      (error as { name: unknown }).name === 'TimeoutError')
  );
}
