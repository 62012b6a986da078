import type { KeyStore } from '@tokenwise/spec';
import type { MiddlewareHandler } from 'hono';
import { authenticateVirtualKey } from '../auth/authenticate-virtual-key.js';
import { refusalError } from '../gateway/authorize-request.js';

/**
 * Accepts a request only with a valid virtual key (`Authorization: Bearer` or `x-api-key`), for routes outside
 * the doors (the model list); refuses with the key's reason (401/403), never echoing the secret.
 */
export function virtualKeyAuth(keyStore: KeyStore): MiddlewareHandler {
  return async (c, next) => {
    const result = await authenticateVirtualKey(c.req.raw.headers, keyStore);
    if (!result.ok) throw refusalError(result);
    await next();
  };
}
