import {
  type Budget,
  type CallEngine,
  describeError,
  type EscalationPolicy,
  escalationCandidates,
  getText,
} from '@tokenwise/core';
import {
  AnswerRejectedError,
  type AttemptRecord,
  type Message,
  type ModelInfo,
  type PicoUsd,
  toLedgerEntry,
} from '@tokenwise/spec';

import type { ExecutorEvent } from '../types/executor-event.js';
import type { PlanStep } from '../types/plan.js';
import type { AttemptEntry, EscalationRecord, StepResult } from '../types/plan-result.js';
import { checkStepAnswer } from './check-step-answer.js';
import { fairMaxOutputTokens } from './fair-max-output-tokens.js';
import { classifyFailure, observeEscalations, type StepProgress } from './observe-escalations.js';
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
  const progress: StepProgress = { escalated: false, lastModel: first, rejection: undefined };

  const escalation = escalationCandidates({
    models: context.models,
    first: { info: first },
    capabilities: step.requiredCapabilities,
    expectedOutputTokens: step.estimatedOutputTokens,
    minOutputTokens: context.minOutputTokens,
    policy: context.policy,
    maxEscalations: context.maxEscalations,
  });
  const candidates = observeEscalations(context, step, escalation, progress);

  const onAttempt = (record: AttemptRecord) => {
    attempts++;
    cost += record.cost;
    if (!record.success) wasted += record.cost;
    const reason =
      record.attemptKind === 'escalation' || (progress.escalated && record.attemptKind === 'retry')
        ? `step ${step.id} escalation attempt ${++escalationAttempts}`
        : `step ${step.id} attempt ${++firstAttempts}`;
    context.report(step.id, toLedgerEntry(record, reason));
  };

  const base = () => ({
    stepId: step.id,
    modelId: progress.lastModel.id,
    cost,
    wastedCost: wasted,
    escalated: progress.escalated,
    attempts,
  });
  try {
    const answer = await context.engine.generate({
      options: {
        prompt,
        ...(context.temperature === undefined ? {} : { temperature: context.temperature }),
        ...(context.signal === undefined ? {} : { abortSignal: context.signal }),
      },
      maxOutputTokensFor: (model, inputTokens) =>
        fairMaxOutputTokens(context, step, shareOf(), model, inputTokens),
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
        progress.rejection = await checkStepAnswer(context, step, {
          text: getText(result),
          finishReason: result.finishReason.unified,
          maxOutputTokens: plan.maxOutputTokens,
        });
        return progress.rejection?.message;
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
      : AnswerRejectedError.isInstance(error) && progress.rejection
        ? progress.rejection.failure
        : classifyFailure(error);
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
}
