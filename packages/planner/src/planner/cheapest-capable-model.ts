import { costOf, isFreeModel } from '@tokenwise/core';
import type { Capability, ModelInfo, PicoUsd } from '@tokenwise/spec';
import { hasCapabilities } from './has-capabilities.js';

/** A model with the estimated cost of a step on it. */
export interface PricedChoice {
  model: ModelInfo;
  cost: PicoUsd;
}

/**
 * The model with the lowest estimated cost (input AND output tokens, per-request fee included) that has the
 * capabilities and a context window holding the step. Free and unpriced models are never chosen: free ones are
 * rate-limited, and an unknown price cannot be held to a budget. Ties keep catalog order.
 */
export function cheapestCapableModel(
  models: readonly ModelInfo[],
  need: { capabilities: readonly Capability[]; inputTokens: number; outputTokens: number },
): PricedChoice | undefined {
  let best: PricedChoice | undefined;
  for (const model of models) {
    if (!model.pricing || isFreeModel(model)) continue;
    if (!hasCapabilities(model, need.capabilities)) continue;
    if (model.contextWindow > 0 && need.inputTokens + need.outputTokens > model.contextWindow) continue;
    const cost = costOf(model, { inputTokens: need.inputTokens, outputTokens: need.outputTokens });
    if (cost === undefined) continue;
    if (!best || cost < best.cost) best = { model, cost };
  }
  return best;
}
