import type { Hono } from 'hono';
import { chatDoor } from '../doors/chat-door.js';
import type { ProxyRuntime } from '../gateway/proxy-runtime.js';
import { serveCall } from '../gateway/serve-call.js';

/** `POST /v1/chat/completions` (OpenAI dialect, streamed or not), through the gateway's one engine. */
export function registerChatCompletionsRoute(app: Hono, runtime: ProxyRuntime): void {
  app.post('/v1/chat/completions', (c) => serveCall(runtime, chatDoor, c.req.raw));
}
