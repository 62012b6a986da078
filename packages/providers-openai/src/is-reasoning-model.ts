/**
 * Whether an OpenAI model id is a reasoning model (o1, o3, o4 families and gpt-5*): these take
 * `max_completion_tokens` and reject a non-default `temperature` / `top_p`. `gpt-5-chat*` is a plain chat model.
 */
export function isReasoningModel(modelId: string): boolean {
  const id = modelId.startsWith('openai/') ? modelId.slice('openai/'.length) : modelId;
  if (/^gpt-5(\.\d+)?-chat/.test(id)) return false;
  return /^o[134](-|$)/.test(id) || /^gpt-5/.test(id);
}
