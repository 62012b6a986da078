import { noRouteError } from './no-route-error.js';
import type { RouteCall } from './route-call.js';
import type { RouteStrategy, StrategyContext } from './route-strategy.js';
import { SCREEN, screenModel } from './screen-model.js';

/** The model a route call settles on: an index into the call's table. */
export interface ChosenModel {
  readonly index: number;
  /** False for a best-effort choice (`budgetStrict: false`) that the budget cannot pay. */
  readonly withinBudget: boolean;
}

/**
 * Screens every model of the call and keeps the one `strategy` prefers among those that pass. When none passes,
 * `budgetStrict: false` under a budget falls back to the cheapest model that failed only on the budget.
 *
 * @throws NoRouteError when nothing qualifies, or nothing fits the budget and `budgetStrict` is not false.
 */
export function chooseModel(
  call: RouteCall,
  strategy: RouteStrategy,
  context: StrategyContext,
  budgetStrict: boolean | undefined,
): ChosenModel {
  const { chosen, cheapestCapable } = scanModels(call, strategy, context);
  if (chosen >= 0) return { index: chosen, withinBudget: true };
  // A capable model that did not pass failed on the budget, so there is one.
  if (cheapestCapable >= 0 && budgetStrict === false) {
    return { index: cheapestCapable, withinBudget: false };
  }
  throw noRouteError(call, cheapestCapable);
}

/**
 * The hot loop, with every column hoisted into a local. The common case (priced, whole-pico prices, no
 * exclusions) is screened inline; anything else goes through `screenModel`, which is also what builds the
 * rejection list, so both paths apply the same rules (the tests compare them). `cheapestCapable` is the cheapest
 * model that failed on the budget alone or passed.
 */
function scanModels(
  call: RouteCall,
  strategy: RouteStrategy,
  context: StrategyContext,
): { chosen: number; cheapestCapable: number } {
  const table = call.table;
  let chosen = -1;
  let cheapestCapable = -1;
  const costs = table.expectedCost;
  const masks = table.capabilityMask;
  const tiers = table.tierRank;
  const free = table.free;
  const exact = table.exact;
  const family = table.family;
  const contextWindow = table.contextWindow;
  const maxOutput = table.maxOutputTokens;
  const inputPrice = table.inputPicoPerToken;
  const outputPrice = table.outputPicoPerToken;
  const requestPrice = table.requestPico;
  const { requiredMask, minTierRank, allowFree, allowBatch, budgetNumber, minOutputTokens: minOutput } = call;
  const tokens = call.inputTokens;
  const expectedOutput = call.expectedOutputTokens;
  const hasBudget = call.budget !== undefined;
  // Stryker disable next-line ConditionalExpression: equivalent, a fast path.
  const inlineable = call.excluded === undefined;
  for (let index = 0; index < table.size; index++) {
    if ((masks[index]! & requiredMask) !== requiredMask || tiers[index]! < minTierRank) continue;
    let outcome: number;
    // Only priced models are exact.
    if (inlineable && exact[index] === 1) {
      const kind = free[index]!;
      if (kind !== 0 && (kind === 1 ? !allowFree : !allowBatch)) continue;
      const inputTokens = tokens[family[index]!]!;
      const limit = maxOutput[index]!;
      const outputTokens = Math.min(expectedOutput, limit);
      if (inputTokens + outputTokens > contextWindow[index]!) continue;
      const inputCost = inputTokens * inputPrice[index]! + requestPrice[index]!;
      const cost = inputCost + outputTokens * outputPrice[index]!;
      costs[index] = cost;
      if (!hasBudget) {
        outcome = SCREEN.PASS;
      } else {
        const floor = inputCost + Math.min(minOutput, limit) * outputPrice[index]!;
        outcome =
          // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a fast path.
          cost > Number.MAX_SAFE_INTEGER || floor > Number.MAX_SAFE_INTEGER
            ? screenModel(call, index)
            : cost <= budgetNumber && floor <= budgetNumber
              ? SCREEN.PASS
              : SCREEN.OVER_BUDGET;
      }
    } else {
      outcome = screenModel(call, index);
    }
    if (outcome === SCREEN.PASS) {
      if (chosen < 0 || strategy.prefers(index, chosen, context)) chosen = index;
    } else if (outcome !== SCREEN.OVER_BUDGET) {
      continue;
    }
    if (cheapestCapable < 0 || costs[index]! < costs[cheapestCapable]!) cheapestCapable = index;
  }
  return { chosen, cheapestCapable };
}
