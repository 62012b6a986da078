import { costOf } from '../pricing/model-cost.js';
import { inputTokensOf, outputTokensOf, type RouteCall } from './route-call.js';

/**
 * Outcome of screening one model for a route call; `PASS` means the model is a candidate. Numbers, not strings,
 * because the screen runs for every model of the catalogue on every route.
 */
export const SCREEN = {
  PASS: 0,
  EXCLUDED: 1,
  MISSING_CAPABILITY: 2,
  BELOW_TIER: 3,
  FREE_EXCLUDED: 4,
  UNPRICED: 5,
  CONTEXT_TOO_SMALL: 6,
  OVER_BUDGET: 7,
  BATCH_EXCLUDED: 8,
} as const;

/** One of the {@link SCREEN} outcomes. */
export type ScreenOutcome = (typeof SCREEN)[keyof typeof SCREEN];

/**
 * Screens model `index` against every filter of the route, writing its expected cost (float pico-USD; `Infinity`
 * when unpriced or too small) into the table's scratch. Numbers only, no allocation. Budget checks run in floats
 * only when they are exact (whole pico per token and sums below 2^53); anything else is checked in bigint with
 * `costOf`. A model fits a budget when the budget pays its expected cost and input + fee + the minimum output.
 */
export function screenModel(call: RouteCall, index: number): ScreenOutcome {
  const table = call.table;
  if (call.excluded?.has(table.models[index]!.id)) return SCREEN.EXCLUDED;
  if ((table.capabilityMask[index]! & call.requiredMask) !== call.requiredMask)
    return SCREEN.MISSING_CAPABILITY;
  if (table.tierRank[index]! < call.minTierRank) return SCREEN.BELOW_TIER;
  if (table.free[index] === 1 && !call.allowFree) return SCREEN.FREE_EXCLUDED;
  if (table.free[index] === 2 && !call.allowBatch) return SCREEN.BATCH_EXCLUDED;
  const priced = table.priced[index] === 1;
  if (!priced && (!call.allowUnpriced || call.budget !== undefined)) {
    table.expectedCost[index] = Number.POSITIVE_INFINITY;
    return SCREEN.UNPRICED;
  }
  const inputTokens = inputTokensOf(call, index);
  const outputTokens = outputTokensOf(call, index);
  if (inputTokens + outputTokens > table.contextWindow[index]!) {
    table.expectedCost[index] = Number.POSITIVE_INFINITY;
    return SCREEN.CONTEXT_TOO_SMALL;
  }
  if (!priced) {
    table.expectedCost[index] = Number.POSITIVE_INFINITY;
    return SCREEN.PASS;
  }
  const inputCost = inputTokens * table.inputPicoPerToken[index]! + table.requestPico[index]!;
  const outputPrice = table.outputPicoPerToken[index]!;
  const cost = inputCost + outputTokens * outputPrice;
  table.expectedCost[index] = cost;
  if (call.budget === undefined) return SCREEN.PASS;
  const minOutput = Math.min(call.minOutputTokens, table.maxOutputTokens[index]!);
  const floor = inputCost + minOutput * outputPrice;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent, a fast path.
  if (table.exact[index] === 1 && cost <= Number.MAX_SAFE_INTEGER && floor <= Number.MAX_SAFE_INTEGER) {
    // Every term is an exact integer below 2^53, so these float comparisons are exact.
    return cost <= call.budgetNumber && floor <= call.budgetNumber ? SCREEN.PASS : SCREEN.OVER_BUDGET;
  }
  const model = table.models[index]!;
  const expected = costOf(model, { inputTokens, outputTokens }) ?? 0n;
  const exactFloor = costOf(model, { inputTokens, outputTokens: minOutput }) ?? 0n;
  return expected <= call.budget && exactFloor <= call.budget ? SCREEN.PASS : SCREEN.OVER_BUDGET;
}
