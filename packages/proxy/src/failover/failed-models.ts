/** Options of {@link createFailedModels}. */
export interface FailedModelsOptions {
  /** How long a model stays suppressed after its last failure, in ms (default 5 minutes, as the original). */
  ttlMs?: number;
  /** Most models remembered; the oldest entries go first (default 50). */
  maxSize?: number;
  /** Milliseconds since some fixed point; injectable for tests. */
  now?: () => number;
}

/**
 * Models that keep failing, suppressed for a while so requests do not waste a round trip on them. Entries
 * expire `ttlMs` after they were (last) added; the list never grows past `maxSize`.
 */
export interface FailedModels {
  /** Suppresses `modelId` (or refreshes its entry). */
  add(modelId: string): void;
  /** Whether `modelId` is currently suppressed. */
  has(modelId: string): boolean;
  /** Lifts the suppression, e.g. after the model answered. */
  delete(modelId: string): void;
  /** The currently suppressed ids. */
  toSet(): Set<string>;
  /** Number of currently suppressed ids. */
  readonly size: number;
}

/** Creates a {@link FailedModels} list (the original proxy's `_FailedModels`, with an injectable clock). */
export function createFailedModels(options: FailedModelsOptions = {}): FailedModels {
  const ttlMs = options.ttlMs ?? 300_000;
  const maxSize = options.maxSize ?? 50;
  const now = options.now ?? Date.now;
  // Insertion order is expiry order because re-adding deletes first.
  const addedAt = new Map<string, number>();

  const evict = () => {
    if (addedAt.size === 0) return;
    const cutoff = now() - ttlMs;
    for (const [id, at] of addedAt) {
      if (at > cutoff) break;
      addedAt.delete(id);
    }
  };

  return {
    add(modelId) {
      evict();
      addedAt.delete(modelId);
      addedAt.set(modelId, now());
      while (addedAt.size > maxSize) {
        const oldest = addedAt.keys().next().value;
        if (oldest === undefined) break;
        addedAt.delete(oldest);
      }
    },
    has(modelId) {
      evict();
      return addedAt.has(modelId);
    },
    delete(modelId) {
      addedAt.delete(modelId);
    },
    toSet() {
      evict();
      return new Set(addedAt.keys());
    },
    get size() {
      evict();
      return addedAt.size;
    },
  };
}
