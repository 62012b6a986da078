import {
  ApiCallError,
  BudgetExceededError,
  type CallOutcome,
  InvalidArgumentError,
  InvalidResponseDataError,
  LoadApiKeyError,
  NoSuchModelError,
  NoSuchProviderError,
} from '@tokenwise/spec';

/**
 * What a failure says about the model that had it:
 * - `none`: nothing (the caller gave up, the request itself was at fault, or our budget refused it);
 * - `strike`: a transient upstream failure (429, 5xx, network, timeout, unreadable answer); several in a row
 *   suppress the model for a while;
 * - `unusable`: the vendor refuses this model to us (402, 403, 404): suppress it at once;
 * - `provider`: the provider cannot be used at all in this process (no key, key refused, not configured):
 *   skip every model it serves for the rest of the call.
 */
export type FailureBlame = 'none' | 'strike' | 'unusable' | 'provider';

/** The one verdict on a failed attempt, used by every caller of the engine. */
export interface FailureVerdict {
  /** Whether another candidate may succeed where this one failed. */
  failover: boolean;
  blame: FailureBlame;
  /** How the attempt is recorded. */
  outcome: CallOutcome;
}

/** Statuses meaning "the vendor will not serve this model to us": payment required, forbidden, not found. */
const MODEL_UNUSABLE: ReadonlySet<number> = new Set([402, 403, 404]);

/**
 * The failover rule. Moves on after a transient upstream failure (its retries spent), a model the vendor refuses
 * to us, an unreadable answer, a provider we cannot use, or a budget too small for this model (a cheaper one may
 * fit). Stops when the caller gave up, when the request itself is at fault (upstream 400/413/422, or an error
 * raised by our own code before the upstream answered, such as a schema too deep to serialise): every other
 * model would fail the same way, and such failures never count against a model.
 */
export function judgeFailure(
  error: unknown,
  context: { callerAborted: boolean; timedOut: boolean },
): FailureVerdict {
  if (context.callerAborted) return { failover: false, blame: 'none', outcome: 'cancelled' };
  if (context.timedOut) return { failover: true, blame: 'strike', outcome: 'timeout' };
  if (ApiCallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === 401) return { failover: true, blame: 'provider', outcome: 'error' };
    // Stryker disable next-line ConditionalExpression: equivalent, the set has no `undefined`.
    if (status !== undefined && MODEL_UNUSABLE.has(status)) {
      return { failover: true, blame: 'unusable', outcome: 'error' };
    }
    if (error.isRetryable) {
      return { failover: true, blame: 'strike', outcome: isTimeout(error.cause) ? 'timeout' : 'error' };
    }
    return { failover: false, blame: 'none', outcome: 'error' };
  }
  if (BudgetExceededError.isInstance(error)) return { failover: true, blame: 'none', outcome: 'refused' };
  if (InvalidArgumentError.isInstance(error) && error.argument === 'assumedPricing') {
    return { failover: true, blame: 'none', outcome: 'refused' };
  }
  if (LoadApiKeyError.isInstance(error) || NoSuchProviderError.isInstance(error)) {
    return { failover: true, blame: 'provider', outcome: 'refused' };
  }
  if (NoSuchModelError.isInstance(error)) return { failover: true, blame: 'unusable', outcome: 'refused' };
  if (InvalidResponseDataError.isInstance(error))
    return { failover: true, blame: 'strike', outcome: 'error' };
  if (isTimeout(error)) return { failover: true, blame: 'strike', outcome: 'timeout' };
  return { failover: false, blame: 'none', outcome: 'error' };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/**
 * The failover rule as a yes/no, for callers that only need that (kept for the public API).
 * @see judgeFailure
 */
export function shouldFailover(error: unknown): boolean {
  // Stryker disable next-line ObjectLiteral: equivalent, both flags are falsy either way.
  return judgeFailure(error, { callerAborted: false, timedOut: false }).failover;
}
