import {
  BudgetExceededError,
  LoadApiKeyError,
  type ModelInfo,
  NoRouteError,
  type PicoUsd,
  type RouteDecision,
  type Tier,
} from '@tokenwise/spec';
import { type AttemptReservation, reserveAttempt } from '../budget/reserve-attempt.js';
import { OpenAIHttpError } from '../errors/openai-http-error.js';
import { toOpenAIError } from '../errors/to-openai-error.js';
import { describeFailure } from '../ledger/describe-failure.js';
import type { ResolvedModel } from '../proxy-deps.js';
import { type AttemptSignal, createAttemptSignal } from './attempt-signal.js';
import type { ChatRequest } from './chat-request.js';
import type { ChatRuntime } from './chat-runtime.js';

/** One upstream call in progress. */
export interface Attempt {
  /** 1-based. */
  index: number;
  model: ModelInfo;
  resolved: ResolvedModel;
  reservation: AttemptReservation;
  /** Streamed calls only (see `createAttemptSignal`). */
  signal: AttemptSignal | undefined;
  startedAt: number;
}

/**
 * Calls models until one answers: the explicit model, or the router's choice and then the next capable model the
 * budget can pay for (never a weaker tier for `best_quality`). Suppressed models are skipped when routing but an
 * explicitly requested model is always tried. `call` must throw on failure; it returns once content arrived
 * (streams) or the answer is complete. The caller settles the returned attempt's reservation.
 */
export async function runAttempts<T>(
  runtime: ChatRuntime,
  request: ChatRequest,
  call: (attempt: Attempt) => Promise<T>,
): Promise<{ value: T; attempt: Attempt }> {
  const { selection } = request;
  const excluded = new Set<string>();
  // Providers without an API key fail every model they serve: skip those models for the rest of the request.
  const keyless = new Set<string>();
  let skipped = 0;
  let model: ModelInfo | undefined = selection.explicitModel ?? route(runtime, request, excluded, undefined);
  const firstTier = model?.tier;
  let lastError: unknown;
  for (let index = 1; model !== undefined && index <= runtime.maxAttempts; index++) {
    excluded.add(model.id);
    const attempt = start(runtime, request, model, index, keyless);
    if (attempt === undefined) {
      // Not an attempt: it does not count against maxAttempts, but the search stays bounded.
      index--;
      if (++skipped > 50) break;
    } else if (attempt instanceof Error) {
      // A refusal of the first choice is the request's answer (402); later ones only end the search. A model
      // no provider serves is skipped like a failed call.
      const refused = BudgetExceededError.isInstance(attempt) || attempt instanceof OpenAIHttpError;
      if ((refused && index === 1) || !canFailOver(runtime, request)) throw attempt;
      lastError ??= attempt;
    } else {
      request.modelsTried.push(model.id);
      try {
        const value = await call(attempt);
        attempt.signal?.clearTimeout();
        return { value, attempt };
      } catch (error) {
        const timedOut = attempt.signal?.timedOut() ?? false;
        attempt.signal?.clearTimeout();
        attempt.reservation.processHold?.release();
        recordFailedAttempt(runtime, request, attempt, error);
        runtime.policy.recordFailure(model.id, error, timedOut);
        if (LoadApiKeyError.isInstance(error)) keyless.add(attempt.resolved.providerId);
        runtime.logger.warn('Upstream call failed.', {
          requestId: request.requestId,
          model: model.id,
          code: toOpenAIError(error).code,
          timedOut,
        });
        if (!runtime.policy.shouldFailOver(error, timedOut) || !canFailOver(runtime, request)) throw error;
        lastError = error;
      }
    }
    model = route(runtime, request, excluded, selection.strategy === 'best_quality' ? firstTier : undefined);
  }
  throw lastError ?? new Error('No model could be tried.');
}

function canFailOver(runtime: ChatRuntime, request: ChatRequest): boolean {
  return request.selection.routed || runtime.explicitModelFailover;
}

/**
 * Resolves the model and reserves its worst case; returns the error instead of throwing it, and `undefined` for a
 * model whose provider already failed for want of a key (skipped without an attempt).
 */
function start(
  runtime: ChatRuntime,
  request: ChatRequest,
  model: ModelInfo,
  index: number,
  keyless: ReadonlySet<string>,
): Attempt | Error | undefined {
  let resolved: ResolvedModel;
  try {
    resolved = runtime.resolve(model.id);
  } catch (error) {
    runtime.policy.recordFailure(model.id, error, false);
    if (error instanceof Error) return error;
    throw error;
  }
  if (keyless.has(resolved.providerId)) return undefined;
  let reservation: AttemptReservation;
  try {
    reservation = reserveAttempt({
      model,
      inputTokens: request.inputTokens,
      requestedMaxTokens: request.requestedMaxTokens,
      defaultMaxOutputTokens: runtime.defaultMaxOutputTokens,
      minOutputTokens: runtime.minOutputTokens,
      requestRemaining: request.selection.budget,
      requestBudget: request.selection.budget,
      processBudget: runtime.processBudget,
    });
  } catch (error) {
    if (BudgetExceededError.isInstance(error) || error instanceof Error) return error;
    throw error;
  }
  return {
    index,
    model,
    resolved,
    reservation,
    signal: request.body.stream === true ? createAttemptSignal(runtime.upstreamTimeoutMs) : undefined,
    startedAt: runtime.clock(),
  };
}

/**
 * The router's choice among models not yet tried. The first choice avoids suppressed models unless nothing else
 * fits; fallbacks are re-routed against the remaining budget, so a $0.01 request never fails over to a flagship.
 * @throws NoRouteError for the first choice only; later it means "no more candidates".
 */
function route(
  runtime: ChatRuntime,
  request: ChatRequest,
  excluded: Set<string>,
  minTier: Tier | undefined,
): ModelInfo | undefined {
  const { selection } = request;
  const first = excluded.size === 0;
  if (!first && !canFailOver(runtime, request)) return undefined;
  const suppressed = runtime.failedModels.toSet();
  const exclude = [...excluded, ...suppressed, ...runtime.toolless(request)];
  const budget = effectiveBudget(runtime, selection.budget);
  const routeOnce = (without: readonly string[]): RouteDecision =>
    runtime.router.route(request.prompt, {
      strategy: selection.strategy,
      ...(budget === undefined ? {} : { budget }),
      ...(selection.capability === undefined ? {} : { capability: selection.capability }),
      budgetStrict: true,
      ...(request.requestedMaxTokens === undefined ? {} : { maxOutputTokens: request.requestedMaxTokens }),
      exclude: without,
      ...(minTier === undefined ? {} : { minTier }),
    });
  try {
    return routeOnce(exclude).model;
  } catch (error) {
    if (!NoRouteError.isInstance(error)) throw error;
    if (suppressed.size > 0) {
      // Better a suppressed model than none: suppression is a hint, not a ban.
      try {
        return routeOnce([...excluded]).model;
      } catch (retryError) {
        if (!NoRouteError.isInstance(retryError)) throw retryError;
      }
    }
    if (first) throw error;
    return undefined;
  }
}

function effectiveBudget(runtime: ChatRuntime, budget: PicoUsd | undefined): PicoUsd | undefined {
  if (!runtime.processBudget) return budget;
  const left = runtime.processBudget.remaining();
  if (left === undefined) return budget;
  return budget === undefined || left < budget ? left : budget;
}

function recordFailedAttempt(
  runtime: ChatRuntime,
  request: ChatRequest,
  attempt: Attempt,
  error: unknown,
): void {
  const failure = describeFailure(error);
  runtime.ledger.write({
    kind: 'attempt',
    requestId: request.requestId,
    timestamp: new Date(attempt.startedAt).toISOString(),
    modelId: attempt.model.id,
    providerId: attempt.resolved.providerId,
    strategy: request.selection.routed ? request.selection.strategy : undefined,
    outcome: 'error',
    stream: request.body.stream === true,
    inputTokens: 0,
    outputTokens: 0,
    cost: 0n,
    estimated: false,
    budget: request.selection.budget,
    durationMs: runtime.clock() - attempt.startedAt,
    ...(failure.errorCode === undefined ? {} : { errorCode: failure.errorCode }),
    errorClass: failure.errorClass,
    errorMessage: failure.errorMessage,
    ...(failure.upstreamStatus === undefined ? {} : { status: failure.upstreamStatus }),
    attempt: attempt.index,
  });
}
