/** Anthropic's smallest thinking budget. */
export const MIN_THINKING_BUDGET_TOKENS = 1024;

/** The outcome of fitting a thinking budget under a clamped `max_tokens`. */
export type ThinkingClamp = { ok: true; budgetTokens: number } | { ok: false; reason: string };

/**
 * Fits `thinking.budget_tokens` under a `max_tokens` the budget clamp lowered. Anthropic requires
 * 1024 ≤ budget_tokens < max_tokens. An unclamped or already fitting budget is kept; otherwise it shrinks in
 * proportion to `max_tokens` (keeping the client's share of thinking versus answer; 32000 / 31999 clamped to
 * 8000 gives 7999), never above `max_tokens - 1`. When even 1024 does not fit, the pair is impossible and the
 * door refuses with a budget error instead of sending an invalid pair upstream.
 */
export function clampThinking({
  budgetTokens,
  requestedMaxTokens,
  clampedMaxTokens,
}: {
  budgetTokens: number;
  requestedMaxTokens: number;
  clampedMaxTokens: number;
}): ThinkingClamp {
  if (budgetTokens < clampedMaxTokens) return { ok: true, budgetTokens };
  if (clampedMaxTokens <= MIN_THINKING_BUDGET_TOKENS) {
    return {
      ok: false,
      reason: `The budget allows at most ${clampedMaxTokens} output tokens, but extended thinking needs max_tokens above ${MIN_THINKING_BUDGET_TOKENS} (budget_tokens must be at least ${MIN_THINKING_BUDGET_TOKENS} and below max_tokens). Raise the budget or disable thinking.`,
    };
  }
  const proportional = Math.floor((budgetTokens * clampedMaxTokens) / Math.max(requestedMaxTokens, 1));
  const fitted = Math.min(proportional, clampedMaxTokens - 1);
  return { ok: true, budgetTokens: Math.max(fitted, MIN_THINKING_BUDGET_TOKENS) };
}
