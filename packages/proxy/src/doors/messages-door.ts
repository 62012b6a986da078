import type { AnthropicErrorBody } from '../dialects/anthropic/anthropic-http-error.js';
import { parseMessagesRequest } from '../dialects/anthropic/parse-request.js';
import type { MessagesRequest } from '../dialects/anthropic/request-schema.js';
import { createAnthropicStreamEncoder } from '../dialects/anthropic/stream-encoder.js';
import { toAnthropicError } from '../dialects/anthropic/to-anthropic-error.js';
import { type AnthropicForwardedHeaders, toCall } from '../dialects/anthropic/to-call.js';
import { toMessage } from '../dialects/anthropic/to-message.js';
import { MESSAGES_WIRE_NAMES } from '../dialects/anthropic/wire-names.js';
import { clientCost } from '../gateway/client-cost.js';
import { createSseBody } from './create-sse-body.js';
import type { Door, DoorRequest } from './door.js';
import { errorResponse, jsonResponse, sseResponse } from './door-response.js';
import { createDroppedParams } from './dropped-params-header.js';

/** The Anthropic request headers a Messages request may carry, read from the HTTP request. */
export function anthropicHeaders(headers: Headers): AnthropicForwardedHeaders {
  return {
    'anthropic-version': headers.get('anthropic-version') ?? undefined,
    'anthropic-beta': headers.get('anthropic-beta') ?? undefined,
  };
}

/** An Anthropic error as a JSON response (`{"type":"error","error":{…}}`) with its status and headers. */
export function anthropicErrorResponse(error: unknown, requestId: string): Response {
  return errorResponse(toAnthropicError(error), requestId);
}

/**
 * Creates the Anthropic Messages door (`POST /v1/messages`) for one request: `forwarded` are its
 * `anthropic-version` / `anthropic-beta` headers, which only an Anthropic upstream receives; a stream sends a
 * `ping` after `message_start` and again after every `pingIntervalMs` of upstream silence (0 = never again).
 * Cheap to create.
 */
export function createMessagesDoor(
  forwarded: AnthropicForwardedHeaders = {},
  { pingIntervalMs = 0 }: { pingIntervalMs?: number } = {},
): Door<MessagesRequest> {
  const dropped = createDroppedParams(MESSAGES_WIRE_NAMES);
  return {
    name: 'messages',
    parse: parseMessagesRequest,
    toRequest(body): DoorRequest {
      const call = toCall(body, forwarded);
      dropped.remember(body, call.options);
      const max = call.requestedMaxOutputTokens;
      return {
        model: call.model,
        options: { ...call.options, ...(max === undefined ? {} : { maxOutputTokens: max }) },
        stream: call.stream,
        extension: call.extension,
      };
    },
    respond(body, answer, context) {
      const message = toMessage(answer.result, {
        id: answer.result.response?.id ?? `msg_${context.requestId}`,
        model: answer.modelInfo.id,
        cost: clientCost(answer.modelInfo, answer.cost, answer.result.usage),
      });
      return jsonResponse(message, 200, { ...context.headers, ...dropped.forAnswer(body, answer) });
    },
    async respondStream(body, streamed, context) {
      const { answer, headers } = await dropped.forStream(body, streamed);
      const encoder = createAnthropicStreamEncoder({
        id: `msg_${context.requestId}`,
        model: answer.modelInfo.id,
      });
      const sse = createSseBody(answer, {
        // Anthropic sends a ping right after message_start; clients expect to skip it.
        start: () => encoder.start(answer.plan.inputTokens) + encoder.ping(),
        part: (part) => encoder.part(part),
        finish: (part, cost) => encoder.finish(part, cost),
        error: (error) => encoder.error(toAnthropicError(error).toBody() as AnthropicErrorBody),
        ...(pingIntervalMs > 0
          ? { heartbeat: { intervalMs: pingIntervalMs, frame: () => encoder.ping() } }
          : {}),
      });
      return sseResponse(sse, { ...context.headers, ...headers });
    },
    error: (error, context) => anthropicErrorResponse(error, context.requestId),
    status: (error) => toAnthropicError(error).status,
  };
}
