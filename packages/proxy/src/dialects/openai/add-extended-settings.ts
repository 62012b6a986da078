import type { CallOptions, JsonObject, JsonValue } from '@tokenwise/spec';
import type { ChatCompletionRequest } from './request-schema.js';

/** OpenAI-only request fields, passed as `providerOptions.openai` (and the same for OpenRouter, which takes them). */
export const OPENAI_ONLY_FIELDS = ['store', 'metadata', 'service_tier', 'prediction', 'modalities'] as const;

/**
 * Copies the chat-completions fields beyond the core ones into call options: typed settings where vendors share
 * the idea (penalties, logit bias, logprobs, parallel tool calls, reasoning effort), `providerOptions` for the
 * OpenAI-only ones. Adapters that cannot honour a field report it as a warning; none is dropped here.
 */
export function addExtendedSettings(
  options: Omit<CallOptions, 'abortSignal'>,
  request: ChatCompletionRequest,
): void {
  if (request.presence_penalty != null) options.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty != null) options.frequencyPenalty = request.frequency_penalty;
  if (request.logit_bias != null) options.logitBias = request.logit_bias;
  if (request.logprobs != null) options.logprobs = request.logprobs;
  if (request.top_logprobs != null) options.topLogprobs = request.top_logprobs;
  if (request.parallel_tool_calls != null) options.parallelToolCalls = request.parallel_tool_calls;
  if (request.reasoning_effort != null) options.reasoningEffort = request.reasoning_effort;
  const vendorOnly: JsonObject = {};
  for (const field of OPENAI_ONLY_FIELDS) {
    const value = request[field];
    if (value != null) vendorOnly[field] = value as JsonValue;
  }
  if (Object.keys(vendorOnly).length > 0) {
    options.providerOptions = { ...options.providerOptions, openai: vendorOnly, openrouter: vendorOnly };
  }
}
