import type { MiddlewareHandler } from 'hono';
import { ForbiddenRequestError } from '../errors/forbidden-request-error.js';

// Response headers a browser client may read (cost, model and request id of every answer).
const EXPOSED_HEADERS = 'x-tokenwise-request-id, x-tokenwise-model, x-tokenwise-cost, x-tokenwise-max-cost';
const ALLOWED_HEADERS = 'authorization, content-type, x-tokenwise-budget, x-tokenwise-strategy';

/**
 * Refuses requests that carry an `Origin` header (sent by browsers, never by SDKs or curl) unless the origin is
 * in `allowedOrigins` (exact `scheme://host[:port]` strings, or `*` for any). Without this, any web page the
 * user opens could spend the provider keys of a proxy listening on their machine. Allowed origins get CORS
 * headers, and their `OPTIONS` preflights are answered here (204, before authentication, as browsers send them
 * without credentials). A refused request throws {@link ForbiddenRequestError} (`reason: 'origin'`).
 */
export function corsOriginGuard(allowedOrigins: readonly string[] = []): MiddlewareHandler {
  const any = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    if (!any && !allowed.has(origin.toLowerCase())) {
      throw new ForbiddenRequestError({
        reason: 'origin',
        message: `Requests from the web origin ${JSON.stringify(origin.slice(0, 100))} are not allowed; the proxy's operator can allow it with TOKENWISE_PROXY_CORS_ORIGINS.`,
      });
    }
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': c.req.header('access-control-request-headers') ?? ALLOWED_HEADERS,
          'access-control-max-age': '600',
          vary: 'Origin',
        },
      });
    }
    await next();
    // routes return their own Response objects, so the headers go on the final one (errors included):
    let headers = c.res.headers;
    try {
      headers.set('access-control-allow-origin', origin);
    } catch {
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
      headers.set('access-control-allow-origin', origin);
    }
    headers.set('access-control-expose-headers', EXPOSED_HEADERS);
    headers.append('vary', 'Origin');
  };
}
