import { maxAffordableOutputTokens } from '@tokenwise/core';
import type { ModelInfo, PicoUsd } from '@tokenwise/spec';
import type { PlanStep } from '../types/plan.js';
import type { StepRunContext } from './run-step.js';

/**
 * A step's max_tokens on `model`, lowered so its reservation stays within its fair `share` of what is left (never
 * below the minimum output): without it the first step to start would reserve the whole budget and starve the
 * steps running beside it. The engine then clamps to the real remaining budget and the model (internal).
 */
export function fairMaxOutputTokens(
  context: Pick<StepRunContext, 'maxOutputTokens' | 'minOutputTokens'>,
  step: PlanStep,
  share: PicoUsd | undefined,
  model: ModelInfo,
  inputTokens: number,
): number | undefined {
  const wanted = context.maxOutputTokens(step);
  if (share === undefined) return wanted;
  const affordable = maxAffordableOutputTokens(model, { inputTokens, budget: share });
  if (affordable === undefined) return wanted;
  const fair = Math.max(affordable, context.minOutputTokens);
  return Math.max(1, wanted === undefined ? fair : Math.min(wanted, fair));
}
