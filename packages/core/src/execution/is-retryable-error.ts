import { ApiCallError } from '@tokenwise/spec';

/**
 * Whether the same request may succeed if sent again: an `ApiCallError` marked retryable (408, 409, 429, 5xx,
 * network errors) or a timeout (`TimeoutError`, as thrown by `AbortSignal.timeout`). A caller's abort never is.
 */
export function isRetryableError(error: unknown): boolean {
  if (ApiCallError.isInstance(error)) return error.isRetryable;
  return error instanceof Error && error.name === 'TimeoutError';
}
