import {
  ApiCallError,
  InvalidResponseDataError,
  LoadApiKeyError,
  NoSuchModelError,
  NoSuchProviderError,
} from '@tokenwise/spec';
import type { FailedModels } from './failed-models.js';

/** Decides, after a failed call, whether to try another model and whether to suppress the one that failed. */
export interface FailoverPolicy {
  /** Whether another model may succeed where this one failed. */
  shouldFailOver(error: unknown, timedOut: boolean): boolean;
  /** Counts a failure against `modelId`; suppresses it when it keeps failing (or failed for good). */
  recordFailure(modelId: string, error: unknown, timedOut: boolean): void;
  /** Clears the model's failures after it answered. */
  recordSuccess(modelId: string): void;
}

const MAX_TRACKED = 1_000;

/**
 * Creates the policy. Requests that are invalid as such (upstream 400/422) never fail over: every model would
 * refuse them. Models refusing the proxy's account (401/402/403/404) or not configured are suppressed at once;
 * transient failures (429, 5xx, network, timeouts) suppress a model after `threshold` failures in a row.
 */
export function createFailoverPolicy(failed: FailedModels, threshold: number): FailoverPolicy {
  const strikes = new Map<string, number>();
  const isPermanent = (error: unknown) =>
    NoSuchProviderError.isInstance(error) ||
    LoadApiKeyError.isInstance(error) ||
    NoSuchModelError.isInstance(error) ||
    (ApiCallError.isInstance(error) &&
      error.statusCode !== undefined &&
      [401, 402, 403, 404].includes(error.statusCode));
  return {
    shouldFailOver(error, timedOut) {
      if (timedOut) return true;
      if (ApiCallError.isInstance(error)) {
        return error.statusCode !== 400 && error.statusCode !== 422;
      }
      return (
        InvalidResponseDataError.isInstance(error) ||
        NoSuchProviderError.isInstance(error) ||
        LoadApiKeyError.isInstance(error) ||
        NoSuchModelError.isInstance(error)
      );
    },
    recordFailure(modelId, error, timedOut) {
      if (!timedOut && isPermanent(error)) {
        strikes.delete(modelId);
        failed.add(modelId);
        return;
      }
      if (!timedOut && !(ApiCallError.isInstance(error) && error.isRetryable)) return;
      const count = (strikes.get(modelId) ?? 0) + 1;
      if (count >= threshold) {
        strikes.delete(modelId);
        failed.add(modelId);
        return;
      }
      if (strikes.size >= MAX_TRACKED) strikes.clear();
      strikes.set(modelId, count);
    },
    recordSuccess(modelId) {
      if (strikes.size > 0) strikes.delete(modelId);
      failed.delete(modelId);
    },
  };
}
