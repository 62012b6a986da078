import {
  AnswerRejectedError,
  type AttemptRecord,
  BudgetExceededError,
  type GenerateResult,
  InvalidArgumentError,
  InvalidResponseDataError,
  type LanguageModelV1,
  type ModelInfo,
  NoRouteError,
} from '@tokenwise/spec';
import { costOfUsage, DEFAULT_MIN_OUTPUT_TOKENS, FALLBACK_MAX_OUTPUT_TOKENS } from '../pricing/index.js';
import { holdAttempt, localRemainingWithLevel, remainingWithLevel } from './attempt-budget.js';
import { attemptOptions } from './attempt-options.js';
import { type AttemptSignal, createAttemptSignal } from './attempt-signal.js';
import { type Candidate, type CandidateSource, candidateList } from './candidate-source.js';
import { countCallInputTokens } from './count-call-input-tokens.js';
import { describeError } from './describe-error.js';
import type {
  CallEngine,
  CallEngineOptions,
  EngineCall,
  EngineGenerateResult,
  EngineStreamResult,
  ResolvedCandidate,
} from './engine-types.js';
import { type FailureVerdict, judgeFailure } from './failover-rule.js';
import { thinkingForAttempt } from './fit-thinking-budget.js';
import { createModelHealth } from './model-health.js';
import { type CallPlan, planCall, settledCostSource } from './plan-call.js';
import { retryPolicy } from './retry-policy.js';
import { openStreamAttempt } from './stream-attempt.js';

/** The result of one attempt (internal). */
export type AttemptOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: unknown; called: boolean; verdict: FailureVerdict; noRetry?: boolean };

/** The per-call state every attempt of one call shares (internal). */
export interface CallRun {
  readonly call: EngineCall;
  readonly settings: ResolvedSettings;
  /** Aborted by the caller's signal or by `abortAll`. */
  readonly signal: AbortSignal;
  readonly attempts: AttemptRecord[];
  /** Attempts made so far (numbers records). */
  attemptCount: number;
  readonly id: string;
  /** Input tokens per model id, counted once. */
  readonly inputTokens: Map<string, number>;
  /**
   * The room the candidate loop just read to pick a model, handed to that model's first sizing so a shared store
   * is asked once, not twice, per attempt (taken once; retries and a lost race read it again).
   */
  pickedRemaining?: Awaited<ReturnType<typeof remainingWithLevel>> | undefined;
  report(record: AttemptRecord): void;
}

/** Engine settings with defaults applied (internal). */
export type ResolvedSettings = Required<
  Pick<
    CallEngineOptions,
    | 'minOutputTokens'
    | 'defaultMaxOutputTokens'
    | 'countInputTokens'
    | 'retry'
    | 'health'
    | 'escalationPolicy'
    | 'maxModels'
    | 'outputCutFactor'
    | 'now'
    | 'source'
  >
> &
  Pick<
    CallEngineOptions,
    | 'resolve'
    | 'onRecord'
    | 'countOutputTokens'
    | 'attemptTimeoutMs'
    | 'assumedPricing'
    | 'onOverrun'
    | 'onLeaseExpired'
  >;

/** Most candidates skipped without an attempt (models of an unusable provider) before a call gives up. */
const MAX_SKIPS = 50;

/**
 * Creates the call engine: the only code that turns "call a model under a budget" into candidates,
 * reservations, the max_tokens clamp, the call (generate or stream), retries, failover and escalation, abort
 * handling, settlement and attempt records. The proxy's doors, the executor, the bench and the CLI compose it.
 *
 * Every attempt reserves its worst case (counted input, clamped max_tokens, fees) on every budget level before it
 * is sent, and ends in exactly one settle (at reported usage; at the worst case when the answer was billed but
 * unreadable) or release (nothing was billed) — on success, upstream error, timeout, caller abort, stream cut and
 * `abortAll` alike.
 */
export function createCallEngine(options: CallEngineOptions = {}): CallEngine {
  const settings: ResolvedSettings = {
    minOutputTokens: options.minOutputTokens ?? DEFAULT_MIN_OUTPUT_TOKENS,
    defaultMaxOutputTokens: options.defaultMaxOutputTokens ?? FALLBACK_MAX_OUTPUT_TOKENS,
    countInputTokens:
      options.countInputTokens ??
      ((call, context) =>
        countCallInputTokens(call, { modelId: context.modelId, tokenizers: options.tokenizers })),
    retry: options.retry ?? retryPolicy(),
    health: options.health ?? createModelHealth(),
    escalationPolicy: options.escalationPolicy ?? 'flexible',
    maxModels: options.maxModels ?? 4,
    outputCutFactor: options.outputCutFactor ?? 2,
    now: options.now ?? Date.now,
    source: options.source ?? 'library',
    resolve: options.resolve,
    onRecord: options.onRecord,
    countOutputTokens: options.countOutputTokens,
    attemptTimeoutMs: options.attemptTimeoutMs,
    assumedPricing: options.assumedPricing,
    onOverrun: options.onOverrun,
    onLeaseExpired: options.onLeaseExpired,
  };
  const active = new Set<{ controller: AbortController; done: Promise<void> }>();
  const idleWaiters: (() => void)[] = [];
  const prefix = [...crypto.getRandomValues(new Uint8Array(4))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  let calls = 0;

  /** Starts the bookkeeping of one call: its abort controller, linked to the caller's signal (internal). */
  const begin = (call: EngineCall) => {
    const controller = new AbortController();
    const callerSignal = call.options.abortSignal;
    // Stryker disable next-line OptionalChaining: equivalent, `forward` only runs as a listener of callerSignal.
    const forward = () => controller.abort(callerSignal?.reason);
    // Not `once`: a signal aborts at most once, and `end` removes the listener either way.
    if (callerSignal?.aborted) controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener('abort', forward);
    let finish!: () => void;
    const entry = { controller, done: new Promise<void>((resolve) => (finish = resolve)) };
    active.add(entry);
    const attempts: AttemptRecord[] = [];
    const run: CallRun = {
      call,
      settings,
      signal: controller.signal,
      attempts,
      attemptCount: 0,
      id: `${prefix}-${(calls++).toString(36)}`,
      inputTokens: new Map(),
      report(record) {
        attempts.push(record);
        tell(call.onAttempt, record);
        tell(settings.onRecord, record);
        if ((record.overrun ?? 0n) > 0n) tell(settings.onOverrun, record);
      },
    };
    const end = () => {
      callerSignal?.removeEventListener('abort', forward);
      active.delete(entry);
      finish();
      if (active.size === 0) for (const wake of idleWaiters.splice(0)) wake();
    };
    return { run, end };
  };

  return {
    get health() {
      return settings.health;
    },
    get escalationPolicy() {
      return settings.escalationPolicy;
    },
    get inFlight() {
      return active.size;
    },
    async generate(call) {
      const { run, end } = begin(call);
      try {
        return await runCandidates(run, (candidate, resolved, kind) =>
          generateAttempt(run, candidate.info, resolved, kind),
        );
      } finally {
        end();
      }
    },
    async stream(call) {
      const { run, end } = begin(call);
      let result: EngineStreamResult;
      try {
        result = await runCandidates(run, (candidate, resolved, kind) =>
          openStreamAttempt(run, candidate.info, resolved, kind),
        );
      } catch (error) {
        end();
        throw error;
      }
      void result.outcome.then(end, end);
      return result;
    },
    async abortAll(reason) {
      const entries = [...active];
      const why = reason ?? new DOMException('The server is shutting down.', 'AbortError');
      for (const entry of entries) entry.controller.abort(why);
      await Promise.all(entries.map((entry) => entry.done));
    },
    idle() {
      if (active.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

/** Hands a record to an observer, if any (internal). */
function tell(observer: ((record: AttemptRecord) => void) | undefined, record: AttemptRecord): void {
  try {
    // Stryker disable next-line OptionalChaining: equivalent, calling an absent observer throws into the catch.
    observer?.(record);
  } catch {
    // Documented: a failing observer must not break the accounting of the call.
  }
}

/** The candidates of a call, one after another until one answers (internal). */
async function runCandidates<T>(
  run: CallRun,
  attemptModel: (
    candidate: Candidate,
    resolved: ResolvedCandidate,
    kind: NonNullable<AttemptRecord['attemptKind']>,
  ) => Promise<AttemptOutcome<T>>,
): Promise<T> {
  const { call, settings } = run;
  const source: CandidateSource = Array.isArray(call.candidates)
    ? candidateList(call.candidates as readonly Candidate[])
    : (call.candidates as CandidateSource);
  if (Array.isArray(call.candidates) && call.candidates.length === 0) {
    throw new InvalidArgumentError({
      argument: 'candidates',
      message: 'No candidate model to call: pass at least one.',
    });
  }
  const maxModels = call.maxModels ?? settings.maxModels;
  const suppressed = settings.health.suppressed();
  const avoid = new Set<string>(suppressed);
  const badProviders = new Set<string>();
  const tried: ModelInfo[] = [];
  let lastError: unknown;
  let skips = 0;
  while (tried.length < maxModels) {
    if (run.signal.aborted) throw lastError ?? run.signal.reason;
    // A pick that does not read the budget (an explicit model) asks no shared store: the sizing will.
    const blind = tried.length === 0 && source.fixedFirst === true;
    const room = blind
      ? localRemainingWithLevel(call.budget)
      : await remainingWithLevel(call.budget, call.shared);
    run.pickedRemaining = blind ? undefined : room;
    const remaining = room.amount;
    const firstInfo = tried[0];
    const candidate = source.next({
      tried,
      lastError,
      remaining,
      inputTokens: firstInfo === undefined ? 0 : (run.inputTokens.get(firstInfo.id) ?? 0),
      avoid,
      suppressed,
    });
    if (candidate === undefined) break;
    const { info } = candidate;
    let resolved: ResolvedCandidate;
    try {
      resolved = candidate.model ? { model: candidate.model } : resolveModel(settings, info.id);
    } catch (error) {
      // No provider serves it (or none is configured): recorded as a refusal, never sent.
      tried.push(info);
      avoid.add(info.id);
      // Stryker disable next-line ObjectLiteral: equivalent, judgeFailure reads absent flags as false.
      const verdict = judgeFailure(error, { callerAborted: false, timedOut: false });
      reportRefusal(run, info, undefined, tried.length === 1 ? 'first' : source.moveKind, error, verdict);
      settings.health.recordFailure(info.id, verdict.blame);
      lastError = error;
      if (!verdict.failover || call.failover === false) throw error;
      continue;
    }
    const providerId = resolved.providerId ?? resolved.model.provider;
    if (badProviders.has(providerId)) {
      avoid.add(info.id);
      if (++skips > MAX_SKIPS) break;
      continue;
    }
    tried.push(info);
    avoid.add(info.id);
    const kind = tried.length === 1 ? 'first' : source.moveKind;
    const outcome = await attemptWithRetries(run, candidate, resolved, kind, attemptModel);
    if (outcome.ok) {
      settings.health.recordSuccess(info.id);
      return outcome.value;
    }
    lastError = outcome.error;
    const { verdict } = outcome;
    if (verdict.blame === 'provider') badProviders.add(providerId);
    if (outcome.called || verdict.blame !== 'strike') settings.health.recordFailure(info.id, verdict.blame);
    if (!verdict.failover || call.failover === false || run.signal.aborted) throw lastError;
  }
  if (lastError !== undefined) throw lastError;
  throw new NoRouteError({ message: 'No model could be tried for this call: every candidate was excluded.' });
}

function resolveModel(settings: ResolvedSettings, modelId: string): ResolvedCandidate {
  if (!settings.resolve) {
    throw new InvalidArgumentError({
      argument: 'resolve',
      message: `No model object for "${modelId}": pass candidates with a model, or give the engine a resolver.`,
    });
  }
  const resolved = settings.resolve(modelId);
  return 'doGenerate' in resolved ? { model: resolved as LanguageModelV1 } : resolved;
}

/** One model, retried per the policy (internal). */
async function attemptWithRetries<T>(
  run: CallRun,
  candidate: Candidate,
  resolved: ResolvedCandidate,
  kind: NonNullable<AttemptRecord['attemptKind']>,
  attemptModel: (
    candidate: Candidate,
    resolved: ResolvedCandidate,
    kind: NonNullable<AttemptRecord['attemptKind']>,
  ) => Promise<AttemptOutcome<T>>,
): Promise<AttemptOutcome<T>> {
  const { retry } = run.settings;
  for (let number = 0; ; number++) {
    const outcome = await attemptModel(candidate, resolved, number === 0 ? kind : 'retry');
    if (outcome.ok || !outcome.called || outcome.noRetry || run.signal.aborted) return outcome;
    const delay = retry.delayFor(number + 1, outcome.error);
    if (delay === undefined) return outcome;
    run.call.onRetry?.({
      modelId: candidate.info.id,
      retry: number + 1,
      delayMs: delay,
      error: outcome.error,
    });
    try {
      await retry.sleep(delay, run.signal);
    } catch (error) {
      // A wait that failed is the call's abort (a policy's sleep rejects with the signal's reason): nothing more is sent.
      return {
        ok: false,
        error,
        // Stryker disable next-line BooleanLiteral: equivalent, a `none` blame is never counted, called or not.
        called: false,
        verdict: judgeFailure(error, {
          callerAborted: true,
          // Stryker disable next-line BooleanLiteral: equivalent, judgeFailure checks callerAborted first.
          timedOut: false,
        }),
      };
    }
  }
}

/**
 * Sizes and holds one attempt; sizes again once when another call took the room in between (internal).
 *
 * Without a figure from the pick, the first sizing is optimistic: on the local chain alone, held on the shared
 * store in the same round trip that checks it. Only a refusal makes the next round ask the store what is left (and
 * clamp to it) — one store round trip per attempt instead of two, and the same clamp when the worst case does not
 * fit.
 */
export async function reserveAttempt(
  run: CallRun,
  info: ModelInfo,
  number: number,
): Promise<{ plan: CallPlan; hold: Awaited<ReturnType<typeof holdAttempt>> }> {
  const { call, settings } = run;
  let inputTokens = run.inputTokens.get(info.id);
  if (inputTokens === undefined) {
    inputTokens = settings.countInputTokens(call.options, { modelId: info.id });
    run.inputTokens.set(info.id, inputTokens);
  }
  // The pick's reading of the room serves the first sizing only; without one, that sizing is optimistic (the
  // local chain alone: without shared scopes that is the whole room, and a local hold right after a synchronous
  // local sizing cannot be refused, so the extra round only ever serves a store's refusal).
  const picked = run.pickedRemaining;
  run.pickedRemaining = undefined;
  const optimistic = picked === undefined;
  for (let round = 0; ; round++) {
    if (run.signal.aborted) throw run.signal.reason;
    const { amount: remaining, level } =
      round > 0
        ? await remainingWithLevel(call.budget, call.shared)
        : (picked ?? localRemainingWithLevel(call.budget));
    const callerMax = call.maxOutputTokensFor
      ? call.maxOutputTokensFor(info, inputTokens)
      : call.options.maxOutputTokens;
    const plan = planCall({
      model: info,
      prompt: call.options.prompt,
      inputTokens,
      // Stryker disable next-line ConditionalExpression: equivalent, planCall reads an undefined field as absent
      ...(callerMax === undefined ? {} : { maxOutputTokens: callerMax }),
      defaultMaxOutputTokens: settings.defaultMaxOutputTokens,
      remaining,
      // Stryker disable next-line ConditionalExpression: equivalent, planCall reads an undefined field as absent
      ...(level === undefined ? {} : { limitedBy: level }),
      // Stryker disable next-line ConditionalExpression: equivalent, planCall reads an undefined field as absent
      ...(call.budget === undefined ? {} : { budget: call.budget }),
      minOutputTokens: settings.minOutputTokens,
      // Stryker disable next-line ConditionalExpression: equivalent, planCall reads an undefined field as absent
      ...(settings.assumedPricing === undefined ? {} : { assumedPricing: settings.assumedPricing }),
    });
    // A clamp that lowered max_tokens to or below the thinking budget lowers that too, or refuses: an invalid
    // pair is never sent.
    const thinking = thinkingForAttempt(call.options.thinking, callerMax, plan.maxOutputTokens);
    if (thinking !== undefined && !thinking.ok) {
      throw new BudgetExceededError({
        message: thinking.reason,
        // Unlimited (the model's own cap lowered max_tokens): the plan is what the budget side would need.
        remaining: remaining ?? plan.worstCase,
        required: plan.worstCase,
        ...(call.budget?.limit === undefined ? {} : { budget: call.budget.limit }),
        // Stryker disable next-line ConditionalExpression: equivalent, the error reads an undefined level as absent
        ...(level === undefined ? {} : { level }),
      });
    }
    if (thinking?.ok) plan.thinkingBudgetTokens = thinking.budgetTokens;
    try {
      const id = `${call.requestId ?? run.id}:${number}`;
      const hold = await holdAttempt({
        budget: call.budget,
        shared: call.shared,
        amount: plan.worstCase,
        label: `${info.id} attempt ${number}`,
        id,
        onLeaseExpired: () =>
          // Stryker disable next-line OptionalChaining: equivalent, holdAttempt catches what a missing observer throws
          settings.onLeaseExpired?.({
            reservationId: id,
            modelId: info.id,
            ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
            reserved: plan.worstCase,
          }),
      });
      return { plan, hold };
    } catch (error) {
      if (!BudgetExceededError.isInstance(error) || round > (optimistic ? 1 : 0)) throw error;
    }
  }
}

/** The common fields of an attempt record (internal). */
export function attemptRecord(
  run: CallRun,
  info: ModelInfo,
  providerId: string | undefined,
  number: number,
  kind: NonNullable<AttemptRecord['attemptKind']>,
  started: number,
  fields: Partial<AttemptRecord> & Pick<AttemptRecord, 'called' | 'success' | 'outcome'>,
): AttemptRecord {
  const { call, settings } = run;
  const reason =
    typeof call.reason === 'function' ? call.reason({ number, kind }) : (call.reason ?? 'library call');
  const record: AttemptRecord = {
    kind: 'attempt',
    timestamp: new Date(started).toISOString(),
    source: settings.source,
    reason,
    modelId: info.id,
    inputTokens: 0,
    outputTokens: 0,
    cost: 0n,
    latencyMs: settings.now() - started,
    attempt: number,
    attemptKind: kind,
    costSource: 'none',
    ...fields,
  };
  if (providerId !== undefined) record.providerId = providerId;
  if (call.requestId !== undefined) record.requestId = call.requestId;
  if (call.door !== undefined) record.door = call.door;
  if (call.keyId !== undefined) record.keyId = call.keyId;
  if (call.teamId !== undefined) record.teamId = call.teamId;
  if (call.strategy !== undefined) record.strategy = call.strategy;
  if (call.budget?.limit !== undefined) record.budget = call.budget.limit;
  return record;
}

/** The error fields of a record (internal). */
export function errorFields(error: unknown): Partial<AttemptRecord> {
  const described = describeError(error);
  const fields: Partial<AttemptRecord> = { errorClass: described.name, errorMessage: described.message };
  if (described.statusCode !== undefined) fields.status = described.statusCode;
  return fields;
}

/** Records an attempt refused before anything was sent (budget, price, provider) (internal). */
export function reportRefusal(
  run: CallRun,
  info: ModelInfo,
  providerId: string | undefined,
  kind: NonNullable<AttemptRecord['attemptKind']>,
  error: unknown,
  verdict: FailureVerdict,
): void {
  const number = ++run.attemptCount;
  run.report(
    attemptRecord(run, info, providerId, number, kind, run.settings.now(), {
      called: false,
      success: false,
      outcome: verdict.outcome === 'cancelled' ? 'cancelled' : 'refused',
      ...errorFields(error),
    }),
  );
}

/** The byte ceiling of a non-streamed answer: generous per token, so only a runaway body reaches it (internal). */
export function responseByteCap(plan: CallPlan): number {
  return 262_144 + plan.maxOutputTokens * 64;
}

/** A reserved attempt, ready to send (internal). */
export type StartedAttempt =
  | {
      ok: true;
      plan: CallPlan;
      hold: Awaited<ReturnType<typeof reserveAttempt>>['hold'];
      /** Builds the attempt's record with its common fields (number, kind, timing, reservation). */
      record: (fields: Parameters<typeof attemptRecord>[6]) => AttemptRecord;
    }
  | { ok: false; refused: { ok: false; error: unknown; called: false; verdict: FailureVerdict } };

/**
 * Sizes and holds one attempt and numbers it; a refusal (budget, price, abort before sending) is recorded as an
 * attempt that was not called. The one start of every generate and stream attempt (internal).
 */
export async function startAttempt(
  run: CallRun,
  info: ModelInfo,
  resolved: ResolvedCandidate,
  kind: NonNullable<AttemptRecord['attemptKind']>,
): Promise<StartedAttempt> {
  const providerId = resolved.providerId ?? resolved.model.provider;
  let reserved: Awaited<ReturnType<typeof reserveAttempt>>;
  try {
    reserved = await reserveAttempt(run, info, run.attemptCount + 1);
  } catch (error) {
    const verdict = judgeFailure(error, { callerAborted: run.signal.aborted, timedOut: false });
    reportRefusal(run, info, providerId, kind, error, verdict);
    return { ok: false, refused: { ok: false, error, called: false, verdict } };
  }
  const number = ++run.attemptCount;
  const { plan, hold } = reserved;
  const started = run.settings.now();
  return {
    ok: true,
    plan,
    hold,
    record: (fields) => {
      const record = attemptRecord(run, info, providerId, number, kind, started, {
        estimatedCost: plan.worstCase,
        reserved: plan.worstCase,
        ...fields,
      });
      // A sweeper settled the attempt at its worst case before this process could: that is what was charged.
      if (hold.leaseExpired) {
        record.leaseExpired = true;
        record.cost = plan.worstCase;
        record.costSource = 'worst-case';
        delete record.overrun;
      }
      return record;
    },
  };
}

/** One non-streamed attempt (internal). */
async function generateAttempt(
  run: CallRun,
  info: ModelInfo,
  resolved: ResolvedCandidate,
  kind: NonNullable<AttemptRecord['attemptKind']>,
): Promise<AttemptOutcome<EngineGenerateResult>> {
  const { call, settings } = run;
  const started = await startAttempt(run, info, resolved, kind);
  if (!started.ok) return started.refused;
  const { plan, hold, record: base } = started;
  const signal: AttemptSignal = createAttemptSignal(run.signal, settings.attemptTimeoutMs);
  let result: GenerateResult;
  try {
    result = await resolved.model.doGenerate({
      ...attemptOptions(call.options, plan),
      abortSignal: signal.signal,
      maxResponseBytes: responseByteCap(plan),
    });
  } catch (error) {
    signal.done();
    const verdict = judgeFailure(error, { callerAborted: run.signal.aborted, timedOut: signal.timedOut });
    // An answer that arrived but could not be read whole was billed by the vendor: settle the worst case.
    const billed = InvalidResponseDataError.isInstance(error);
    if (billed) await hold.settle(plan.worstCase);
    else await hold.release();
    run.report(
      base({
        called: true,
        success: false,
        outcome: verdict.outcome,
        inputTokens: billed ? plan.inputTokens : 0,
        outputTokens: billed ? plan.maxOutputTokens : 0,
        cost: billed ? plan.worstCase : 0n,
        costSource: billed ? settledCostSource(plan, undefined, 'worst-case') : 'none',
        ...(billed ? { usageEstimated: true } : {}),
        ...errorFields(error),
      }),
    );
    return { ok: false, error, called: true, verdict };
  }
  signal.done();
  const usage = result.usage;
  const complete =
    usage.reportedCostUsd !== undefined ||
    (usage.inputTokens !== undefined && usage.outputTokens !== undefined);
  const cost =
    costOfUsage(plan.pricedModel, usage, {
      inputTokens: plan.inputTokens,
      outputTokens: plan.maxOutputTokens,
    }) ?? plan.worstCase;
  const { overrun } = await hold.settle(cost);
  let rejection: string | undefined;
  if (call.accept) {
    try {
      rejection = await call.accept(result, plan);
    } catch (error) {
      rejection = `the answer check failed: ${describeError(error).message}`;
    }
  }
  const record = base({
    called: true,
    success: rejection === undefined,
    outcome: rejection === undefined ? 'ok' : 'error',
    inputTokens: usage.inputTokens ?? plan.inputTokens,
    outputTokens: usage.outputTokens ?? plan.maxOutputTokens,
    ...(usage.cachedInputTokens === undefined ? {} : { cachedInputTokens: usage.cachedInputTokens }),
    ...(usage.reasoningTokens === undefined ? {} : { reasoningTokens: usage.reasoningTokens }),
    cost,
    costSource: settledCostSource(plan, usage, complete ? 'usage' : 'worst-case'),
    ...(complete ? {} : { usageEstimated: true }),
    finishReason: result.finishReason.unified,
    ...(overrun > 0n ? { overrun } : {}),
    ...(rejection === undefined ? {} : { errorClass: 'TokenwiseRejectedAnswer', errorMessage: rejection }),
  });
  run.report(record);
  if (rejection !== undefined) {
    const error = new AnswerRejectedError({ message: rejection, modelId: info.id });
    return {
      ok: false,
      error,
      // Stryker disable next-line BooleanLiteral: equivalent, a `none` blame is never counted, called or not.
      called: true,
      // Stryker disable next-line StringLiteral: equivalent, the record is written; only `failover` is read now.
      verdict: { failover: true, blame: 'none', outcome: 'error' },
      noRetry: true,
    };
  }
  return {
    ok: true,
    value: {
      result,
      cost: record.cost,
      model: resolved.model,
      modelInfo: info,
      plan,
      attempts: run.attempts,
    },
  };
}
