import type { FunctionTool, Prompt } from '@tokenwise/spec';
import type { CountTokensRequest } from './request-schema.js';
import { toCall } from './to-call.js';

/** Counts a prompt's input tokens for a model (the proxy's tokenizer). */
export type InputTokenCounter = (input: {
  model: string;
  prompt: Prompt;
  tools: readonly FunctionTool[];
}) => number;

/**
 * Answers `POST /v1/messages/count_tokens`: `{ input_tokens }` from the proxy's own counter for the prompt,
 * system and tools the request would send. Nothing is called upstream and nothing is spent.
 */
export function countTokens(
  request: CountTokensRequest,
  counter: InputTokenCounter,
): { input_tokens: number } {
  const call = toCall({ ...request, max_tokens: 1 });
  return {
    input_tokens: counter({
      model: call.model,
      prompt: call.options.prompt,
      tools: call.options.tools ?? [],
    }),
  };
}
