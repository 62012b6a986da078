import {
  ApiCallError,
  BudgetExceededError,
  InvalidArgumentError,
  InvalidResponseDataError,
} from '@tokenwise/spec';
import { isRetryableError } from './is-retryable-error.js';

/** HTTP statuses meaning "this model is not usable for us now": payment required, forbidden, not found. */
const MODEL_UNUSABLE = new Set([402, 403, 404]);

/**
 * Default failover rule: move on to the next candidate after a retryable error (retries already spent), a
 * 402/403/404 for this model, a malformed answer, a budget that cannot pay for this model (a later, cheaper
 * candidate may fit) or an unpriced model. A bad request (400, 401, 422) or the caller's abort stops at once:
 * another model would fail the same way or was not wanted.
 */
export function shouldFailover(error: unknown): boolean {
  if (ApiCallError.isInstance(error)) {
    return error.isRetryable || (error.statusCode !== undefined && MODEL_UNUSABLE.has(error.statusCode));
  }
  if (BudgetExceededError.isInstance(error) || InvalidResponseDataError.isInstance(error)) return true;
  if (InvalidArgumentError.isInstance(error)) return error.argument === 'assumedPricing';
  return isRetryableError(error);
}
