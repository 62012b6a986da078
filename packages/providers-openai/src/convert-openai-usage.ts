import type { Usage } from '@tokenwise/spec';
import type { OpenAIUsage } from './openai-api.js';

/**
 * OpenAI usage in TokenWise terms. OpenAI already counts cached tokens inside `prompt_tokens` and reasoning
 * tokens inside `completion_tokens`, which is the TokenWise convention, so nothing is added up here.
 * OpenRouter's `usage.cost` becomes `reportedCostUsd`.
 */
export function convertOpenAIUsage(usage: OpenAIUsage | null | undefined): Usage {
  const result: Usage = {
    inputTokens: usage?.prompt_tokens ?? undefined,
    outputTokens: usage?.completion_tokens ?? undefined,
  };
  const cached = usage?.prompt_tokens_details?.cached_tokens;
  if (cached != null) result.cachedInputTokens = cached;
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
  if (reasoning != null) result.reasoningTokens = reasoning;
  if (usage?.total_tokens != null) result.totalTokens = usage.total_tokens;
  if (usage?.cost != null) result.reportedCostUsd = usage.cost;
  return result;
}
