import { costOf } from '@tokenwise/core';
import {
  BudgetExceededError,
  costOfTokens,
  type ModelInfo,
  type PicoUsd,
  toDecimalString,
  usd,
} from '@tokenwise/spec';
import { OpenAIHttpError } from '../errors/openai-http-error.js';
import type { ProxyBudget, ProxyReservation } from '../proxy-deps.js';

/** The budget side of one upstream call: the clamped output cap and the money held for it. */
export interface AttemptReservation {
  /** Output cap to send upstream; `undefined` only when no budget applies and the client set none. */
  maxOutputTokens: number | undefined;
  /** Worst-case cost held (counted input, `maxOutputTokens` of output, per-request fee). */
  reserved: PicoUsd;
  /** Held amount in the process budget, if there is one. */
  processHold: ProxyReservation | undefined;
}

/**
 * Reserves the worst case of a call on `model` before it is made: clamps `max_tokens` to what the remaining
 * request and process budgets can pay for and to the model's own maximum, then holds that amount in the process
 * budget. Refuses (before any upstream call) when even `minOutputTokens` of output would not fit.
 * @throws BudgetExceededError when the call cannot fit; OpenAIHttpError 400 for a model without a known price.
 */
export function reserveAttempt(options: {
  model: ModelInfo;
  inputTokens: number;
  requestedMaxTokens: number | undefined;
  defaultMaxOutputTokens: number;
  minOutputTokens: number;
  /** What is left of the request's own ceiling; `undefined` = no ceiling. */
  requestRemaining: PicoUsd | undefined;
  requestBudget: PicoUsd | undefined;
  processBudget: ProxyBudget | undefined;
}): AttemptReservation {
  const { model, inputTokens, processBudget } = options;
  const pricing = model.pricing;
  if (!pricing) {
    throw new OpenAIHttpError({
      status: 400,
      type: 'invalid_request_error',
      code: 'model_unpriced',
      param: 'model',
      message: `The price of "${model.id}" is unknown, so its cost cannot be capped. Pick a priced model.`,
    });
  }
  const modelMax = model.maxOutputTokens;
  const wanted = options.requestedMaxTokens ?? modelMax ?? options.defaultMaxOutputTokens;
  let cap = modelMax === undefined ? wanted : Math.min(wanted, modelMax);
  // Vendors refuse a completion that cannot fit the context window next to the prompt.
  const room = model.contextWindow - inputTokens;
  if (room < 1) {
    throw new OpenAIHttpError({
      status: 400,
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      param: 'messages',
      message: `The prompt (about ${inputTokens} tokens) does not fit the ${model.contextWindow}-token context window of "${model.id}". Shorten it or pick a model with a larger window.`,
    });
  }
  if (room < cap) cap = room;
  const fixed = costOf(model, { inputTokens, outputTokens: 0 }) ?? 0n;

  let available = options.requestRemaining;
  if (processBudget) {
    const left = processBudget.remaining();
    if (left !== undefined && (available === undefined || left < available)) available = left;
  }
  if (available !== undefined) {
    const perMillion = usd(pricing.outputPerMillion);
    const minimum = Math.min(options.minOutputTokens, cap);
    const required = fixed + costOfTokens(minimum, pricing.outputPerMillion);
    if (required > available) throw refusal(model, required, available, options.requestBudget);
    if (perMillion > 0n) {
      const affordable = ((available - fixed) * 1_000_000n) / perMillion;
      if (affordable < BigInt(cap)) cap = Number(affordable);
    }
  }
  const reserved = fixed + costOfTokens(cap, pricing.outputPerMillion);
  let processHold: ProxyReservation | undefined;
  if (processBudget) {
    processHold = processBudget.tryReserve(reserved);
    // Another request took the money between remaining() and tryReserve(): refuse rather than overspend.
    if (!processHold) throw refusal(model, reserved, processBudget.remaining() ?? 0n, options.requestBudget);
  }
  const clamp = available !== undefined || options.requestedMaxTokens !== undefined;
  return { maxOutputTokens: clamp ? cap : undefined, reserved, processHold };
}

function refusal(
  model: ModelInfo,
  required: PicoUsd,
  remaining: PicoUsd,
  budget: PicoUsd | undefined,
): BudgetExceededError {
  const left = remaining < 0n ? 0n : remaining;
  return new BudgetExceededError({
    message: `A call to ${model.id} needs at least $${toDecimalString(required)} but only $${toDecimalString(left)} of the budget is left. Raise the budget or shorten the prompt.`,
    required,
    remaining: left,
    ...(budget === undefined ? {} : { budget }),
  });
}
