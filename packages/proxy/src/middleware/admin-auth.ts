import type { MiddlewareHandler } from 'hono';
import { equalBytes } from '../auth/equal-bytes.js';
import { OpenAIHttpError } from '../errors/openai-http-error.js';

/** Options of {@link adminAuth}. */
export interface AdminAuthOptions {
  /**
   * Answer a missing or wrong key with a `Basic` challenge of this realm, so a browser asks for it (any user
   * name, the admin key as password). Used by the dashboard page; APIs keep the `Bearer` challenge.
   */
  basicRealm?: string;
}

/**
 * Guards the admin surface (`/admin/*`, the dashboard): accepts `Authorization: Bearer <admin key>`,
 * `x-admin-key: <admin key>` or HTTP Basic with the admin key as password (what a browser sends), compared in
 * constant time and never echoed. Without an admin key configured the surface is refused outright (403): an
 * admin API open to anyone who can reach the port is never the default.
 */
export function adminAuth(adminKey: string | undefined, options: AdminAuthOptions = {}): MiddlewareHandler {
  const challenge =
    options.basicRealm === undefined ? 'Bearer' : `Basic realm="${options.basicRealm}", charset="UTF-8"`;
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
    const presented = bearer ?? basicPassword(header) ?? c.req.header('x-admin-key')?.trim();
    if (!presented) {
      throw new OpenAIHttpError({
        status: 401,
        type: 'authentication_error',
        code: 'missing_admin_key',
        message: 'Missing admin key. Send it as `Authorization: Bearer <TOKENWISE_ADMIN_KEY>`.',
        headers: { 'www-authenticate': challenge },
      });
    }
    if (!equalBytes(new TextEncoder().encode(presented), expected)) {
      throw new OpenAIHttpError({
        status: 401,
        type: 'authentication_error',
        code: 'invalid_admin_key',
        message: 'Invalid admin key.',
        headers: { 'www-authenticate': challenge },
      });
    }
    await next();
  };
}

/** The password of `Authorization: Basic base64(user:password)`, or undefined. */
function basicPassword(header: string | undefined): string | undefined {
  const encoded = header === undefined ? undefined : /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)?.[1];
  if (encoded === undefined) return undefined;
  try {
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(encoded), (ch) => ch.charCodeAt(0)));
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : decoded.slice(colon + 1) || undefined;
  } catch {
    return undefined;
  }
}
