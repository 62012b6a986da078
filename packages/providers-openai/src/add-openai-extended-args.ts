import type { CallOptions, CallWarning, JsonObject } from '@tokenwise/spec';

/** Which server dialect of the Chat Completions body the extended settings follow. */
export type OpenAIParameterStyle = 'openai' | 'openrouter';

// OpenAI's reasoning models reject these sampling fields with a 400 (documented for o1/o3/o4/gpt-5):
const notForReasoning = [
  'presencePenalty',
  'frequencyPenalty',
  'logitBias',
  'logprobs',
  'topLogprobs',
] as const;

/**
 * Adds the settings beyond the core ones to a Chat Completions body: penalties, `logit_bias`, `logprobs` /
 * `top_logprobs`, `parallel_tool_calls`, `reasoning_effort`, `top_k` and `thinking`. The rules follow the MODEL
 * (`reasoning`), never the base URL. A setting this server cannot take is left out and reported as an
 * `unsupported-setting` warning, never dropped silently.
 */
export function addOpenAIExtendedArgs(
  body: JsonObject,
  options: CallOptions,
  context: { modelId: string; reasoning: boolean; style: OpenAIParameterStyle },
): CallWarning[] {
  const warnings: CallWarning[] = [];
  const drop = (setting: string, why: string) =>
    warnings.push({ type: 'unsupported-setting', setting, message: `${setting} was not sent: ${why}` });
  const wire = {
    presencePenalty: 'presence_penalty',
    frequencyPenalty: 'frequency_penalty',
    logitBias: 'logit_bias',
    logprobs: 'logprobs',
    topLogprobs: 'top_logprobs',
  } as const;
  for (const setting of notForReasoning) {
    const value = options[setting];
    if (value === undefined) continue;
    if (context.reasoning) drop(setting, `${context.modelId} is a reasoning model and rejects it.`);
    else body[wire[setting]] = value;
  }
  if (options.parallelToolCalls !== undefined) {
    if (options.tools !== undefined && options.tools.length > 0) {
      body.parallel_tool_calls = options.parallelToolCalls;
    } else drop('parallelToolCalls', 'it only applies when tools are given.');
  }
  if (options.reasoningEffort !== undefined) {
    if (context.style === 'openrouter') body.reasoning = { effort: options.reasoningEffort };
    else if (context.reasoning) body.reasoning_effort = options.reasoningEffort;
    else drop('reasoningEffort', `${context.modelId} is not a reasoning model.`);
  }
  if (options.topK !== undefined) {
    if (context.style === 'openrouter') body.top_k = options.topK;
    else drop('topK', 'the OpenAI API has no top_k.');
  }
  if (options.thinking !== undefined) {
    if (context.style === 'openrouter') {
      body.reasoning =
        options.thinking.type === 'enabled'
          ? { ...(body.reasoning as JsonObject | undefined), max_tokens: options.thinking.budgetTokens }
          : { ...(body.reasoning as JsonObject | undefined), enabled: false };
    } else drop('thinking', 'the OpenAI API has no thinking budget; use reasoningEffort.');
  }
  return warnings;
}
