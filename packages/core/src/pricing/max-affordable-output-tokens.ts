import { type ModelInfo, type PicoUsd, usd } from '@tokenwise/spec';
import { costOf } from './model-cost.js';

/**
 * The largest number of output tokens a `budget` can pay for on `model` after the input (and any per-request
 * fee), consistent with the rounding of {@link costOf}: `costOf(model, { inputTokens, outputTokens: n }) <= budget`
 * holds for the returned `n` and fails for `n + 1`.
 * @returns `Infinity` for free output, `-1` when the budget cannot even pay the input, `undefined` when the
 * model is unpriced.
 */
export function maxAffordableOutputTokens(
  model: ModelInfo,
  options: { inputTokens: number; budget: PicoUsd },
): number | undefined {
  const pricing = model.pricing;
  if (!pricing) return undefined;
  // costOf has a price for every priced model.
  const remaining = options.budget - costOf(model, { inputTokens: options.inputTokens, outputTokens: 0 })!;
  if (remaining < 0n) return -1;
  const perMillion = usd(pricing.outputPerMillion);
  if (perMillion <= 0n) return Number.POSITIVE_INFINITY;
  // costOfTokens rounds half up: round(p·n / 10^6) <= r  ⇔  p·n <= (r + 1)·10^6 − 500001.
  const tokens = ((remaining + 1n) * 1_000_000n - 500_001n) / perMillion;
  // Above 2^53 the float is inexact but larger than any output limit; cap it at the largest exact integer.
  return Math.min(Number(tokens), Number.MAX_SAFE_INTEGER);
}
