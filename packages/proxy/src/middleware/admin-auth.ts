import type { MiddlewareHandler } from 'hono';
import { equalBytes } from '../auth/equal-bytes.js';
import { OpenAIHttpError } from '../errors/openai-http-error.js';

/**
 * Guards the admin surface (`/admin/*`, the dashboard): accepts `Authorization: Bearer <admin key>` or
 * `x-admin-key: <admin key>`, compared in constant time and never echoed. Without an admin key configured the
 * surface is refused outright (403): an admin API open to anyone who can reach the port is never the default.
 */
export function adminAuth(adminKey: string | undefined): MiddlewareHandler {
  const expected = adminKey === undefined || adminKey === '' ? undefined : new TextEncoder().encode(adminKey);
  return async (c, next) => {
    if (expected === undefined) {
      throw new OpenAIHttpError({
        status: 403,
        type: 'permission_error',
        code: 'admin_disabled',
        message: 'The admin API is off: set TOKENWISE_ADMIN_KEY on the proxy to enable it.',
      });
    }
    const header = c.req.header('authorization');
    const bearer = header === undefined ? undefined : /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const presented = bearer ?? c.req.header('x-admin-key')?.trim();
    if (!presented) {
      throw new OpenAIHttpError({
        status: 401,
        type: 'authentication_error',
        code: 'missing_admin_key',
        message: 'Missing admin key. Send it as `Authorization: Bearer <TOKENWISE_ADMIN_KEY>`.',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    if (!equalBytes(new TextEncoder().encode(presented), expected)) {
      throw new OpenAIHttpError({
        status: 401,
        type: 'authentication_error',
        code: 'invalid_admin_key',
        message: 'Invalid admin key.',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    await next();
  };
}
