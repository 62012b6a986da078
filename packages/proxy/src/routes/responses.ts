import type { Hono } from 'hono';
import { createResponsesDoor } from '../doors/responses-door.js';
import type { ProxyRuntime } from '../gateway/proxy-runtime.js';
import { serveCall } from '../gateway/serve-call.js';
import { methodNotAllowed } from './method-not-allowed.js';

/** `POST /v1/responses` (OpenAI Responses API, streamed or not), through the gateway's one engine. */
export function registerResponsesRoute(app: Hono, runtime: ProxyRuntime): void {
  const door = createResponsesDoor();
  app.post('/v1/responses', (c) => serveCall(runtime, door, c.req.raw));
  app.on(['GET', 'PUT', 'PATCH', 'DELETE'], '/v1/responses', (c) =>
    methodNotAllowed(c.req.method, '/v1/responses', 'openai'),
  );
}
