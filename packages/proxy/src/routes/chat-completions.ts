import type { Hono } from 'hono';
import { parseChatCompletionRequest } from '../dialects/openai/parse-request.js';
import { toCallOptions } from '../dialects/openai/to-call-options.js';
import { ClientClosedRequestError } from '../errors/client-closed-request-error.js';
import { toOpenAIError } from '../errors/to-openai-error.js';
import type { ChatRequest } from '../execution/chat-request.js';
import type { ChatRuntime } from '../execution/chat-runtime.js';
import { generateChat } from '../execution/generate-chat.js';
import { recordUnserved } from '../execution/record-outcome.js';
import { selectRequest } from '../execution/request-selection.js';
import { streamChat } from '../execution/stream-chat.js';
import { type ReadJsonBodyOptions, readJsonBody } from '../middleware/read-json-body.js';

/**
 * `POST /v1/chat/completions` (OpenAI dialect, streamed or not). Every request that passed auth is recorded in
 * the ledger, whether it was answered, refused or failed.
 */
export function registerChatCompletionsRoute(
  app: Hono,
  runtime: ChatRuntime,
  bodyLimits: ReadJsonBodyOptions,
): void {
  app.post('/v1/chat/completions', async (c) => {
    const requestId = runtime.generateId();
    c.header('x-tokenwise-request-id', requestId);
    const startedAt = runtime.clock();
    let request: Partial<ChatRequest> & Pick<ChatRequest, 'requestId' | 'startedAt' | 'modelsTried'> = {
      requestId,
      startedAt,
      modelsTried: [],
    };
    try {
      const body = parseChatCompletionRequest(await readJsonBody(c.req.raw, bodyLimits));
      const selection = selectRequest({
        request: body,
        headers: c.req.raw.headers,
        registry: runtime.registry,
        defaultStrategy: runtime.defaultStrategy,
        defaultBudget: runtime.defaultBudget,
      });
      request = { ...request, body, selection };
      const callOptions = toCallOptions(body);
      runtime.checkRequest?.(callOptions.prompt);
      const full: ChatRequest = {
        requestId,
        startedAt,
        created: Math.floor(startedAt / 1000),
        body,
        callOptions,
        prompt: callOptions.prompt,
        selection,
        inputTokens: runtime.countPromptTokens(callOptions.prompt),
        requestedMaxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
        modelsTried: request.modelsTried,
      };
      request = full;
      return body.stream === true ? await streamChat(runtime, full) : await generateChat(runtime, full);
    } catch (error) {
      const mapped = toOpenAIError(error);
      const refused = mapped.status < 500 && request.modelsTried.length === 0;
      const outcome = ClientClosedRequestError.isInstance(error) ? 'aborted' : refused ? 'refused' : 'error';
      recordUnserved(runtime, request, outcome, mapped.status, error);
      throw error;
    }
  });
}
