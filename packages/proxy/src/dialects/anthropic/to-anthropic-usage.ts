import type { Usage } from '@tokenwise/spec';
import { type ClientCost, wireCost } from '../../gateway/client-cost.js';

/** Anthropic's usage object plus TokenWise's `cost` (USD, for display; the ledger keeps the exact value). */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  /** USD; `null` when unknown (a model without a known price). */
  cost?: number | null;
}

/**
 * Spec usage (OpenAI convention: input includes cache reads and writes) → Anthropic's, where `input_tokens`
 * counts only the uncached rest.
 */
export function toAnthropicUsage(usage: Usage, cost?: ClientCost): AnthropicUsage {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const result: AnthropicUsage = {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: usage.cacheWriteTokens ?? null,
    cache_read_input_tokens: usage.cachedInputTokens ?? null,
    ...wireCost(cost),
  };
  return result;
}
