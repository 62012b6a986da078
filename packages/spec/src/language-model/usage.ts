/**
 * Token usage of one call. Counts follow OpenAI's convention whatever the vendor:
 * `inputTokens` includes cached and cache-written input tokens, `outputTokens` includes reasoning tokens.
 */
export interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /** Input tokens read from the vendor's prompt cache (billed at the cache-read price). */
  cachedInputTokens?: number;
  /** Input tokens written to the vendor's prompt cache (billed at the cache-write price). */
  cacheWriteTokens?: number;
  /** Output tokens spent on hidden reasoning. */
  reasoningTokens?: number;
  totalTokens?: number;
  /** Cost reported by the vendor itself (OpenRouter `usage.cost`), in USD. */
  reportedCostUsd?: number;
}
