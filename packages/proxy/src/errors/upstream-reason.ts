import type { ApiCallError } from '@tokenwise/spec';

const maxLength = 300;
// key-shaped tokens (sk-…, sk-ant-…, AIza…, long bearer-like strings) a vendor might echo back:
const keyLike = /\b(?:sk-[A-Za-z0-9_-]{6,}|AIza[A-Za-z0-9_-]{10,}|[A-Za-z0-9_-]{40,})\b/g;

/**
 * The vendor's own reason for refusing a request, fit to show a client: one line, at most 300 characters,
 * with anything shaped like a key masked (the adapters already removed the proxy's own keys). Empty when the
 * upstream gave no message.
 */
export function upstreamReason(error: ApiCallError): string {
  const line = error.message.replace(/\s+/g, ' ').trim().replace(keyLike, '[REDACTED]');
  return line.length > maxLength ? `${line.slice(0, maxLength)}…` : line;
}
