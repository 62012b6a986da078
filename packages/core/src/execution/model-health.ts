import type { FailureBlame } from './failover-rule.js';

/** Options of {@link createModelHealth}. */
export interface ModelHealthOptions {
  /** How long a model stays suppressed after its last failure, in ms (default 5 minutes, as the original). */
  ttlMs?: number;
  /** Most models remembered; the oldest entries go first (default 50). */
  maxSize?: number;
  /** Transient failures in a row before a model is suppressed (default 3). */
  strikes?: number;
  /** Milliseconds since some fixed point; injectable for tests. */
  now?: () => number;
}

/**
 * What the process has learned about models from their upstream failures: models that keep failing are
 * suppressed for a while so routed calls do not waste a round trip on them. Only upstream failures count
 * (see `judgeFailure`); a request's own defects never take a model away from other callers.
 */
export interface ModelHealth {
  /** Whether `modelId` is currently suppressed. */
  isSuppressed(modelId: string): boolean;
  /** The currently suppressed ids (a new set). */
  suppressed(): Set<string>;
  /** Counts a failure of `modelId` by its blame. */
  recordFailure(modelId: string, blame: FailureBlame): void;
  /** Clears the model's strikes and suppression after it answered. */
  recordSuccess(modelId: string): void;
  /** Suppresses a model at once (or refreshes its entry). */
  suppress(modelId: string): void;
}

const MAX_TRACKED_STRIKES = 1_000;

/** Creates a {@link ModelHealth} (the original proxy's `_FailedModels`, plus strike counting). */
export function createModelHealth(options: ModelHealthOptions = {}): ModelHealth {
  const ttlMs = options.ttlMs ?? 300_000;
  const maxSize = options.maxSize ?? 50;
  const threshold = options.strikes ?? 3;
  const now = options.now ?? Date.now;
  // Insertion order is expiry order because re-adding deletes first.
  const addedAt = new Map<string, number>();
  const strikes = new Map<string, number>();

  const evict = () => {
    // Stryker disable next-line ConditionalExpression: equivalent, a shortcut: the loop does nothing on an empty map.
    if (addedAt.size === 0) return;
    const cutoff = now() - ttlMs;
    for (const [id, at] of addedAt) {
      if (at > cutoff) break;
      addedAt.delete(id);
    }
  };
  const suppress = (modelId: string) => {
    evict();
    strikes.delete(modelId);
    addedAt.delete(modelId);
    addedAt.set(modelId, now());
    while (addedAt.size > maxSize) {
      const oldest = addedAt.keys().next().value;
      // Stryker disable next-line ConditionalExpression: unreachable, a map above maxSize has a first key.
      if (oldest === undefined) break;
      addedAt.delete(oldest);
    }
  };

  return {
    isSuppressed(modelId) {
      evict();
      return addedAt.has(modelId);
    },
    suppressed() {
      evict();
      return new Set(addedAt.keys());
    },
    recordFailure(modelId, blame) {
      if (blame === 'unusable' || blame === 'provider') {
        suppress(modelId);
        return;
      }
      if (blame !== 'strike') return;
      const count = (strikes.get(modelId) ?? 0) + 1;
      if (count >= threshold) {
        suppress(modelId);
        return;
      }
      if (strikes.size >= MAX_TRACKED_STRIKES) strikes.clear();
      strikes.set(modelId, count);
    },
    recordSuccess(modelId) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a shortcut: delete on an empty map does nothing.
      if (strikes.size > 0) strikes.delete(modelId);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a shortcut: delete on an empty map does nothing.
      if (addedAt.size > 0) addedAt.delete(modelId);
    },
    suppress,
  };
}
