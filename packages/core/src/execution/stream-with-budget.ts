import type { LanguageModelV1, ModelInfo } from '@tokenwise/spec';
import type { BudgetedCallOptions } from './budgeted-call-options.js';
import { type BudgetedStreamResult, streamWithFailover } from './stream-with-failover.js';

/** Options of {@link streamWithBudget}. */
export interface StreamWithBudgetOptions extends BudgetedCallOptions {
  model: LanguageModelV1;
  /** The catalog entry pricing `model`. */
  modelInfo: ModelInfo;
}

/**
 * One model, streamed, budget-safe: reserve, clamp max_tokens, pass the parts through and settle exactly once
 * (finish, error or reader cancel). Errors before the first content are retried per `retry`.
 * @throws BudgetExceededError (without calling) when the budget cannot pay for `minOutputTokens`.
 */
export function streamWithBudget(options: StreamWithBudgetOptions): Promise<BudgetedStreamResult> {
  const { model, modelInfo, ...rest } = options;
  return streamWithFailover({ ...rest, candidates: [{ model, info: modelInfo }] });
}
