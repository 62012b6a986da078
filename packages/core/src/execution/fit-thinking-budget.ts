import type { ThinkingOptions } from '@tokenwise/spec';

/** Anthropic's smallest thinking budget. */
export const MIN_THINKING_BUDGET_TOKENS = 1024;

/** The outcome of fitting a thinking budget under a clamped `maxOutputTokens`. */
export type ThinkingFit = { ok: true; budgetTokens: number } | { ok: false; reason: string };

/**
 * Fits a thinking budget under a max output the budget clamp lowered. Vendors require
 * 1024 ≤ budgetTokens < maxOutputTokens. A fitting budget is kept; otherwise it shrinks in proportion to the max
 * (keeping the caller's share of thinking versus answer: 32000 / 31999 clamped to 8000 gives 7999), never above
 * `clampedMaxTokens - 1`. When even 1024 does not fit the pair is impossible: `ok: false` with the reason.
 */
export function fitThinkingBudget({
  budgetTokens,
  requestedMaxTokens,
  clampedMaxTokens,
}: {
  budgetTokens: number;
  requestedMaxTokens: number;
  clampedMaxTokens: number;
}): ThinkingFit {
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

/**
 * The thinking option an attempt sends: unchanged unless the clamp lowered the max output to or below the
 * thinking budget (then fitted). `requestedMaxTokens` is the caller's max (undefined = none asked).
 */
export function thinkingForAttempt(
  thinking: ThinkingOptions | undefined,
  requestedMaxTokens: number | undefined,
  clampedMaxTokens: number,
): ThinkingFit | undefined {
  if (thinking?.type !== 'enabled' || thinking.budgetTokens < clampedMaxTokens) return undefined;
  // Only a max the engine lowered is ours to repair; a caller's own invalid pair reaches the vendor as sent.
  // Stryker disable next-line ConditionalExpression: equivalent, `n >= undefined` is false.
  if (requestedMaxTokens !== undefined && clampedMaxTokens >= requestedMaxTokens) return undefined;
  return fitThinkingBudget({
    budgetTokens: thinking.budgetTokens,
    requestedMaxTokens: requestedMaxTokens ?? clampedMaxTokens,
    clampedMaxTokens,
  });
}
