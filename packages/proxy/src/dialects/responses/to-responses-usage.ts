import type { Usage } from '@tokenwise/spec';
import { type ClientCost, wireCost } from '../../gateway/client-cost.js';

/** The Responses API usage object plus TokenWise's `cost` (USD, for display; the ledger keeps the exact value). */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
  /** USD; `null` when unknown (a model without a known price). */
  cost?: number | null;
}

/** Spec usage (OpenAI convention) → the Responses API's usage, with `cost` when known. */
export function toResponsesUsage(usage: Usage, cost: ClientCost): ResponsesUsage {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.totalTokens ?? input + output,
    ...wireCost(cost),
  };
}
