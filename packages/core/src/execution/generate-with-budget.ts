import type { LanguageModelV1, ModelInfo } from '@tokenwise/spec';
import type { BudgetedCallOptions } from './budgeted-call-options.js';
import { type BudgetedGenerateResult, generateWithFailover } from './generate-with-failover.js';

/** Options of {@link generateWithBudget}. */
export interface GenerateWithBudgetOptions extends BudgetedCallOptions {
  model: LanguageModelV1;
  /** The catalog entry pricing `model`. */
  modelInfo: ModelInfo;
}

/**
 * One model, budget-safe: reserve the worst case, call `doGenerate` with the clamped max_tokens, settle to the
 * actual usage; retries per `retry`. See {@link generateWithFailover} for the billing policy on failure.
 * @throws BudgetExceededError (without calling) when the budget cannot pay for `minOutputTokens`; otherwise the
 * last attempt's error.
 */
export function generateWithBudget(options: GenerateWithBudgetOptions): Promise<BudgetedGenerateResult> {
  const { model, modelInfo, ...rest } = options;
  return generateWithFailover({ ...rest, candidates: [{ model, info: modelInfo }] });
}
