import type { FetchFunction } from '@tokenwise/provider-utils';

/** What a model needs from its provider; functions so that keys and settings are read at call time. */
export interface AnthropicConfig {
  /** Provider id reported on models and errors. */
  provider: string;
  /** The API base without `/v1`, e.g. `https://api.anthropic.com`. */
  baseURL: () => string;
  /** Request headers including the API key (reads the key: call it per request). */
  headers: () => Record<string, string | undefined>;
  fetch?: FetchFunction;
  timeoutMs?: number;
  /** `max_tokens` when a call gives none. */
  defaultMaxTokens?: number;
}
