import { formatUsd, NoRouteError } from '@tokenwise/spec';
import { costOfCall } from './call-cost.js';
import { listRejections } from './list-rejections.js';
import { resolveStrategy } from './resolve-strategy.js';
import { inputTokensOf, outputTokensOf, type RouteCall } from './route-call.js';

/**
 * The error for a route call that found no model: under a budget with a capable model, it names the cheapest one
 * and its cost; otherwise it counts the rejections by reason. Either way it says what to relax.
 */
export function noRouteError(call: RouteCall, cheapestCapable: number): NoRouteError {
  const table = call.table;
  const rejected = listRejections(call, -1, resolveStrategy('cheapest'));
  if (call.budget !== undefined && cheapestCapable >= 0) {
    const model = table.models[cheapestCapable]!;
    const estimatedCost =
      costOfCall(
        call,
        cheapestCapable,
        inputTokensOf(call, cheapestCapable),
        outputTokensOf(call, cheapestCapable),
      ) ?? 0n;
    return new NoRouteError({
      message: `No model fits budget ${formatUsd(call.budget)}: cheapest capable is ${model.id} at ~${formatUsd(estimatedCost)}; raise --budget, lower max_tokens, or allow best effort (budgetStrict: false).`,
      cheapest: { modelId: model.id, estimatedCost },
      budget: call.budget,
      rejected,
    });
  }
  const needs = call.required.length > 0 ? `capability ${call.required.join(' + ')}` : 'this prompt';
  if (table.size === 0) {
    return new NoRouteError({
      message: 'No models found: the model list is empty; refresh the catalog or add models.',
      budget: call.budget,
      rejected,
    });
  }
  const counts = new Map<string, number>();
  for (const entry of rejected) counts.set(entry.reason, (counts.get(entry.reason) ?? 0) + 1);
  const summary = [...counts].map(([reason, count]) => `${count} ${reason}`).join(', ');
  return new NoRouteError({
    message: `No models found for ${needs} (${table.size} checked: ${summary}); relax the capability, minTier or exclusions, or allow free/unpriced models.`,
    budget: call.budget,
    rejected,
  });
}
