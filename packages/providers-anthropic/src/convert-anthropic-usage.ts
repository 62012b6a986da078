import type { Usage } from '@tokenwise/spec';
import type { AnthropicUsage } from './anthropic-api.js';

/**
 * Converts Anthropic usage to the spec's OpenAI convention. Anthropic's `input_tokens` counts only the uncached
 * part of the prompt, so cache reads and cache writes are added back to get the whole prompt size; they stay
 * visible in `cachedInputTokens` and `cacheWriteTokens` so the cost can apply each price.
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  if (usage == null) return { inputTokens: undefined, outputTokens: undefined };
  const uncached = usage.input_tokens ?? undefined;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const inputTokens = uncached === undefined ? undefined : uncached + cacheWrite + cacheRead;
  const outputTokens = usage.output_tokens ?? undefined;
  const result: Usage = { inputTokens, outputTokens };
  if (usage.cache_read_input_tokens != null) result.cachedInputTokens = cacheRead;
  if (usage.cache_creation_input_tokens != null) result.cacheWriteTokens = cacheWrite;
  if (inputTokens !== undefined && outputTokens !== undefined)
    result.totalTokens = inputTokens + outputTokens;
  return result;
}
