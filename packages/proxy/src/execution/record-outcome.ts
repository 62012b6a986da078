import type { PicoUsd, Usage } from '@tokenwise/spec';
import { describeFailure } from '../ledger/describe-failure.js';
import type { ProxyOutcome } from '../ledger/proxy-ledger-record.js';
import type { ChatRequest } from './chat-request.js';
import type { ChatRuntime } from './chat-runtime.js';
import type { Attempt } from './run-attempts.js';

/** How a served attempt ended, for its attempt record and the request record. */
export interface ServedOutcome {
  outcome: ProxyOutcome;
  usage: Usage;
  cost: PicoUsd;
  estimated: boolean;
  status: number;
  /** The failure that ended a served stream early. */
  error?: unknown;
}

/** Writes the attempt record of the model that answered and the request record (fire-and-forget). */
export function recordServed(
  runtime: ChatRuntime,
  request: ChatRequest,
  attempt: Attempt,
  served: ServedOutcome,
): void {
  const now = runtime.clock();
  const common = {
    requestId: request.requestId,
    modelId: attempt.model.id,
    providerId: attempt.resolved.providerId,
    strategy: request.selection.routed ? request.selection.strategy : undefined,
    outcome: served.outcome,
    stream: request.body.stream === true,
    inputTokens: served.usage.inputTokens ?? 0,
    outputTokens: served.usage.outputTokens ?? 0,
    ...(served.usage.cachedInputTokens === undefined
      ? {}
      : { cachedInputTokens: served.usage.cachedInputTokens }),
    ...(served.usage.reasoningTokens === undefined ? {} : { reasoningTokens: served.usage.reasoningTokens }),
    cost: served.cost,
    estimated: served.estimated,
    budget: request.selection.budget,
    ...(served.error === undefined ? {} : failureFields(served.error)),
  };
  runtime.ledger.write({
    kind: 'attempt',
    ...common,
    timestamp: new Date(attempt.startedAt).toISOString(),
    durationMs: now - attempt.startedAt,
    attempt: attempt.index,
  });
  runtime.ledger.write({
    kind: 'request',
    ...common,
    timestamp: new Date(request.startedAt).toISOString(),
    durationMs: now - request.startedAt,
    status: served.status,
    modelsTried: request.modelsTried,
  });
}

/** Writes the request record of a request that got no answer (refused, failed, or abandoned by the client). */
export function recordUnserved(
  runtime: ChatRuntime,
  request: Pick<ChatRequest, 'requestId' | 'startedAt' | 'modelsTried'> & Partial<ChatRequest>,
  outcome: ProxyOutcome,
  status: number,
  error: unknown,
): void {
  runtime.ledger.write({
    kind: 'request',
    requestId: request.requestId,
    timestamp: new Date(request.startedAt).toISOString(),
    modelId: request.modelsTried.at(-1) ?? request.selection?.explicitModel?.id,
    providerId: undefined,
    strategy: request.selection?.routed ? request.selection.strategy : undefined,
    outcome,
    stream: request.body?.stream === true,
    inputTokens: 0,
    outputTokens: 0,
    cost: 0n,
    estimated: false,
    budget: request.selection?.budget,
    durationMs: runtime.clock() - request.startedAt,
    status,
    ...failureFields(error),
    modelsTried: request.modelsTried,
  });
}

/** The ledger fields of a failure. */
export function failureFields(error: unknown): {
  errorCode?: string;
  errorClass: string;
  errorMessage: string;
} {
  const failure = describeFailure(error);
  return {
    ...(failure.errorCode === undefined ? {} : { errorCode: failure.errorCode }),
    errorClass: failure.errorClass,
    errorMessage: failure.errorMessage,
  };
}
