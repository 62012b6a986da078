import type { CallOptions, CallWarning, JsonObject } from '@tokenwise/spec';

const openaiOnly = ['presencePenalty', 'frequencyPenalty', 'logitBias', 'logprobs', 'topLogprobs'] as const;

/**
 * Adds `top_k`, `thinking` and the parallel-tool-use switch to a Messages API body (after `tool_choice` is set)
 * and reports the settings Anthropic has no field for (penalties, `logit_bias`, `logprobs`, `reasoningEffort`)
 * as `unsupported-setting` warnings. The thinking budget is sent as given: keeping it ≥ 1024 and below
 * `max_tokens` is the caller's job (the proxy's thinking clamp does it).
 */
export function addAnthropicExtendedArgs(body: JsonObject, options: CallOptions): CallWarning[] {
  const warnings: CallWarning[] = [];
  for (const setting of openaiOnly) {
    if (options[setting] === undefined) continue;
    warnings.push({
      type: 'unsupported-setting',
      setting,
      message: `Anthropic has no ${setting}; it was not sent.`,
    });
  }
  if (options.reasoningEffort !== undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'reasoningEffort',
      message: 'Anthropic takes a thinking budget, not a reasoning effort; reasoningEffort was not sent.',
    });
  }
  if (options.topK !== undefined) body.top_k = options.topK;
  if (options.thinking !== undefined) {
    body.thinking =
      options.thinking.type === 'enabled'
        ? { type: 'enabled', budget_tokens: options.thinking.budgetTokens }
        : { type: 'disabled' };
  }
  if (options.parallelToolCalls === false) {
    if (body.tools !== undefined) {
      const choice = (body.tool_choice as JsonObject | undefined) ?? { type: 'auto' };
      // `none` calls no tool at all, so it takes no parallelism switch:
      if (choice.type !== 'none') body.tool_choice = { ...choice, disable_parallel_tool_use: true };
    } else {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'parallelToolCalls',
        message: 'parallelToolCalls only applies when tools are given; it was not sent.',
      });
    }
  }
  return warnings;
}
