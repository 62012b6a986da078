import { type ApiCallError, redactSecrets } from '@tokenwise/spec';

const maxLength = 300;

/**
 * The vendor's own reason for refusing a request, fit to show a client: one line, at most 300 characters,
 * with anything shaped like a key masked (the adapters already removed the proxy's own keys). Empty when the
 * upstream gave no message.
 */
export function upstreamReason(error: ApiCallError): string {
  const line = redactSecrets(error.message.replace(/\s+/g, ' ').trim());
  return line.length > maxLength ? `${line.slice(0, maxLength)}…` : line;
}
