import { parseResponsesRequest } from '../dialects/responses/parse-request.js';
import type { ResponsesRequest } from '../dialects/responses/request-schema.js';
import {
  createResponseItemCache,
  type ResponseItemCache,
} from '../dialects/responses/response-item-cache.js';
import { createResponsesStreamEncoder } from '../dialects/responses/stream-encoder.js';
import { toCall } from '../dialects/responses/to-call.js';
import { toResponseObject } from '../dialects/responses/to-response-object.js';
import { toResponsesError } from '../dialects/responses/to-responses-error.js';
import { RESPONSES_WIRE_NAMES } from '../dialects/responses/wire-names.js';
import { clientCost } from '../gateway/client-cost.js';
import { createSseBody } from './create-sse-body.js';
import type { Door, DoorRequest } from './door.js';
import { errorResponse, jsonResponse, sseResponse } from './door-response.js';
import { createDroppedParams } from './dropped-params-header.js';

/**
 * Creates the OpenAI Responses door (`POST /v1/responses`). It keeps its own cache of recent output items, so
 * `item_reference` inputs (the Vercel AI SDK's tool loop) resolve within this process; nothing is persisted.
 */
export function createResponsesDoor({
  items = createResponseItemCache(),
}: {
  items?: ResponseItemCache;
} = {}): Door<ResponsesRequest> {
  const dropped = createDroppedParams(RESPONSES_WIRE_NAMES);
  return {
    name: 'responses',
    parse: parseResponsesRequest,
    toRequest(body): DoorRequest {
      const call = toCall(body, { items });
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
      const response = toResponseObject(answer.result, {
        id: `resp_${context.requestId}`,
        createdAt: context.created,
        model: answer.modelInfo.id,
        request: body,
        cost: clientCost(answer.modelInfo, answer.cost, answer.result.usage),
      });
      items.remember(response.output);
      return jsonResponse(response, 200, { ...context.headers, ...dropped.forAnswer(body, answer) });
    },
    async respondStream(body, streamed, context) {
      const { answer, headers } = await dropped.forStream(body, streamed);
      const encoder = createResponsesStreamEncoder({
        id: `resp_${context.requestId}`,
        createdAt: context.created,
        model: answer.modelInfo.id,
        request: body,
      });
      const sse = createSseBody(answer, {
        start: () => encoder.start(),
        part: (part) => encoder.part(part),
        finish: (part, cost) => {
          const frames = encoder.finish(part, cost);
          items.remember(encoder.items());
          return frames;
        },
        error: (error) => encoder.error(toResponsesError(error).toBody()),
      });
      return sseResponse(sse, { ...context.headers, ...headers });
    },
    error(error, context) {
      return errorResponse(toResponsesError(error), context.requestId);
    },
    status: (error) => toResponsesError(error).status,
  };
}
