import type { Usage } from '@tokenwise/spec';
import { type ClientCost, wireCost } from '../../gateway/client-cost.js';

/** OpenAI's usage object plus the TokenWise `cost` field (USD; exact value in the ledger). */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
  /**
   * What the call cost in USD, for display (sums are made in exact pico-dollars); `null` when unknown: a model
   * without a known price, forwarded because no budget applied.
   */
  cost?: number | null;
}

/** Converts spec usage (OpenAI's counting convention) and an exact cost to the wire usage object. */
export function toOpenAIUsage(usage: Usage, cost: ClientCost): OpenAIUsage {
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  const result: OpenAIUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage.totalTokens ?? prompt + completion,
    ...wireCost(cost),
  };
  if (usage.cachedInputTokens !== undefined) {
    result.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  }
  if (usage.reasoningTokens !== undefined) {
    result.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  }
  return result;
}
