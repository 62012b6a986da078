import type { CallOptions, CallWarning } from '@tokenwise/spec';

/**
 * Warnings for the Anthropic-native features a non-Anthropic adapter drops: prompt-cache breakpoints
 * (`cacheControl` on messages, parts or tools), reasoning blocks sent back in the prompt (thinking with its
 * signature, redacted thinking) and `anthropic-beta` headers. One warning per feature, so a door can list
 * the dropped fields; the adapters never send these to a vendor that would reject or misread them.
 */
export function anthropicOnlyFeatureWarnings(options: CallOptions, provider: string): CallWarning[] {
  let cacheControl = options.tools?.some((tool) => tool.cacheControl !== undefined) ?? false;
  let reasoning = false;
  for (const message of options.prompt) {
    if (message.role === 'system') {
      cacheControl ||= message.cacheControl !== undefined;
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'reasoning') reasoning = true;
      else cacheControl ||= part.cacheControl !== undefined;
    }
  }
  const warnings: CallWarning[] = [];
  if (cacheControl) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'cacheControl',
      message: `${provider} has no explicit prompt-cache breakpoints; cache_control was dropped.`,
    });
  }
  if (reasoning) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'reasoning',
      message: `${provider} does not take earlier reasoning blocks back; they were dropped from the prompt.`,
    });
  }
  const beta = Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'anthropic-beta');
  if (beta) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'anthropicBeta',
      message: `anthropic-beta applies to Anthropic only; ${provider} ignores it.`,
    });
  }
  return warnings;
}
