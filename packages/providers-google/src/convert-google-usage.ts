import type { Usage } from '@tokenwise/spec';
import type { GoogleUsageMetadata } from './google-api.js';

/**
 * Converts Gemini usage metadata to the spec's OpenAI convention: thinking tokens are billed as output, so
 * `outputTokens` = candidates + thoughts; tool-use prompt tokens are billed as input and added to the prompt.
 */
export function convertGoogleUsage(usage: GoogleUsageMetadata | null | undefined): Usage {
  if (usage == null) return { inputTokens: undefined, outputTokens: undefined };
  const prompt = usage.promptTokenCount ?? undefined;
  const inputTokens = prompt === undefined ? undefined : prompt + (usage.toolUsePromptTokenCount ?? 0);
  const candidates = usage.candidatesTokenCount ?? undefined;
  const thoughts = usage.thoughtsTokenCount ?? undefined;
  // a response that produced nothing (blocked prompt) reports no candidates count at all:
  const outputTokens =
    candidates === undefined && thoughts === undefined
      ? inputTokens === undefined
        ? undefined
        : 0
      : (candidates ?? 0) + (thoughts ?? 0);
  const result: Usage = { inputTokens, outputTokens };
  if (usage.cachedContentTokenCount != null) result.cachedInputTokens = usage.cachedContentTokenCount;
  if (thoughts !== undefined) result.reasoningTokens = thoughts;
  if (usage.totalTokenCount != null) result.totalTokens = usage.totalTokenCount;
  else if (inputTokens !== undefined && outputTokens !== undefined)
    result.totalTokens = inputTokens + outputTokens;
  return result;
}
