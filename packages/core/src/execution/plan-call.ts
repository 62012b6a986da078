import {
  BudgetExceededError,
  formatUsd,
  InvalidArgumentError,
  type Message,
  type ModelInfo,
  maxUsd,
  type PicoUsd,
  type Pricing,
} from '@tokenwise/spec';
import type { Budget } from '../budget/index.js';
import { costOf, maxAffordableOutputTokens } from '../pricing/index.js';
import { countPromptTokens } from '../tokens/index.js';

/** Default floor of useful output: below it a call is refused rather than sent with a uselessly small max_tokens. */
export const DEFAULT_MIN_OUTPUT_TOKENS = 100;

/** max_tokens used when neither the caller nor the model bounds the output. */
export const FALLBACK_MAX_OUTPUT_TOKENS = 4_096;

/** Counts the input tokens of a prompt for a model (inject a stub in tests, or a tokenizer-backed counter). */
export type PromptTokenCounter = (prompt: string | Message[], options: { modelId: string }) => number;

/** Options of {@link planCall}. */
export interface PlanCallOptions {
  model: ModelInfo;
  prompt: string | Message[];
  /** The caller's own max_tokens, if any. */
  maxOutputTokens?: number;
  budget: Budget;
  /** Refuse the call when the budget cannot pay for at least this many output tokens (default 100). */
  minOutputTokens?: number;
  /** Input token counter; defaults to `countPromptTokens` (exact for OpenAI with a loaded tokenizer, else a high estimate). */
  countTokens?: PromptTokenCounter;
  /**
   * Prices to assume for a model the catalog has no price for. Without it an unpriced model is refused: an unknown
   * price is never treated as free, and a reservation needs a worst case.
   */
  assumedPricing?: Pricing;
}

/** What a budget-safe call will send and hold. */
export interface CallPlan {
  /** Counted input tokens. */
  inputTokens: number;
  /** max_tokens to send: the smallest of the caller's max, the model's max and what the budget can pay for. */
  maxOutputTokens: number;
  /** The most the call can cost with these limits: what to reserve. */
  worstCase: PicoUsd;
  /** The model with the prices used (the catalog's, or `assumedPricing`); settle with these too. */
  pricedModel: ModelInfo;
}

/**
 * Sizes a call before it is made: counts the input, clamps max_tokens to (a) the model's maximum output (its
 * context window when unknown), (b) what the remaining budget can pay for after the input and any per-request fee,
 * and (c) the caller's max, and prices the worst case. Input is priced at the higher of the input and cache-write
 * prices, since a prompt may be written to the vendor's cache.
 * @throws BudgetExceededError when the budget cannot pay for the input plus `minOutputTokens` (or the caller's
 * smaller max); nothing should be sent then.
 * @throws InvalidArgumentError for an unpriced model without `assumedPricing`.
 */
export function planCall(options: PlanCallOptions): CallPlan {
  const { model, budget } = options;
  const pricing = model.pricing ?? options.assumedPricing;
  if (!pricing) {
    throw new InvalidArgumentError({
      argument: 'assumedPricing',
      message: `Model "${model.id}" has no known price, so its cost cannot be bounded: pick a priced model or pass assumedPricing.`,
    });
  }
  const pricedModel: ModelInfo = model.pricing ? model : { ...model, pricing };
  const minOutputTokens = options.minOutputTokens ?? DEFAULT_MIN_OUTPUT_TOKENS;
  const count = options.countTokens ?? ((prompt, { modelId }) => countPromptTokens(prompt, { modelId }));
  const inputTokens = count(options.prompt, { modelId: model.id });

  const modelCap = model.maxOutputTokens ?? (model.contextWindow > 0 ? model.contextWindow : undefined);
  const callerCap = options.maxOutputTokens;
  let wanted = Math.min(callerCap ?? Number.POSITIVE_INFINITY, modelCap ?? Number.POSITIVE_INFINITY);
  if (!Number.isFinite(wanted)) wanted = FALLBACK_MAX_OUTPUT_TOKENS;

  const inputWorst = maxUsd(
    costOf(pricedModel, { inputTokens, outputTokens: 0 })!,
    costOf(pricedModel, { inputTokens, outputTokens: 0, cacheWriteTokens: inputTokens })!,
  );
  // costOf(0 input, n output) includes the per-request fee, which inputWorst already holds.
  const fee = costOf(pricedModel, { inputTokens: 0, outputTokens: 0 })!;
  const remaining = budget.remaining();
  let maxOutputTokens = wanted;
  if (remaining !== undefined) {
    const affordable =
      remaining < inputWorst
        ? -1
        : maxAffordableOutputTokens(pricedModel, { inputTokens: 0, budget: remaining - inputWorst + fee })!;
    const floor = Math.min(minOutputTokens, wanted);
    if (affordable < floor) {
      const required = inputWorst + costOf(pricedModel, { inputTokens: 0, outputTokens: floor })! - fee;
      throw new BudgetExceededError({
        message: `Budget too low for ${model.id}: ${formatUsd(remaining)} left, but ${inputTokens} input tokens and ${floor} output tokens need ${formatUsd(required)}. Raise the budget, shorten the prompt or pick a cheaper model.`,
        remaining,
        required,
        budget: budget.limit,
      });
    }
    maxOutputTokens = Math.min(wanted, affordable);
  }
  const worstCase =
    inputWorst + costOf(pricedModel, { inputTokens: 0, outputTokens: maxOutputTokens })! - fee;
  return { inputTokens, maxOutputTokens, worstCase, pricedModel };
}
