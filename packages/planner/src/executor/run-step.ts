import {
  type Budget,
  type CallEngine,
  type CandidateSource,
  describeError,
  type EscalationPolicy,
  escalationCandidates,
  getText,
  maxAffordableOutputTokens,
} from '@tokenwise/core';
import {
  AnswerRejectedError,
  ApiCallError,
  type AttemptRecord,
  BudgetExceededError,
  type FinishReason,
  type Message,
  type ModelInfo,
  type PicoUsd,
  toLedgerEntry,
} from '@tokenwise/spec';

import type { ExecutorEvent } from '../types/executor-event.js';
import type { PlanStep } from '../types/plan.js';
import type { AttemptEntry, EscalationReason, EscalationRecord, StepResult } from '../types/plan-result.js';
import type { StepValidator } from './step-validator.js';

/** What one step needs from its run (internal). */
export interface StepRunContext {
  engine: CallEngine;
  models: () => readonly ModelInfo[];
  getModel: (id: string) => ModelInfo | undefined;
  budget: Budget;
  minOutputTokens: number;
  policy: EscalationPolicy;
  maxOutputTokens: (step: PlanStep) => number | undefined;
  temperature?: number;
  requireComplete: boolean;
  validate?: StepValidator;
  maxEscalations: number;
  signal?: AbortSignal;
  /** Reports a finished attempt (ledger, `onAttempt`, events). */
  report: (stepId: number, entry: AttemptEntry) => void;
  emit: (event: ExecutorEvent) => void;
  escalations: EscalationRecord[];
}

/** A step that failed before any attempt ran: no model, no tokens, no cost. */
export function failedStepResult(step: PlanStep, failure: StepResult['failure'], error: string): StepResult {
  return {
    stepId: step.id,
    modelId: step.modelId,
    output: '',
    inputTokens: 0,
    outputTokens: 0,
    cost: 0n,
    wastedCost: 0n,
    success: false,
    escalated: false,
    attempts: 0,
    failure,
    error,
  };
}

/**
 * Runs one step as ONE engine call: its assigned model first (same-model retries inside the engine), then
 * escalation up the tiers (see `escalationCandidates`: capabilities kept, never downward, only to models the
 * remaining budget can pay for, the policy deciding whether the failed tier itself is allowed). An empty answer,
 * a truncated one (with `requireComplete`) or one the validator rejects fails the attempt like an error does.
 * Never throws: failures are in the result.
 */
export async function runStep(
  context: StepRunContext,
  step: PlanStep,
  prompt: Message[],
  shareOf: () => PicoUsd | undefined,
): Promise<StepResult> {
  const first = context.getModel(step.modelId);
  if (!first) {
    return failedStepResult(
      step,
      'no_model',
      `Model "${step.modelId}" is not in the catalog: assign a catalog model id to step ${step.id}.`,
    );
  }
  let cost: PicoUsd = 0n;
  let wasted: PicoUsd = 0n;
  let attempts = 0;
  let firstAttempts = 0;
  let escalationAttempts = 0;
  let escalated = false;
  let lastModel: ModelInfo = first;
  let rejection: { failure: EscalationReason; message: string } | undefined;

  const escalation = escalationCandidates({
    models: context.models,
    first: { info: first },
    capabilities: step.requiredCapabilities,
    expectedOutputTokens: step.estimatedOutputTokens,
    minOutputTokens: context.minOutputTokens,
    policy: context.policy,
    maxEscalations: context.maxEscalations,
  });
  // Observes each move to record and announce the escalation with the failure that caused it.
  const candidates: CandidateSource = {
    moveKind: escalation.moveKind,
    next(state) {
      const candidate = escalation.next(state);
      if (candidate === undefined || state.tried.length === 0) return candidate;
      const from = state.tried.at(-1)!;
      const failure = rejection ?? {
        failure: classify(state.lastError),
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
      escalated = true;
      lastModel = candidate.info;
      rejection = undefined;
      return candidate;
    },
  };

  const onAttempt = (record: AttemptRecord) => {
    attempts++;
    cost += record.cost;
    if (!record.success) wasted += record.cost;
    const reason =
      record.attemptKind === 'escalation' || (escalated && record.attemptKind === 'retry')
        ? `step ${step.id} escalation attempt ${++escalationAttempts}`
        : `step ${step.id} attempt ${++firstAttempts}`;
    context.report(step.id, toLedgerEntry(record, reason));
  };

  const base = () => ({
    stepId: step.id,
    modelId: lastModel.id,
    cost,
    wastedCost: wasted,
    escalated,
    attempts,
  });
  try {
    const answer = await context.engine.generate({
      options: {
        prompt,
        ...(context.temperature === undefined ? {} : { temperature: context.temperature }),
        ...(context.signal === undefined ? {} : { abortSignal: context.signal }),
      },
      maxOutputTokensFor: fairMaxOutputTokens,
      candidates,
      budget: context.budget,
      onAttempt,
      onRetry: ({ modelId, retry, delayMs, error }) =>
        context.emit({
          type: 'step-retry',
          stepId: step.id,
          modelId,
          retry,
          delayMs,
          error: describeError(error).message,
        }),
      accept: async (result, plan) => {
        rejection = await checkAnswer(getText(result), result.finishReason.unified, plan.maxOutputTokens);
        return rejection?.message;
      },
    });
    const record = answer.attempts.at(-1)!;
    return {
      ...base(),
      modelId: answer.modelInfo.id,
      output: getText(answer.result),
      inputTokens: record.inputTokens,
      outputTokens: record.outputTokens,
      success: true,
      finishReason: answer.result.finishReason.unified,
    };
  } catch (error) {
    const aborted = context.signal?.aborted === true;
    const described = describeError(error);
    const failure: StepResult['failure'] = aborted
      ? 'aborted'
      : AnswerRejectedError.isInstance(error) && rejection
        ? rejection.failure
        : classify(error);
    const failed: StepResult = {
      ...base(),
      output: '',
      inputTokens: 0,
      outputTokens: 0,
      success: false,
      failure,
      error: aborted ? 'Aborted by the caller.' : described.message,
    };
    if (described.statusCode !== undefined) failed.statusCode = described.statusCode;
    return failed;
  }

  /**
   * The step's max_tokens on `model`, lowered so its reservation stays within its fair share of what is left
   * (never below the minimum output): without it the first step to start would reserve the whole budget and
   * starve the steps running beside it. The engine then clamps to the real remaining budget and the model.
   */
  function fairMaxOutputTokens(model: ModelInfo, inputTokens: number): number | undefined {
    const wanted = context.maxOutputTokens(step);
    const share = shareOf();
    if (share === undefined) return wanted;
    const affordable = maxAffordableOutputTokens(model, { inputTokens, budget: share });
    if (affordable === undefined) return wanted;
    const fair = Math.max(affordable, context.minOutputTokens);
    return Math.max(1, wanted === undefined ? fair : Math.min(wanted, fair));
  }

  async function checkAnswer(
    text: string,
    finishReason: FinishReason['unified'],
    maxOutputTokens: number,
  ): Promise<{ failure: EscalationReason; message: string } | undefined> {
    if (text.trim() === '')
      return { failure: 'empty_answer', message: 'The model returned an empty answer.' };
    if (context.requireComplete && finishReason === 'length') {
      return {
        failure: 'truncated',
        message: `The answer was cut at max_tokens (${maxOutputTokens}) and complete output was required.`,
      };
    }
    if (!context.validate) return undefined;
    let verdict: string | boolean | undefined;
    try {
      verdict = await context.validate(text, step);
    } catch (error) {
      verdict = `the validator threw: ${describeError(error).message}`;
    }
    if (verdict === undefined || verdict === true) return undefined;
    const reason = verdict === false ? 'the validator rejected the answer' : verdict;
    return { failure: 'validation_failed', message: `Validation failed: ${reason}.` };
  }
}

function classify(error: unknown): EscalationReason {
  if (BudgetExceededError.isInstance(error)) return 'budget_exhausted';
  if (ApiCallError.isInstance(error) && error.statusCode === 429) return 'rate_limited';
  return 'model_error';
}
