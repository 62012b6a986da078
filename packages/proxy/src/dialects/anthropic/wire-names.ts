/** Spec setting → Messages request field, for the dropped-params header of the Messages door. */
export const MESSAGES_WIRE_NAMES: Readonly<Record<string, string>> = {
  temperature: 'temperature',
  topP: 'top_p',
  topK: 'top_k',
  user: 'metadata.user_id',
  toolChoice: 'tool_choice',
  parallelToolCalls: 'tool_choice.disable_parallel_tool_use',
  thinking: 'thinking',
  cacheControl: 'cache_control',
  reasoning: 'thinking blocks',
  anthropicBeta: 'anthropic-beta',
  stopSequences: 'stop_sequences',
};
