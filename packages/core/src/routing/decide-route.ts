import type { RejectedCandidate, RouteDecision, Scenario } from '@tokenwise/spec';
import { affordableOutputTokens, costOfCall } from './call-cost.js';
import type { ChosenModel } from './choose-model.js';
import { listRejections } from './list-rejections.js';
import { inputTokensOf, outputTokensOf, type RouteCall } from './route-call.js';
import type { RouteStrategy } from './route-strategy.js';

/**
 * The decision for the chosen model: expected cost, and the worst case clamped to what the budget pays for (so it
 * never exceeds the budget when `withinBudget`; a best-effort choice reports the model's unclamped worst case).
 * `rejected` is built eagerly only with `explain`.
 */
export function decideRoute(
  call: RouteCall,
  chosen: ChosenModel,
  strategy: RouteStrategy,
  scenario: Scenario,
  explain: boolean,
): RouteDecision {
  const table = call.table;
  const index = chosen.index;
  const model = table.models[index]!;
  const inputTokens = inputTokensOf(call, index);
  const outputTokens = outputTokensOf(call, index);
  const estimatedCost = costOfCall(call, index, inputTokens, outputTokens) ?? 0n;
  const room = table.contextWindow[index]! - inputTokens;
  // Never negative: the chosen model passed the context check, and a choice within the budget has its input paid.
  let allowedOutput = Math.min(table.maxOutputTokens[index]!, room);
  if (call.budget !== undefined && chosen.withinBudget) {
    allowedOutput = Math.min(allowedOutput, affordableOutputTokens(call, index, inputTokens, call.budget));
  }
  const worstCaseCost = costOfCall(call, index, inputTokens, allowedOutput) ?? 0n;
  let rejected: RejectedCandidate[] | undefined = explain ? listRejections(call, index, strategy) : undefined;
  // Rejections are only built when someone reads them: listing ~400 models with costs per route would cost
  // more than the route itself. A getter in the literal is an own enumerable property (spread and JSON see
  // it) and, unlike `Object.defineProperty`, stays cheap.
  const decision: RouteDecision = {
    model,
    strategy: strategy.name,
    scenario,
    budget: call.budget,
    estimatedCost,
    worstCaseCost,
    estimatedInputTokens: inputTokens,
    estimatedOutputTokens: outputTokens,
    withinBudget: chosen.withinBudget,
    get rejected() {
      rejected ??= listRejections(call, index, strategy);
      return rejected;
    },
    set rejected(value) {
      rejected = value;
    },
  };
  return decision;
}
