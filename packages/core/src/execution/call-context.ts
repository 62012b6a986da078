import type { ModelInfo } from '@tokenwise/spec';
import type { AttemptRecord } from './attempt-record.js';
import type { BudgetedCallOptions, CallCandidate } from './budgeted-call-options.js';
import { describeError } from './describe-error.js';
import { type CallPlan, planCall } from './plan-call.js';
import { type RetryPolicy, retryPolicy } from './retry-policy.js';

/** Per-call state shared by the attempts of one budget-safe call (internal). */
export interface CallContext {
  readonly settings: BudgetedCallOptions;
  readonly retry: RetryPolicy;
  readonly attempts: AttemptRecord[];
  readonly now: () => number;
  nextAttempt(): number;
  report(record: AttemptRecord): void;
  /** The signal for one attempt: the caller's, combined with the per-attempt timeout. */
  attemptSignal(): AbortSignal | undefined;
  /** True once the caller aborted: no retry, no failover. */
  callerAborted(): boolean;
}

/** Creates the shared state of one call (internal). */
export function createCallContext(settings: BudgetedCallOptions): CallContext {
  let attempt = 0;
  const attempts: AttemptRecord[] = [];
  const callerSignal = settings.options.abortSignal;
  return {
    settings,
    retry: settings.retry ?? retryPolicy(),
    attempts,
    now: settings.now ?? Date.now,
    nextAttempt: () => ++attempt,
    report(record) {
      attempts.push(record);
      try {
        settings.onAttempt?.(record);
      } catch {
        // Documented: an observer's failure must not break the accounting of the call.
      }
    },
    attemptSignal() {
      const timeout = settings.attemptTimeoutMs;
      if (timeout === undefined) return callerSignal;
      const timer = AbortSignal.timeout(timeout);
      return callerSignal ? AbortSignal.any([callerSignal, timer]) : timer;
    },
    callerAborted: () => callerSignal?.aborted === true,
  };
}

/** The outcome of sizing and reserving one attempt (internal). */
export type Reserved =
  | { ok: true; plan: CallPlan; reservation: ReturnType<BudgetedCallOptions['budget']['reserve']> }
  | { ok: false; error: unknown };

/**
 * Plans and reserves one attempt with no await in between, so the check and the hold are atomic. A refusal is
 * reported as an attempt that was not called (internal).
 */
export function planAndReserve(
  context: CallContext,
  candidate: CallCandidate,
  attempt: number,
  kind: AttemptRecord['kind'],
): Reserved {
  const { settings } = context;
  try {
    if (settings.options.abortSignal?.aborted) throw settings.options.abortSignal.reason;
    const plan = planCall({
      model: candidate.info,
      prompt: settings.options.prompt,
      maxOutputTokens: settings.options.maxOutputTokens,
      budget: settings.budget,
      minOutputTokens: settings.minOutputTokens,
      countTokens: settings.countTokens,
      assumedPricing: settings.assumedPricing,
    });
    const reservation = settings.budget.reserve(plan.worstCase, `${candidate.info.id} attempt ${attempt}`);
    return { ok: true, plan, reservation };
  } catch (error) {
    context.report(
      baseRecord(context, candidate.info, candidate.model.provider, attempt, kind, {
        called: false,
        success: false,
        error: describeError(error),
      }),
    );
    return { ok: false, error };
  }
}

/** The common fields of an attempt record (internal). */
export function baseRecord(
  context: CallContext,
  info: ModelInfo,
  provider: string,
  attempt: number,
  kind: AttemptRecord['kind'],
  fields: Partial<AttemptRecord> & Pick<AttemptRecord, 'called' | 'success'>,
): AttemptRecord {
  return {
    modelId: info.id,
    provider,
    attempt,
    kind,
    reason: context.settings.reason ?? 'library call',
    inputTokens: 0,
    outputTokens: 0,
    cost: 0n,
    estimatedCost: 0n,
    costSource: 'none',
    latencyMs: 0,
    ...fields,
  };
}
