import type { Capability, ModelInfo, PicoUsd } from '@tokenwise/spec';
import type { PlanStep } from '../types/plan.js';
import { cheapestCapableModel } from './cheapest-capable-model.js';

/** The outcome of {@link downgradeSteps}. */
export interface DowngradeResult {
  steps: PlanStep[];
  totalEstimatedCost: PicoUsd;
  /** One line per swapped model. */
  notes: string[];
}

/**
 * Brings an over-budget plan down (original §5.5): visits the steps from the most expensive, and swaps each to
 * the cheapest model with the same capabilities (the step's required ones, else the current model's first
 * non-general one) when that is strictly cheaper, until the total fits `limit`. Returns new step objects; the plan
 * may still be over budget, which the caller must report.
 */
export function downgradeSteps(
  steps: readonly PlanStep[],
  models: readonly ModelInfo[],
  limit: PicoUsd,
): DowngradeResult {
  const result = steps.map((step) => ({ ...step }));
  const notes: string[] = [];
  let total = result.reduce((sum, step) => sum + step.estimatedCost, 0n);
  const byCost = [...result].sort((a, b) =>
    a.estimatedCost === b.estimatedCost ? a.id - b.id : a.estimatedCost > b.estimatedCost ? -1 : 1,
  );
  for (const step of byCost) {
    if (total <= limit) break;
    let capabilities: Capability[] = step.requiredCapabilities.filter((c) => c !== 'general');
    if (capabilities.length === 0) {
      const current = models.find((model) => model.id === step.modelId);
      const first = current?.capabilities.find((c) => c !== 'general');
      capabilities = first ? [first] : [];
    }
    const choice =
      cheapestCapableModel(models, {
        capabilities,
        inputTokens: step.estimatedInputTokens,
        outputTokens: step.estimatedOutputTokens,
      }) ??
      cheapestCapableModel(models, {
        capabilities: [],
        inputTokens: step.estimatedInputTokens,
        outputTokens: step.estimatedOutputTokens,
      });
    if (!choice || choice.model.id === step.modelId || choice.cost >= step.estimatedCost) continue;
    notes.push(`Step ${step.id}: downgraded from ${step.modelId} to ${choice.model.id} to fit the budget.`);
    total -= step.estimatedCost - choice.cost;
    step.modelId = choice.model.id;
    step.estimatedCost = choice.cost;
  }
  return { steps: result, totalEstimatedCost: total, notes };
}
