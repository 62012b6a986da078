import { type CandidateSource, describeError } from '@tokenwise/core';
import { ApiCallError, BudgetExceededError, type ModelInfo } from '@tokenwise/spec';
import type { PlanStep } from '../types/plan.js';
import type { EscalationReason, EscalationRecord } from '../types/plan-result.js';
import type { StepRejection } from './check-step-answer.js';
import type { StepRunContext } from './run-step.js';

/** What a step's run knows so far about where it escalated (internal; updated as the engine moves on). */
export interface StepProgress {
  escalated: boolean;
  /** The model of the last attempt. */
  lastModel: ModelInfo;
  /** Why the last answer was rejected, until the next move consumes it. */
  rejection: StepRejection | undefined;
}

/**
 * The step's candidate source, observed: each move up records and announces the escalation with the failure
 * that caused it (the rejected answer's reason, else the error's class) and updates `progress` (internal).
 */
export function observeEscalations(
  context: Pick<StepRunContext, 'escalations' | 'emit'>,
  step: PlanStep,
  escalation: CandidateSource,
  progress: StepProgress,
): CandidateSource {
  return {
    moveKind: escalation.moveKind,
    next(state) {
      const candidate = escalation.next(state);
      if (candidate === undefined || state.tried.length === 0) return candidate;
      const from = state.tried.at(-1)!;
      const failure = progress.rejection ?? {
        failure: classifyFailure(state.lastError),
        message: describeError(state.lastError).message,
      };
      const record: EscalationRecord = {
        stepId: step.id,
        fromModel: from.id,
        fromTier: from.tier,
        toModel: candidate.info.id,
        toTier: candidate.info.tier,
        reason: failure.failure,
        detail: failure.message,
      };
      context.escalations.push(record);
      context.emit({ type: 'step-escalation', escalation: record });
      progress.escalated = true;
      progress.lastModel = candidate.info;
      progress.rejection = undefined;
      return candidate;
    },
  };
}

/** The escalation reason an error gives (internal). */
export function classifyFailure(error: unknown): EscalationReason {
  if (BudgetExceededError.isInstance(error)) return 'budget_exhausted';
  if (ApiCallError.isInstance(error) && error.statusCode === 429) return 'rate_limited';
  return 'model_error';
}
