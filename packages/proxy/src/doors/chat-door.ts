import { createChunkEncoder } from '../dialects/openai/chunk-encoder.js';
import { createChatStreamEncoding } from '../dialects/openai/create-chat-stream-encoding.js';
import { parseChatCompletionRequest } from '../dialects/openai/parse-request.js';
import type { ChatCompletionRequest } from '../dialects/openai/request-schema.js';
import { toCallOptions } from '../dialects/openai/to-call-options.js';
import { toChatCompletionResponse } from '../dialects/openai/to-response.js';
import { CHAT_WIRE_NAMES } from '../dialects/openai/wire-names.js';
import { toOpenAIError } from '../errors/to-openai-error.js';
import { clientCost } from '../gateway/client-cost.js';
import type { ProxyTrace } from '../gateway/proxy-trace.js';
import { createSseBody } from './create-sse-body.js';
import type { Door } from './door.js';
import { errorResponse, jsonResponse, sseResponse } from './door-response.js';
import { createDroppedParams } from './dropped-params-header.js';

const dropped = createDroppedParams(CHAT_WIRE_NAMES);

/** The OpenAI chat-completions door (`POST /v1/chat/completions`). */
export const chatDoor: Door<ChatCompletionRequest> = {
  name: 'chat',
  parse: parseChatCompletionRequest,
  toRequest(body) {
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
    const options = toCallOptions(body);
    dropped.remember(body, options);
    return {
      model: body.model,
      options: { ...options, ...(maxTokens === undefined ? {} : { maxOutputTokens: maxTokens }) },
      stream: body.stream === true,
      ...(body.tokenwise == null ? {} : { extension: body.tokenwise }),
    };
  },
  respond(body, answer, context) {
    const model = answer.modelInfo.id;
    const response = toChatCompletionResponse({
      id: answer.result.response?.id ?? `chatcmpl-${context.requestId}`,
      created: context.created,
      model,
      result: answer.result,
      cost: clientCost(answer.modelInfo, answer.cost, answer.result.usage),
      trace: context.trace(model, 'completed') as ProxyTrace | undefined,
    });
    return jsonResponse(response, 200, { ...context.headers, ...dropped.forAnswer(body, answer) });
  },
  async respondStream(body, streamed, context) {
    const { answer, headers } = await dropped.forStream(body, streamed);
    const model = answer.modelInfo.id;
    const encoder = createChunkEncoder({
      id: `chatcmpl-${context.requestId}`,
      created: context.created,
      model,
    });
    const sse = createSseBody(
      answer,
      createChatStreamEncoding({
        encoder,
        includeUsage: body.stream_options?.include_usage === true,
        trace: (state) => context.trace(model, state) as ProxyTrace | undefined,
      }),
    );
    return sseResponse(sse, { ...context.headers, ...headers });
  },
  error(error, context) {
    return errorResponse(toOpenAIError(error), context.requestId);
  },
  status: (error) => toOpenAIError(error).status,
};
