import { describeError } from '@tokenwise/core';
import type { FinishReason } from '@tokenwise/spec';
import type { PlanStep } from '../types/plan.js';
import type { EscalationReason } from '../types/plan-result.js';
import type { StepRunContext } from './run-step.js';

/** Why a step's answer was not accepted: the escalation reason and a message for the trace. */
export interface StepRejection {
  failure: EscalationReason;
  message: string;
}

/**
 * Checks a step's answer: an empty one, a truncated one (with `requireComplete`) or one the validator rejects (or
 * throws on) fails the attempt as an error would, so the engine escalates (internal). `undefined` = accepted.
 */
export async function checkStepAnswer(
  context: Pick<StepRunContext, 'requireComplete' | 'validate'>,
  step: PlanStep,
  answer: { text: string; finishReason: FinishReason['unified']; maxOutputTokens: number },
): Promise<StepRejection | undefined> {
  if (answer.text.trim() === '') {
    return { failure: 'empty_answer', message: 'The model returned an empty answer.' };
  }
  if (context.requireComplete && answer.finishReason === 'length') {
    return {
      failure: 'truncated',
      message: `The answer was cut at max_tokens (${answer.maxOutputTokens}) and complete output was required.`,
    };
  }
  if (!context.validate) return undefined;
  let verdict: string | boolean | undefined;
  try {
    verdict = await context.validate(answer.text, step);
  } catch (error) {
    verdict = `the validator threw: ${describeError(error).message}`;
  }
  if (verdict === undefined || verdict === true) return undefined;
  const reason = verdict === false ? 'the validator rejected the answer' : verdict;
  return { failure: 'validation_failed', message: `Validation failed: ${reason}.` };
}
