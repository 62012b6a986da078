import { type Capability, formatUsd, type ModelInfo, NoRouteError, type PicoUsd } from '@tokenwise/spec';
import type { PlanStep } from '../types/plan.js';
import { cheapestCapableModel } from './cheapest-capable-model.js';

/** A step before its model is chosen: ordered, with 1-based dependency ids. */
export interface UnassignedStep {
  description: string;
  capability: Capability;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  dependsOn: number[];
}

/** The steps with models, and notes on steps that did not fit their share. */
export interface AssignedSteps {
  steps: PlanStep[];
  notes: string[];
}

/**
 * Gives each step the cheapest capable model (by estimated input + output cost) and checks it against the step's
 * share of what is left: `remaining / steps left`, so an early expensive step shrinks later shares. A step whose
 * cheapest model is over its share keeps that model (nothing cheaper can do it) and gets a note.
 * A capability no model has is dropped (with a note) rather than failing the plan.
 * @throws NoRouteError when no priced model can hold a step at all.
 */
export function assignModels(
  steps: readonly UnassignedStep[],
  models: readonly ModelInfo[],
  available: PicoUsd,
): AssignedSteps {
  const notes: string[] = [];
  let remaining = available;
  const assigned = steps.map((step, index): PlanStep => {
    let requiredCapabilities: Capability[] = step.capability === 'general' ? [] : [step.capability];
    const share = remaining > 0n ? remaining / BigInt(steps.length - index) : 0n;
    const need = { inputTokens: step.estimatedInputTokens, outputTokens: step.estimatedOutputTokens };
    let choice = cheapestCapableModel(models, { ...need, capabilities: requiredCapabilities });
    if (!choice && requiredCapabilities.length > 0) {
      // A capability no catalog model has (the planner model may say "vision" for a text task): plan the step
      // as general rather than failing the whole plan, and say so.
      choice = cheapestCapableModel(models, { ...need, capabilities: [] });
      if (choice) {
        notes.push(`Step ${index + 1}: no priced model has "${step.capability}"; planned as a general step.`);
        requiredCapabilities = [];
      }
    }
    if (!choice) {
      throw new NoRouteError({
        message: `No priced model in the catalog can hold step ${index + 1} (${step.estimatedInputTokens + step.estimatedOutputTokens} tokens of context): refresh the catalog or add a model.`,
      });
    }
    if (choice.cost > share) {
      notes.push(
        `Step ${index + 1}: the cheapest capable model (${choice.model.id}, ${formatUsd(choice.cost)}) is over its share of the budget (${formatUsd(share)}).`,
      );
    }
    remaining -= choice.cost;
    return {
      id: index + 1,
      description: step.description,
      modelId: choice.model.id,
      requiredCapabilities,
      estimatedInputTokens: step.estimatedInputTokens,
      estimatedOutputTokens: step.estimatedOutputTokens,
      estimatedCost: choice.cost,
      dependsOn: step.dependsOn,
    };
  });
  return { steps: assigned, notes };
}
