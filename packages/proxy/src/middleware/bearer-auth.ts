import type { MiddlewareHandler } from 'hono';
import { equalBytes } from '../auth/equal-bytes.js';
import { OpenAIHttpError } from '../errors/openai-http-error.js';

/**
 * Accepts a request only with `Authorization: Bearer <key>` or `x-api-key: <key>` (how Anthropic clients send
 * it) for one of `keys`. Keys are compared in time that does not depend on where they differ, and never echoed.
 */
export function bearerAuth(keys: readonly string[]): MiddlewareHandler {
  const encoder = new TextEncoder();
  const accepted = keys.map((key) => encoder.encode(key));
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
    const key = match?.[1]?.trim() || c.req.header('x-api-key')?.trim();
    if (!key) {
      throw unauthorized('Missing API key. Send it as `Authorization: Bearer <key>` or `x-api-key: <key>`.');
    }
    const presented = encoder.encode(key);
    let ok = false;
    for (const key of accepted) ok = equalBytes(presented, key) || ok;
    if (!ok) throw unauthorized('Invalid API key for this proxy.');
    await next();
  };
}

function unauthorized(message: string): OpenAIHttpError {
  return new OpenAIHttpError({
    status: 401,
    type: 'authentication_error',
    code: 'invalid_api_key',
    message,
    headers: { 'www-authenticate': 'Bearer' },
  });
}
