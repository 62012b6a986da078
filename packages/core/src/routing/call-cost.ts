import type { PicoUsd } from '@tokenwise/spec';
import { maxAffordableOutputTokens } from '../pricing/max-affordable-output-tokens.js';
import { costOf } from '../pricing/model-cost.js';
import type { RouteCall } from './route-call.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Exact cost on model `index`; equal to `costOf` but without bigint parsing when the float sum is exact (whole
 * pico per token, below 2^53), which keeps `costOf`'s ~1 µs per call off the route path. `undefined` when the
 * model has no price.
 */
export function costOfCall(
  call: RouteCall,
  index: number,
  inputTokens: number,
  outputTokens: number,
): PicoUsd | undefined {
  const table = call.table;
  if (table.priced[index] !== 1) return undefined;
  if (table.exact[index] === 1) {
    const cost =
      inputTokens * table.inputPicoPerToken[index]! +
      outputTokens * table.outputPicoPerToken[index]! +
      table.requestPico[index]!;
    if (cost <= Number.MAX_SAFE_INTEGER) return BigInt(cost);
  }
  return costOf(table.models[index]!, { inputTokens, outputTokens });
}

/**
 * `maxAffordableOutputTokens` on model `index`, exact and without bigint parsing for whole-pico prices: -1 when
 * the budget cannot pay the input and fee, `Infinity` when output is free, `undefined` when the price is unknown.
 */
export function affordableOutputTokens(
  call: RouteCall,
  index: number,
  inputTokens: number,
  budget: PicoUsd,
): number | undefined {
  const table = call.table;
  const outputPrice = table.outputPicoPerToken[index]!;
  if (table.exact[index] === 1 && outputPrice > 0) {
    const inputCost = costOfCall(call, index, inputTokens, 0);
    if (inputCost !== undefined) {
      if (inputCost > budget) return -1;
      const tokens = (budget - inputCost) / BigInt(outputPrice);
      return tokens > MAX_SAFE ? Number.MAX_SAFE_INTEGER : Number(tokens);
    }
  }
  return maxAffordableOutputTokens(table.models[index]!, { inputTokens, budget });
}
