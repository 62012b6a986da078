import {
  type AttemptRecord,
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
import {
  costOf,
  DEFAULT_MIN_OUTPUT_TOKENS,
  FALLBACK_MAX_OUTPUT_TOKENS,
  maxAffordableOutputTokens,
} from '../pricing/index.js';
import { countPromptTokens } from '../tokens/index.js';

/** Counts the input tokens of a prompt for a model (inject a stub in tests, or a tokenizer-backed counter). */
export type PromptTokenCounter = (prompt: string | Message[], options: { modelId: string }) => number;

/** Options of {@link planCall}. */
export interface PlanCallOptions {
  model: ModelInfo;
  prompt: string | Message[];
  /** The caller's own max_tokens, if any. */
  maxOutputTokens?: number;
  /**
   * The output to reserve for when the caller sets no max_tokens (default {@link FALLBACK_MAX_OUTPUT_TOKENS}). Not
   * the model's whole output limit: reserving that for every request would starve concurrent ones.
   */
  defaultMaxOutputTokens?: number;
  /** The budget whose remaining room sizes the call; ignored when `remaining` is given. */
  budget?: Budget;
  /** The room to size the call against (the smallest of every level); `undefined` = unlimited. */
  remaining?: PicoUsd | undefined;
  /** The level that `remaining` comes from, named in the refusal (e.g. `process`, `key:k1`). */
  limitedBy?: string;
  /** Refuse the call when the budget cannot pay for at least this many output tokens (default 100). */
  minOutputTokens?: number;
  /** Input tokens counted by the caller (everything billed: messages, tools, schemas); wins over `countTokens`. */
  inputTokens?: number;
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
  /** True when the catalog has no price for the model and `assumedPricing` sized the call. */
  unpriced: boolean;
  /** A thinking budget lowered with the clamped max output (set by the engine; absent = as the caller sent). */
  thinkingBudgetTokens?: number;
}

/**
 * Sizes a call before it is made: counts the input, clamps max_tokens to (a) the model's maximum output and the
 * room its context window leaves next to the input, (b) what the remaining budget can pay for after the input and any per-request fee,
 * and (c) the caller's max, and prices the worst case. Input is priced at the higher of the input and cache-write
 * prices, since a prompt may be written to the vendor's cache.
 * @throws BudgetExceededError when the budget cannot pay for the input plus `minOutputTokens` (or the caller's
 * smaller max); nothing should be sent then.
 * @throws InvalidArgumentError for an unpriced model without `assumedPricing`.
 */
export function planCall(options: PlanCallOptions): CallPlan {
  const { model } = options;
  const pricing = model.pricing ?? options.assumedPricing;
  if (!pricing) {
    throw new InvalidArgumentError({
      argument: 'assumedPricing',
      message: `Model "${model.id}" has no known price, so its cost cannot be bounded: pick a priced model or give it a price (model_overrides).`,
    });
  }
  const pricedModel: ModelInfo = model.pricing ? model : { ...model, pricing };
  const minOutputTokens = options.minOutputTokens ?? DEFAULT_MIN_OUTPUT_TOKENS;
  // Stryker disable next-line ObjectLiteral: equivalent, without tokenizers countPromptTokens ignores the model id.
  const count = options.countTokens ?? ((prompt, { modelId }) => countPromptTokens(prompt, { modelId }));
  const inputTokens = options.inputTokens ?? count(options.prompt, { modelId: model.id });

  // Vendors refuse a completion that cannot fit the context window next to the prompt.
  const room = model.contextWindow > 0 ? model.contextWindow - inputTokens : Number.POSITIVE_INFINITY;
  if (room < 1) {
    throw new InvalidArgumentError({
      argument: 'contextWindow',
      message: `The prompt (about ${inputTokens} tokens) does not fit the ${model.contextWindow}-token context window of ${model.id}: shorten it or pick a model with a larger window.`,
    });
  }
  const modelCap = Math.min(model.maxOutputTokens ?? Number.POSITIVE_INFINITY, room);
  const callerCap = options.maxOutputTokens ?? options.defaultMaxOutputTokens ?? FALLBACK_MAX_OUTPUT_TOKENS;
  const wanted = Math.max(1, Math.min(callerCap, modelCap));

  const inputWorst = maxUsd(
    costOf(pricedModel, { inputTokens, outputTokens: 0 })!,
    costOf(pricedModel, { inputTokens, outputTokens: 0, cacheWriteTokens: inputTokens })!,
  );
  // costOf(0 input, n output) includes the per-request fee, which inputWorst already holds.
  const fee = costOf(pricedModel, { inputTokens: 0, outputTokens: 0 })!;
  const remaining =
    options.remaining !== undefined || options.budget === undefined
      ? options.remaining
      : options.budget.remaining();
  let maxOutputTokens = wanted;
  if (remaining !== undefined) {
    const affordable =
      // Stryker disable next-line ConditionalExpression: equivalent, maxAffordableOutputTokens answers -1 then too.
      remaining < inputWorst
        ? -1
        : maxAffordableOutputTokens(pricedModel, { inputTokens: 0, budget: remaining - inputWorst + fee })!;
    const floor = Math.min(minOutputTokens, wanted);
    if (affordable < floor) {
      const required = inputWorst + costOf(pricedModel, { inputTokens: 0, outputTokens: floor })! - fee;
      const level = options.limitedBy ?? options.budget?.label;
      const which = level ? `the ${level} budget` : 'the budget';
      const fits =
        affordable < 0
          ? `the input alone (about ${inputTokens} tokens) costs ${formatUsd(inputWorst)}`
          : `that pays for at most ${affordable} output tokens, below the minimum of ${floor}`;
      throw new BudgetExceededError({
        message: `Budget too low for ${model.id}: ${inputTokens} input and ${floor} output tokens need ${formatUsd(required)}, but ${which} has ${formatUsd(remaining)} left (${fits}). Raise ${which}, shorten the prompt or pick a cheaper model.`,
        remaining,
        required,
        budget: options.budget?.limit,
        level,
        ...(affordable > 0 ? { fittingOutputTokens: affordable } : {}),
      });
    }
    maxOutputTokens = Math.min(wanted, affordable);
  }
  const worstCase =
    inputWorst + costOf(pricedModel, { inputTokens: 0, outputTokens: maxOutputTokens })! - fee;
  return { inputTokens, maxOutputTokens, worstCase, pricedModel, unpriced: model.pricing === undefined };
}

/**
 * The cost source to record for a settled call: an unpriced model's cost is `unpriced` (unknown, never a silent
 * $0) unless the vendor reported what it charged; otherwise `known`.
 */
export function settledCostSource(
  plan: Pick<CallPlan, 'unpriced'>,
  usage: { reportedCostUsd?: unknown } | undefined,
  known: NonNullable<AttemptRecord['costSource']>,
): NonNullable<AttemptRecord['costSource']> {
  return plan.unpriced && usage?.reportedCostUsd === undefined ? 'unpriced' : known;
}
