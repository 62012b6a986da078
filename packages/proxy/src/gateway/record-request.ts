import type { AttemptRecord, CallOutcome, PicoUsd, RequestRecord } from '@tokenwise/spec';
import type { VirtualKeyPrincipal } from '../auth/authenticate-virtual-key.js';
import { describeFailure } from '../ledger/describe-failure.js';
import type { ProxyRuntime } from './proxy-runtime.js';
import type { RequestSelection } from './request-selection.js';
import type { RequestSpan } from './request-tracing.js';

/** What the gateway knows about a request while serving it (internal). */
export interface RequestState {
  requestId: string;
  startedAt: number;
  door: string;
  stream: boolean;
  selection: RequestSelection | undefined;
  /** The engine's attempts of this request, in order. */
  attempts: AttemptRecord[];
  /** The virtual key the request was authenticated with, when the proxy has a key store. */
  principal?: VirtualKeyPrincipal | undefined;
  /** The request's trace span; absent when tracing is off. */
  span: RequestSpan | undefined;
}

/** The models a request called, in order (refusals before sending are not calls). */
export function modelsTried(state: RequestState): string[] {
  return state.attempts.filter((attempt) => attempt.called !== false).map((attempt) => attempt.modelId);
}

/**
 * Writes the request record: the roll-up of a request's attempts (which are recorded on their own, so summaries
 * count its spend once), with how it ended, the status the client got and what it asked for.
 */
export function recordRequest(
  runtime: ProxyRuntime,
  state: RequestState,
  end: { outcome: CallOutcome; status: number; error?: unknown },
): void {
  const last = state.attempts.at(-1);
  // The last attempt that reached the upstream: its usage is the request's (a stream cut after content included).
  const answered = last?.called === false ? undefined : last;
  let cost: PicoUsd = 0n;
  for (const attempt of state.attempts) cost += attempt.cost;
  const { selection } = state;
  const record: RequestRecord = {
    kind: 'request',
    timestamp: new Date(state.startedAt).toISOString(),
    source: 'proxy',
    requestId: state.requestId,
    reason: 'proxy request',
    modelId: last?.modelId ?? selection?.explicitModel?.id ?? 'none',
    inputTokens: answered?.inputTokens ?? 0,
    outputTokens: answered?.outputTokens ?? 0,
    cost,
    success: end.outcome === 'ok',
    latencyMs: runtime.clock() - state.startedAt,
    outcome: end.outcome,
    status: end.status,
    door: state.door,
    modelsTried: modelsTried(state),
  };
  if (last?.providerId !== undefined) record.providerId = last.providerId;
  if (state.principal !== undefined) {
    record.keyId = state.principal.keyId;
    if (state.principal.teamId !== undefined) record.teamId = state.principal.teamId;
  }
  if (answered?.cachedInputTokens !== undefined) record.cachedInputTokens = answered.cachedInputTokens;
  if (answered?.reasoningTokens !== undefined) record.reasoningTokens = answered.reasoningTokens;
  if (answered?.usageEstimated) record.usageEstimated = true;
  // Part of the request's cost is unknown: a model without a price answered and its vendor reported no cost.
  if (state.attempts.some((attempt) => attempt.costSource === 'unpriced')) record.costSource = 'unpriced';
  if (selection) {
    record.modelAsked = selection.modelAsked;
    if (selection.routed) record.strategy = selection.strategy;
    if (selection.budget !== undefined) record.budget = selection.budget;
  }
  if (end.error !== undefined) {
    const failure = describeFailure(end.error);
    record.errorClass = failure.errorClass;
    record.errorMessage = failure.errorMessage;
    if (failure.errorCode !== undefined) record.errorCode = failure.errorCode;
  }
  runtime.record(record);
  state.span?.end({
    requestId: state.requestId,
    outcome: end.outcome,
    status: end.status,
    responseModel: answered?.modelId,
    inputTokens: answered?.inputTokens,
    outputTokens: answered?.outputTokens,
    cost,
    attempts: state.attempts.length,
    error: record.errorMessage,
  });
}
