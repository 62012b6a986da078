import { formatUsd, type ModelInfo, type RejectedCandidate, TIERS } from '@tokenwise/spec';
import { costOfCall } from './call-cost.js';
import { requiredMaskOf } from './model-table.js';
import { inputTokensOf, outputTokensOf, type RouteCall } from './route-call.js';
import type { RouteStrategy } from './route-strategy.js';
import { SCREEN, type ScreenOutcome, screenModel } from './screen-model.js';

/** Every model but `chosen` (-1: none was chosen), with the reason it was passed over and its expected cost. */
export function listRejections(
  call: RouteCall,
  chosen: number,
  strategy: RouteStrategy,
): RejectedCandidate[] {
  const table = call.table;
  const chosenId = chosen >= 0 ? table.models[chosen]!.id : undefined;
  const list: RejectedCandidate[] = [];
  for (let index = 0; index < table.size; index++) {
    if (index === chosen) continue;
    const outcome = screenModel(call, index);
    const model = table.models[index]!;
    const inputTokens = inputTokensOf(call, index);
    const outputTokens = outputTokensOf(call, index);
    const estimatedCost = costOfCall(call, index, inputTokens, outputTokens);
    const entry = describeRejection(
      call,
      model,
      index,
      outcome,
      strategy,
      chosenId,
      inputTokens,
      outputTokens,
    );
    list.push(estimatedCost === undefined ? entry : { ...entry, estimatedCost });
  }
  return list;
}

function describeRejection(
  call: RouteCall,
  model: ModelInfo,
  index: number,
  outcome: ScreenOutcome,
  strategy: RouteStrategy,
  chosenId: string | undefined,
  inputTokens: number,
  outputTokens: number,
): RejectedCandidate {
  const modelId = model.id;
  switch (outcome) {
    case SCREEN.EXCLUDED:
      return { modelId, reason: 'not-chosen', detail: 'excluded by the caller' };
    case SCREEN.MISSING_CAPABILITY: {
      const missing = call.required.filter(
        (capability) => requiredMaskOf([capability]) & ~call.table.capabilityMask[index]!,
      );
      return { modelId, reason: 'missing-capability', detail: `lacks ${missing.join(', ')}` };
    }
    case SCREEN.BELOW_TIER:
      return {
        modelId,
        reason: 'below-tier',
        detail: `tier ${model.tier} is below the minimum ${TIERS[call.minTierRank]}`,
      };
    case SCREEN.FREE_EXCLUDED:
      return { modelId, reason: 'free-excluded', detail: 'free model; pass allowFree to consider it' };
    case SCREEN.BATCH_EXCLUDED:
      return {
        modelId,
        reason: 'batch-excluded',
        detail: 'asynchronous batch variant; pass allowBatch to consider it',
      };
    case SCREEN.UNPRICED:
      return {
        modelId,
        reason: 'unpriced',
        detail:
          call.budget !== undefined && call.allowUnpriced
            ? 'price unknown, so it cannot be held to a budget'
            : 'price unknown; pass allowUnpriced to consider it',
      };
    case SCREEN.CONTEXT_TOO_SMALL:
      return {
        modelId,
        reason: 'context-too-small',
        detail: `needs ~${inputTokens + outputTokens} tokens, context window is ${model.contextWindow}`,
      };
    case SCREEN.OVER_BUDGET: {
      const expected = costOfCall(call, index, inputTokens, outputTokens) ?? 0n;
      const budgetText = formatUsd(call.budget ?? 0n);
      return {
        modelId,
        reason: 'over-budget',
        detail:
          call.budget !== undefined && expected > call.budget
            ? `estimated ${formatUsd(expected)} > budget ${budgetText}`
            : `budget ${budgetText} cannot pay the input and ${call.minOutputTokens} output tokens`,
      };
    }
    default:
      return {
        modelId,
        reason: 'not-chosen',
        detail: chosenId ? `${strategy.name} preferred ${chosenId}` : `passed every filter`,
      };
  }
}
