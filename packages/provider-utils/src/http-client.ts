import ky from 'ky';

/**
 * The one ky instance of TokenWise. Retries, backoff and failover are policy owned by core (`withRetry`),
 * timeouts come from an `AbortSignal`, and non-2xx responses go to the caller's failed-response handler, so ky
 * itself retries nothing, times out nothing and throws on no status. It is immutable; each request passes its
 * own `fetch`.
 */
export const httpClient = ky.create({ retry: 0, timeout: false, throwHttpErrors: false });
