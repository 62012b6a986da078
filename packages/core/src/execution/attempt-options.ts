import type { CallOptions } from '@tokenwise/spec';
import type { CallPlan } from './plan-call.js';

/** The options one attempt sends: the caller's, with the plan's clamped max output and fitted thinking budget. */
export function attemptOptions<T extends Pick<CallOptions, 'thinking' | 'maxOutputTokens'>>(
  options: T,
  plan: CallPlan,
): T {
  return {
    ...options,
    maxOutputTokens: plan.maxOutputTokens,
    ...(plan.thinkingBudgetTokens === undefined
      ? {}
      : { thinking: { type: 'enabled', budgetTokens: plan.thinkingBudgetTokens } }),
  };
}
