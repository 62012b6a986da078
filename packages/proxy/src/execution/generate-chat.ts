import { costOfUsage } from '@tokenwise/core';
import { type GenerateResult, toDecimalString } from '@tokenwise/spec';
import { toChatCompletionResponse } from '../dialects/openai/to-response.js';
import { buildTrace } from './build-trace.js';
import type { ChatRequest } from './chat-request.js';
import type { ChatRuntime } from './chat-runtime.js';
import { recordServed } from './record-outcome.js';
import { runAttempts } from './run-attempts.js';

/** Serves a non-streamed request: call with failover, settle the exact cost, answer with cost and trace. */
export async function generateChat(runtime: ChatRuntime, request: ChatRequest): Promise<Response> {
  const { value: result, attempt } = await runAttempts(
    runtime,
    request,
    (a) =>
      a.resolved.model.doGenerate({
        ...request.callOptions,
        ...(a.reservation.maxOutputTokens === undefined
          ? {}
          : { maxOutputTokens: a.reservation.maxOutputTokens }),
      }) as Promise<GenerateResult>,
  );
  const { model } = attempt;
  const usage = result.usage;
  const estimated = usage.inputTokens === undefined || usage.outputTokens === undefined;
  const cost =
    costOfUsage(model, usage, {
      inputTokens: request.inputTokens,
      outputTokens: attempt.reservation.maxOutputTokens ?? 0,
    }) ?? attempt.reservation.reserved;
  attempt.reservation.processHold?.settle(cost);
  runtime.policy.recordSuccess(model.id);
  recordServed(runtime, request, attempt, { outcome: 'ok', usage, cost, estimated, status: 200 });
  const body = toChatCompletionResponse({
    id: result.response?.id ?? `chatcmpl-${request.requestId}`,
    created: request.created,
    model: model.id,
    result,
    cost,
    trace: buildTrace(request, model.id, 'completed'),
  });
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'x-tokenwise-model': model.id,
      'x-tokenwise-cost': toDecimalString(cost),
      'x-tokenwise-request-id': request.requestId,
    },
  });
}
