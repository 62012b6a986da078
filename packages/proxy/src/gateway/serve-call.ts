import type { CallPlan } from '@tokenwise/core';
import type { CallOutcome, ModelInfo } from '@tokenwise/spec';
import { toDecimalString } from '@tokenwise/spec';
import type { VirtualKeyPrincipal } from '../auth/authenticate-virtual-key.js';
import type { Door, DoorContext } from '../doors/door.js';
import { ClientClosedRequestError } from '../errors/client-closed-request-error.js';
import { readJsonBody } from '../middleware/read-json-body.js';
import { authorizeRequest, keyBudgetError } from './authorize-request.js';
import { buildEngineCall } from './build-engine-call.js';
import { buildTrace } from './build-trace.js';
import { clientCost, costHeader } from './client-cost.js';
import type { ProxyRuntime } from './proxy-runtime.js';
import { type RequestState, recordRequest } from './record-request.js';
import { selectRequest } from './request-selection.js';

/**
 * Serves one request through a door: read and validate the body, choose the model, make ONE engine call, encode
 * the answer in the door's dialect. Every request that reached a door is recorded once — answered, refused,
 * failed or abandoned — and streamed ones when their stream ends.
 */
export async function serveCall<TBody>(
  runtime: ProxyRuntime,
  door: Door<TBody>,
  request: Request,
): Promise<Response> {
  const requestId = runtime.generateId();
  const state: RequestState = {
    requestId,
    startedAt: runtime.clock(),
    door: door.name,
    stream: false,
    selection: undefined,
    attempts: [],
    span: runtime.tracing(request, door.name),
  };
  let principal: VirtualKeyPrincipal | undefined;
  try {
    const body = door.parse(await readJsonBody(request, runtime.bodyLimits));
    const call = door.toRequest(body);
    state.stream = call.stream;
    await runtime.refreshOnMiss(call.model);
    const selection = selectRequest({
      input: { model: call.model, ...(call.extension === undefined ? {} : { extension: call.extension }) },
      headers: request.headers,
      registry: runtime.registry,
      defaultStrategy: runtime.defaultStrategy,
      defaultBudget: runtime.defaultBudget,
      resolveModelName: runtime.resolveModelName,
      outsideCatalog: runtime.outsideCatalog,
    });
    state.selection = selection;
    principal = await authorizeRequest(runtime, request.headers, selection);
    state.principal = principal;
    state.span?.request({
      modelAsked: selection.modelAsked,
      strategy: selection.routed ? selection.strategy : undefined,
      budget: selection.budget,
      maxTokens: call.options.maxOutputTokens,
      stream: call.stream,
    });
    runtime.checkRequest?.(call.options.prompt);
    const engineCall = buildEngineCall(runtime, call, selection, principal, {
      requestId,
      door: door.name,
      signal: request.signal,
      onAttempt: (attempt) => {
        state.span?.attempt(attempt, state.attempts.at(-1));
        state.attempts.push(attempt);
      },
    });
    const created = Math.floor(state.startedAt / 1000);
    if (call.stream) {
      const answer = await runtime.engine.stream(engineCall);
      void answer.outcome.then((outcome) =>
        recordRequest(runtime, state, {
          outcome: outcome.success ? 'ok' : (outcome.record.outcome ?? 'error'),
          status: 200,
          ...(outcome.success ? {} : { error: streamError(outcome.record) }),
        }),
      );
      const streamed = context(state, created, answer.modelInfo, answer.plan, call.options.maxOutputTokens);
      return await door.respondStream(body, answer, streamed);
    }
    const answer = await runtime.engine.generate(engineCall);
    recordRequest(runtime, state, { outcome: 'ok', status: 200 });
    const answered = context(state, created, answer.modelInfo, answer.plan, call.options.maxOutputTokens);
    const cost = clientCost(answer.modelInfo, answer.cost, answer.result.usage);
    answered.headers['x-tokenwise-cost'] = costHeader(
      cost === undefined ? answer.cost : cost,
      toDecimalString,
    );
    return door.respond(body, answer, answered);
  } catch (thrown) {
    const error = await keyBudgetError(runtime, principal, thrown);
    const status = door.status(error);
    const outcome: CallOutcome =
      // The client went away, or the server cancelled the call on shutdown (`engine.abortAll`).
      request.signal.aborted ||
      ClientClosedRequestError.isInstance(error) ||
      state.attempts.at(-1)?.outcome === 'cancelled'
        ? 'cancelled'
        : state.attempts.some((attempt) => attempt.called !== false)
          ? state.attempts.at(-1)?.outcome === 'timeout'
            ? 'timeout'
            : 'error'
          : status < 500
            ? 'refused'
            : 'error';
    recordRequest(runtime, state, { outcome, status, error });
    if (status >= 500 && outcome !== 'cancelled') {
      runtime.logger.error('Request failed.', {
        requestId,
        door: door.name,
        status,
        model: state.attempts.at(-1)?.modelId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    return door.error(error, { requestId });
  }
}

/** The encoding context of an answer: its headers (model, request id, ceiling, clamp) and trace (internal). */
function context(
  state: RequestState,
  created: number,
  model: ModelInfo,
  plan: CallPlan,
  requested: number | undefined,
): DoorContext {
  const headers: Record<string, string> = {
    'x-tokenwise-model': model.id,
    'x-tokenwise-request-id': state.requestId,
    // The most the answering attempt could cost: its reservation (unknown for a model without a known price).
    'x-tokenwise-max-cost': costHeader(model.pricing === undefined ? null : plan.worstCase, toDecimalString),
  };
  // A client's max_tokens lowered by the budget clamp (or the model's limit) is never silent.
  if (requested !== undefined && plan.maxOutputTokens < requested) {
    headers['x-tokenwise-max-tokens'] = String(plan.maxOutputTokens);
  }
  return {
    requestId: state.requestId,
    created,
    headers,
    trace: (finalModel, termination) => buildTrace(state, finalModel, termination),
  };
}

/** The failure of a stream that ended badly, as an error for the request record (internal). */
function streamError(record: { errorClass?: string; errorMessage?: string }): Error {
  const error = new Error(record.errorMessage ?? 'The stream ended early.');
  error.name = record.errorClass ?? 'Error';
  return error;
}
