import type { BudgetedCallOptions, CallCandidate } from './budgeted-call-options.js';
import { createCallEngine } from './call-engine.js';
import { countToolTokens } from './count-call-input-tokens.js';
import type { CallEngineOptions, EngineGenerateResult } from './engine-types.js';

/** The answer of a budget-safe call and what it cost. */
export type BudgetedGenerateResult = EngineGenerateResult;

/** Options of {@link generateWithFailover}. */
export interface GenerateWithFailoverOptions extends BudgetedCallOptions {
  /** Models to try in order. */
  candidates: readonly CallCandidate[];
}

/**
 * Engine settings from the wrapper options (internal to the wrappers). An unset option is passed as `undefined`,
 * which the engine reads as absent (its defaults apply).
 */
export function engineOptions(options: BudgetedCallOptions): CallEngineOptions {
  const { countTokens } = options;
  return {
    minOutputTokens: options.minOutputTokens,
    defaultMaxOutputTokens: options.defaultMaxOutputTokens,
    retry: options.retry,
    onRecord: options.onAttempt,
    ...(countTokens === undefined
      ? {}
      : {
          countInputTokens: (call, context) =>
            countTokens(call.prompt, context) + countToolTokens(call, context),
        }),
    countOutputTokens: options.countOutputTokens,
    assumedPricing: options.assumedPricing,
    attemptTimeoutMs: options.attemptTimeoutMs,
    now: options.now,
  };
}

/**
 * A budget-safe `doGenerate` over candidates in order: the call engine with a fixed candidate list. Each attempt
 * reserves its worst case, sends the clamped max_tokens and settles to the reported usage (missing counts settle
 * at the worst case, never $0); failover follows the engine's one rule (`judgeFailure`).
 *
 * Billing policy on failure: vendors do not bill a call that failed with an HTTP error, a network error or an
 * abort, so those reservations are released; an answer that arrived but could not be read whole
 * (`InvalidResponseDataError`) was billed by the vendor, so it settles at the worst case.
 * @throws the last attempt's error when no candidate answered (a `BudgetExceededError` when none fit the budget).
 */
export function generateWithFailover(options: GenerateWithFailoverOptions): Promise<BudgetedGenerateResult> {
  return createCallEngine(engineOptions(options)).generate({
    options: options.options,
    candidates: options.candidates,
    budget: options.budget,
    // Unset: the engine's default reason.
    reason: options.reason,
  });
}
