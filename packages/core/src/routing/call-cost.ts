import type { PicoUsd } from '@tokenwise/spec';
import { maxAffordableOutputTokens } from '../pricing/max-affordable-output-tokens.js';
import { costOf } from '../pricing/model-cost.js';
import type { RouteCall } from './route-call.js';

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
  // Only priced models are exact; `costOf` answers `undefined` for the others.
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, a fast path of `costOf`.
  if (table.exact[index] === 1) {
    const cost =
      inputTokens * table.inputPicoPerToken[index]! +
      outputTokens * table.outputPicoPerToken[index]! +
      table.requestPico[index]!;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a fast path.
    if (cost <= Number.MAX_SAFE_INTEGER) return BigInt(cost);
  }
  return costOf(table.models[index]!, { inputTokens, outputTokens });
}

/**
 * `maxAffordableOutputTokens` on model `index`, exact and without bigint parsing for whole-pico prices; `Infinity`
 * when output is free. Only for a priced model whose input and fee `budget` pays (what `decideRoute` clamps), so
 * the answer is never negative.
 */
export function affordableOutputTokens(
  call: RouteCall,
  index: number,
  inputTokens: number,
  budget: PicoUsd,
): number {
  const table = call.table;
  const outputPrice = table.outputPicoPerToken[index]!;
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, a fast path.
  if (table.exact[index] === 1 && outputPrice > 0) {
    // Whole pico per token, so the quotient is exact. Above 2^53 the number rounds, but it is then far above any
    // context window, which caps the output first.
    return Number((budget - costOfCall(call, index, inputTokens, 0)!) / BigInt(outputPrice));
  }
  return maxAffordableOutputTokens(table.models[index]!, { inputTokens, budget })!;
}
