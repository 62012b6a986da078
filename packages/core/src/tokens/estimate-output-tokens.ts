import type { Complexity } from '@tokenwise/spec';

/**
 * Expected answer length by prompt complexity, used when the caller gives no `max_tokens`: a short chat
 * answer, a page, a long multi-part answer. These price the *expected* call; the worst case a budget
 * reserves is the clamped maximum output, not these figures.
 */
export const EXPECTED_OUTPUT_TOKENS: Readonly<Record<Complexity, number>> = {
  simple: 256,
  moderate: 1_024,
  complex: 2_048,
};

/** Input of {@link estimateOutputTokens}. */
export interface EstimateOutputTokensInput {
  /** The caller's `max_tokens`; when given, it is the estimate (the caller expects up to that much). */
  maxOutputTokens?: number;
  complexity: Complexity;
  /** The model's own output limit, which caps the estimate. */
  modelMaxOutputTokens?: number;
}

/** Expected output tokens of a call: `maxOutputTokens` if given, else by complexity; capped at the model's limit. */
export function estimateOutputTokens(input: EstimateOutputTokensInput): number {
  const expected =
    input.maxOutputTokens ?? EXPECTED_OUTPUT_TOKENS[input.complexity] ?? EXPECTED_OUTPUT_TOKENS.moderate;
  const limit = input.modelMaxOutputTokens;
  return limit !== undefined && limit > 0 && limit < expected ? limit : expected;
}
