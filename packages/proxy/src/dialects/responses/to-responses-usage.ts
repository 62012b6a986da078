import { type PicoUsd, toUsdNumber, type Usage } from '@tokenwise/spec';

/** The Responses API usage object plus TokenWise's `cost` (USD, for display; the ledger keeps the exact value). */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
  cost?: number;
}

/** Spec usage (OpenAI convention) → the Responses API's usage, with `cost` when known. */
export function toResponsesUsage(usage: Usage, cost: PicoUsd | undefined): ResponsesUsage {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.totalTokens ?? input + output,
    ...(cost !== undefined ? { cost: toUsdNumber(cost) } : {}),
  };
}
