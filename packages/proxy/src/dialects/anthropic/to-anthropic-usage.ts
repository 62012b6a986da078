import { type PicoUsd, toUsdNumber, type Usage } from '@tokenwise/spec';

/** Anthropic's usage object plus TokenWise's `cost` (USD, for display; the ledger keeps the exact value). */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  cost?: number;
}

/**
 * Spec usage (OpenAI convention: input includes cache reads and writes) → Anthropic's, where `input_tokens`
 * counts only the uncached rest.
 */
export function toAnthropicUsage(usage: Usage, cost?: PicoUsd): AnthropicUsage {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const result: AnthropicUsage = {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: usage.cacheWriteTokens ?? null,
    cache_read_input_tokens: usage.cachedInputTokens ?? null,
  };
  if (cost !== undefined) result.cost = toUsdNumber(cost);
  return result;
}
