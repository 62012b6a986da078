import type { MiddlewareHandler } from 'hono';
import { ForbiddenRequestError } from '../errors/forbidden-request-error.js';

/**
 * Whether a host name or address (optionally with a port, IPv6 in brackets or bare) is a loopback one:
 * `localhost`, `127.0.0.0/8`, `::1` (also as an IPv4-mapped `::ffff:127.x.y.z`).
 */
export function isLoopbackHost(host: string): boolean {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) name = name.slice(1, name.indexOf(']') > 0 ? name.indexOf(']') : undefined);
  else if (name.split(':').length === 2) name = name.slice(0, name.indexOf(':'));
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === 'localhost' || name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice(7) : name;
  const octets = v4.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}

/**
 * For a proxy listening on loopback: refuses a request whose `Host` is not a loopback name or address. A web page
 * can make the user's browser reach 127.0.0.1 through a domain it controls (DNS rebinding) and then read the
 * answers as same-origin; the browser still sends that domain as `Host`. Throws {@link ForbiddenRequestError}
 * (`reason: 'host'`).
 */
export function loopbackHostGuard(): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!isLoopbackHost(host)) {
      throw new ForbiddenRequestError({
        reason: 'host',
        message: `The Host ${JSON.stringify(host.slice(0, 100))} is not allowed: this proxy listens on loopback and answers only localhost, 127.0.0.1 or [::1].`,
      });
    }
    await next();
  };
}
