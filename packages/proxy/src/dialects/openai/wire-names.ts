/** Spec setting → chat-completions field, for the dropped-params header of the chat door. */
export const CHAT_WIRE_NAMES: Readonly<Record<string, string>> = {
  temperature: 'temperature',
  topP: 'top_p',
  topK: 'top_k',
  seed: 'seed',
  user: 'user',
  responseFormat: 'response_format',
  toolChoice: 'tool_choice',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  logitBias: 'logit_bias',
  logprobs: 'logprobs',
  topLogprobs: 'top_logprobs',
  parallelToolCalls: 'parallel_tool_calls',
  reasoningEffort: 'reasoning_effort',
  thinking: 'thinking',
};
