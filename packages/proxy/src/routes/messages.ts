import type { Hono } from 'hono';
import { countTokens } from '../dialects/anthropic/count-tokens.js';
import { parseCountTokensRequest } from '../dialects/anthropic/parse-request.js';
import { jsonResponse } from '../doors/door-response.js';
import { anthropicErrorResponse, anthropicHeaders, createMessagesDoor } from '../doors/messages-door.js';
import type { ProxyRuntime } from '../gateway/proxy-runtime.js';
import { serveCall } from '../gateway/serve-call.js';
import { readJsonBody } from '../middleware/read-json-body.js';
import { methodNotAllowed } from './method-not-allowed.js';

/**
 * `POST /v1/messages` (Anthropic Messages, streamed or not) through the gateway's one engine, and
 * `POST /v1/messages/count_tokens`, which answers `{ input_tokens }` from the engine's own input counter for the
 * model asked: nothing is called upstream, nothing is spent, nothing is recorded.
 */
export function registerMessagesRoutes(app: Hono, runtime: ProxyRuntime): void {
  app.post('/v1/messages', (c) =>
    serveCall(
      runtime,
      createMessagesDoor(anthropicHeaders(c.req.raw.headers), {
        pingIntervalMs: runtime.messagesPingIntervalMs,
      }),
      c.req.raw,
    ),
  );
  app.post('/v1/messages/count_tokens', async (c) => {
    const requestId = runtime.generateId();
    try {
      const request = parseCountTokensRequest(await readJsonBody(c.req.raw, runtime.bodyLimits));
      const model = runtime.resolveModelName(request.model);
      const counted = countTokens(request, ({ prompt, tools }) =>
        runtime.countInputTokens({ prompt, tools: [...tools] }, { modelId: model }),
      );
      return jsonResponse(counted, 200, { 'x-tokenwise-request-id': requestId });
    } catch (error) {
      return anthropicErrorResponse(error, requestId);
    }
  });
  for (const path of ['/v1/messages', '/v1/messages/count_tokens']) {
    app.on(['GET', 'PUT', 'PATCH', 'DELETE'], path, (c) => methodNotAllowed(c.req.method, path, 'anthropic'));
  }
}
