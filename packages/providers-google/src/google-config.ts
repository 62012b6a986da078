import type { FetchFunction } from '@tokenwise/provider-utils';

/** What a model needs from its provider; functions so that keys and settings are read at call time. */
export interface GoogleConfig {
  /** Provider id reported on models and errors. */
  provider: string;
  /** The API base including the version, e.g. `https://generativelanguage.googleapis.com/v1beta`. */
  baseURL: () => string;
  /** Request headers including `x-goog-api-key` (reads the key: call it per request). */
  headers: () => Record<string, string | undefined>;
  fetch?: FetchFunction;
  timeoutMs?: number;
}
