/** Spec setting → Responses request field, for the dropped-params header of the Responses door. */
export const RESPONSES_WIRE_NAMES: Readonly<Record<string, string>> = {
  temperature: 'temperature',
  topP: 'top_p',
  user: 'user',
  responseFormat: 'text.format',
  toolChoice: 'tool_choice',
  parallelToolCalls: 'parallel_tool_calls',
  reasoningEffort: 'reasoning.effort',
  logprobs: 'top_logprobs',
  topLogprobs: 'top_logprobs',
  reasoning: 'reasoning items',
};
