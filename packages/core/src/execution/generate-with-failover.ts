import {
  type GenerateResult,
  InvalidArgumentError,
  InvalidResponseDataError,
  type LanguageModelV1,
  type ModelInfo,
  type PicoUsd,
} from '@tokenwise/spec';
import { costOfUsage } from '../pricing/index.js';
import type { AttemptRecord } from './attempt-record.js';
import type { BudgetedCallOptions, CallCandidate } from './budgeted-call-options.js';
import { baseRecord, type CallContext, createCallContext, planAndReserve } from './call-context.js';
import { describeError } from './describe-error.js';
import type { CallPlan } from './plan-call.js';
import { shouldFailover as defaultShouldFailover } from './should-failover.js';

/** The answer of a budget-safe call and what it cost. */
export interface BudgetedGenerateResult {
  result: GenerateResult;
  /** The settled cost of the successful attempt. */
  cost: PicoUsd;
  /** The candidate that answered. */
  model: LanguageModelV1;
  modelInfo: ModelInfo;
  plan: CallPlan;
  /** Every attempt, failed ones included, in order. */
  attempts: AttemptRecord[];
}

/** Options of {@link generateWithFailover}. */
export interface GenerateWithFailoverOptions extends BudgetedCallOptions {
  /** Models to try in order. */
  candidates: readonly CallCandidate[];
  /** Whether an error (after the model's retries) moves on to the next candidate; default `shouldFailover`. */
  shouldFailover?: (error: unknown) => boolean;
}

type AttemptOutcome =
  | { ok: true; value: BudgetedGenerateResult }
  | { ok: false; error: unknown; called: boolean };

/**
 * A budget-safe `doGenerate` over candidates in order. Each attempt reserves its worst case, sends the clamped
 * max_tokens and settles to the reported usage (missing counts settle at the worst case, never $0).
 *
 * Billing policy on failure: vendors do not bill a call that failed with an HTTP error, a network error or an
 * abort, so those reservations are released; an answer that arrived but could not be read
 * (`InvalidResponseDataError`) was billed by the vendor, so it settles at the worst case.
 * @throws the last attempt's error when no candidate answered (a `BudgetExceededError` when none fit the budget).
 */
export async function generateWithFailover(
  options: GenerateWithFailoverOptions,
): Promise<BudgetedGenerateResult> {
  if (options.candidates.length === 0) {
    throw new InvalidArgumentError({
      argument: 'candidates',
      message: 'No candidate model to call: pass at least one.',
    });
  }
  const context = createCallContext(options);
  const shouldFailover = options.shouldFailover ?? defaultShouldFailover;
  let lastError: unknown;
  for (const [index, candidate] of options.candidates.entries()) {
    const outcome = await generateOnModel(context, candidate, index === 0 ? 'first' : 'failover');
    if (outcome.ok) return outcome.value;
    lastError = outcome.error;
    if (context.callerAborted() || !shouldFailover(outcome.error)) break;
  }
  throw lastError;
}

/** Sends one model the call, retrying per the policy (internal). */
async function generateOnModel(
  context: CallContext,
  candidate: CallCandidate,
  firstKind: AttemptRecord['kind'],
): Promise<AttemptOutcome> {
  for (let retry = 0; ; retry++) {
    const outcome = await generateOnce(context, candidate, retry === 0 ? firstKind : 'retry');
    if (outcome.ok || !outcome.called || context.callerAborted()) return outcome;
    const delay = context.retry.delayFor(retry + 1, outcome.error);
    if (delay === undefined) return outcome;
    try {
      await context.retry.sleep(delay, context.settings.options.abortSignal);
    } catch (error) {
      return { ok: false, error, called: false };
    }
  }
}

async function generateOnce(
  context: CallContext,
  candidate: CallCandidate,
  kind: AttemptRecord['kind'],
): Promise<AttemptOutcome> {
  const attempt = context.nextAttempt();
  const reserved = planAndReserve(context, candidate, attempt, kind);
  if (!reserved.ok) return { ok: false, error: reserved.error, called: false };
  const { plan, reservation } = reserved;
  const { model, info } = candidate;
  const started = context.now();
  const record = (fields: Parameters<typeof baseRecord>[5]) =>
    baseRecord(context, info, model.provider, attempt, kind, {
      estimatedCost: plan.worstCase,
      latencyMs: context.now() - started,
      ...fields,
    });
  let result: GenerateResult;
  try {
    result = await model.doGenerate({
      ...context.settings.options,
      maxOutputTokens: plan.maxOutputTokens,
      abortSignal: context.attemptSignal(),
    });
  } catch (error) {
    const billed = InvalidResponseDataError.isInstance(error);
    if (billed) reservation.settle(plan.worstCase);
    else reservation.release();
    context.report(
      record({
        called: true,
        success: false,
        inputTokens: billed ? plan.inputTokens : 0,
        outputTokens: billed ? plan.maxOutputTokens : 0,
        cost: billed ? plan.worstCase : 0n,
        costSource: billed ? 'worst-case' : 'none',
        error: describeError(error),
      }),
    );
    return { ok: false, error, called: true };
  }
  const usage = result.usage;
  const complete =
    usage.reportedCostUsd !== undefined ||
    (usage.inputTokens !== undefined && usage.outputTokens !== undefined);
  const cost =
    costOfUsage(plan.pricedModel, usage, {
      inputTokens: plan.inputTokens,
      outputTokens: plan.maxOutputTokens,
    }) ?? plan.worstCase;
  reservation.settle(cost);
  const attemptRecord = record({
    called: true,
    success: true,
    inputTokens: usage.inputTokens ?? plan.inputTokens,
    outputTokens: usage.outputTokens ?? plan.maxOutputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    reasoningTokens: usage.reasoningTokens,
    cost,
    costSource: complete ? 'usage' : 'worst-case',
    finishReason: result.finishReason.unified,
  });
  context.report(attemptRecord);
  return {
    ok: true,
    value: { result, cost, model, modelInfo: info, plan, attempts: context.attempts },
  };
}
