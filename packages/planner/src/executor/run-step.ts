import {
  type AttemptRecord,
  type Budget,
  countPromptTokens,
  describeError,
  FALLBACK_MAX_OUTPUT_TOKENS,
  generateWithBudget,
  getText,
  maxAffordableOutputTokens,
  nextCandidates,
  type PromptTokenCounter,
  type ResolvedModel,
  type RetryPolicy,
} from '@tokenwise/core';
import {
  ApiCallError,
  BudgetExceededError,
  type FinishReason,
  type Message,
  type ModelInfo,
  type PicoUsd,
} from '@tokenwise/spec';
import { toAttemptEntry } from '../attempt/to-attempt-entry.js';
import type { ExecutorEvent } from '../types/executor-event.js';
import type { PlanStep } from '../types/plan.js';
import type {
  AttemptEntry,
  EscalationReason,
  EscalationRecord,
  StepFailure,
  StepResult,
} from '../types/plan-result.js';
import type { StepValidator } from './step-validator.js';

/** HTTP statuses meaning "this model cannot be used by us": later steps do not call it again in the run. */
const MODEL_UNUSABLE = new Set([402, 403, 404]);

/** What one step needs from its run (internal). */
export interface StepRunContext {
  models: () => readonly ModelInfo[];
  getModel: (id: string) => ModelInfo | undefined;
  resolve: (modelId: string) => Pick<ResolvedModel, 'model'>;
  budget: Budget;
  minOutputTokens: number;
  retry: RetryPolicy;
  countTokens?: PromptTokenCounter;
  attemptTimeoutMs?: number;
  maxOutputTokens: (step: PlanStep) => number | undefined;
  temperature?: number;
  requireComplete: boolean;
  validate?: StepValidator;
  maxEscalations: number;
  /** Models that answered 402/403/404 earlier in this run. */
  failedModels: Set<string>;
  signal?: AbortSignal;
  now: () => number;
  /** Reports a finished attempt (ledger, `onAttempt`, events). */
  report: (stepId: number, entry: AttemptEntry) => void;
  emit: (event: ExecutorEvent) => void;
  escalations: EscalationRecord[];
}

type Outcome =
  | {
      ok: true;
      text: string;
      finishReason: FinishReason['unified'];
      inputTokens: number;
      outputTokens: number;
    }
  | { ok: false; failure: StepFailure; message: string; statusCode?: number };

/**
 * Runs one step: its assigned model first (same-model retries inside core's budget-safe call), then escalation
 * strictly upward in tier, cheapest first, keeping the step's capabilities, only to models the remaining budget
 * can pay for. An empty answer, a truncated one (with `requireComplete`) or one the validator rejects fails the
 * attempt like an error does. Never throws: failures are in the result.
 */
export async function runStep(
  context: StepRunContext,
  step: PlanStep,
  prompt: Message[],
  shareOf: () => PicoUsd | undefined,
): Promise<StepResult> {
  let cost: PicoUsd = 0n;
  let wasted: PicoUsd = 0n;
  let attempts = 0;
  let firstAttempts = 0;
  let escalationAttempts = 0;
  let escalated = false;
  const record = (entry: AttemptEntry) => {
    attempts++;
    cost += entry.cost;
    if (!entry.success) wasted += entry.cost;
    context.report(step.id, entry);
  };
  const reasonFor = () =>
    escalated
      ? `step ${step.id} escalation attempt ${++escalationAttempts}`
      : `step ${step.id} attempt ${++firstAttempts}`;

  let current = context.getModel(step.modelId);
  if (!current) {
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
      failure: 'no_model',
      error: `Model "${step.modelId}" is not in the catalog: assign a catalog model id to step ${step.id}.`,
    };
  }
  const tried: string[] = [];
  for (let escalation = 0; ; escalation++) {
    const model: ModelInfo = current;
    const outcome: Outcome = context.failedModels.has(model.id)
      ? {
          ok: false,
          failure: 'model_error',
          message: `${model.id} failed earlier in this run (HTTP 402/403/404)`,
        }
      : await attempt(model);
    const base = { stepId: step.id, modelId: model.id, cost, wastedCost: wasted, escalated, attempts };
    if (outcome.ok) {
      return {
        ...base,
        output: outcome.text,
        inputTokens: outcome.inputTokens,
        outputTokens: outcome.outputTokens,
        success: true,
        finishReason: outcome.finishReason,
      };
    }
    const failed: StepResult = {
      ...base,
      output: '',
      inputTokens: 0,
      outputTokens: 0,
      success: false,
      failure: outcome.failure,
      error: outcome.message,
    };
    if (outcome.statusCode !== undefined) failed.statusCode = outcome.statusCode;
    if (outcome.failure === 'aborted' || context.signal?.aborted || escalation >= context.maxEscalations) {
      if (context.signal?.aborted) failed.failure = 'aborted';
      return failed;
    }
    tried.push(model.id);
    const next = nextCandidates(context.models(), {
      current: model,
      capabilities: step.requiredCapabilities,
      remainingBudget: context.budget.remaining(),
      inputTokens: countInput(context, prompt, model.id),
      minOutputTokens: context.minOutputTokens,
      expectedOutputTokens: step.estimatedOutputTokens,
      exclude: [...tried, ...context.failedModels],
    })[0];
    if (!next) return failed;
    const escalationRecord: EscalationRecord = {
      stepId: step.id,
      fromModel: model.id,
      fromTier: model.tier,
      toModel: next.id,
      toTier: next.tier,
      reason: outcome.failure as EscalationReason,
      detail: outcome.message,
    };
    context.escalations.push(escalationRecord);
    context.emit({ type: 'step-escalation', escalation: escalationRecord });
    escalated = true;
    current = next;
  }

  async function attempt(model: ModelInfo): Promise<Outcome> {
    let resolved: Pick<ResolvedModel, 'model'>;
    try {
      resolved = context.resolve(model.id);
    } catch (error) {
      return { ok: false, failure: 'model_error', message: describeError(error).message };
    }
    let pending: AttemptRecord | undefined;
    const onAttempt = (attemptRecord: AttemptRecord) => {
      // A successful call is reported after its answer was checked, since the check may fail it.
      if (attemptRecord.success) pending = attemptRecord;
      else record(toAttemptEntry(attemptRecord, reasonFor(), context.now() - attemptRecord.latencyMs));
    };
    const retry: RetryPolicy = {
      maxRetries: context.retry.maxRetries,
      sleep: (ms, signal) => context.retry.sleep(ms, signal),
      delayFor(retryNumber, error) {
        const delay = context.retry.delayFor(retryNumber, error);
        if (delay !== undefined) {
          context.emit({
            type: 'step-retry',
            stepId: step.id,
            modelId: model.id,
            retry: retryNumber,
            delayMs: delay,
            error: describeError(error).message,
          });
        }
        return delay;
      },
    };
    try {
      const answer = await generateWithBudget({
        model: resolved.model,
        modelInfo: model,
        options: {
          prompt,
          maxOutputTokens: fairMaxOutputTokens(model),
          temperature: context.temperature,
          abortSignal: context.signal,
        },
        budget: context.budget,
        minOutputTokens: context.minOutputTokens,
        retry,
        countTokens: context.countTokens,
        attemptTimeoutMs: context.attemptTimeoutMs,
        now: context.now,
        onAttempt,
      });
      const text = getText(answer.result);
      const finishReason = answer.result.finishReason.unified;
      const problem = await checkAnswer(text, finishReason, answer.plan.maxOutputTokens);
      const successRecord = pending!;
      const entry = toAttemptEntry(successRecord, reasonFor(), context.now() - successRecord.latencyMs);
      if (problem) {
        entry.success = false;
        entry.errorClass = 'TokenwiseRejectedAnswer';
        entry.errorMessage = problem.message;
      }
      record(entry);
      if (problem) return { ok: false, failure: problem.failure, message: problem.message };
      return {
        ok: true,
        text,
        finishReason,
        inputTokens: successRecord.inputTokens,
        outputTokens: successRecord.outputTokens,
      };
    } catch (error) {
      if (context.signal?.aborted) {
        return { ok: false, failure: 'aborted', message: 'Aborted by the caller.' };
      }
      const described = describeError(error);
      const outcome: Outcome = { ok: false, failure: classify(error), message: described.message };
      if (described.statusCode !== undefined) {
        outcome.statusCode = described.statusCode;
        if (MODEL_UNUSABLE.has(described.statusCode)) context.failedModels.add(model.id);
      }
      return outcome;
    }
  }

  /**
   * The step's max_tokens, lowered so its reservation stays within its fair share of what is left (never below
   * the minimum output): without it the first step to start would reserve the whole budget and starve the
   * steps running beside it. Core's planCall then clamps to the real remaining budget and the model's limit.
   */
  function fairMaxOutputTokens(model: ModelInfo): number {
    const wanted = context.maxOutputTokens(step) ?? model.maxOutputTokens ?? FALLBACK_MAX_OUTPUT_TOKENS;
    const share = shareOf();
    if (share === undefined) return wanted;
    const affordable = maxAffordableOutputTokens(model, {
      inputTokens: countInput(context, prompt, model.id),
      budget: share,
    });
    if (affordable === undefined) return wanted;
    return Math.max(1, Math.min(wanted, Math.max(affordable, context.minOutputTokens)));
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

function countInput(context: StepRunContext, prompt: Message[], modelId: string): number {
  return context.countTokens
    ? context.countTokens(prompt, { modelId })
    : countPromptTokens(prompt, { modelId });
}
