import ky, { type Options } from 'ky';

/** What `callApi` hands to the one ky instance besides ky's own options (see {@link httpClient}). */
export type HttpClientContext = {
  /** The request's one cancellation signal (its timeout, following the caller's signal). */
  signal: AbortSignal;
  /** The body to send as is (a JSON string), kept out of ky's `Request`, which would wrap it in a stream. */
  body?: string;
};

/**
 * The one ky instance of TokenWise. Retries, backoff and failover are policy owned by core (the call engine's
 * `retryPolicy`), timeouts come from an `AbortSignal`, and non-2xx responses go to the caller's failed-response
 * handler, so ky itself retries nothing, times out nothing and throws on no status. It is immutable; each request passes its
 * own `fetch`.
 *
 * Its `beforeRequest` hook sends the request itself, because ky 1.14 otherwise clones every `Request` before
 * sending it (to keep a copy for retries, which are disabled here) and passes the clone's body to `fetch` as a
 * stream: per call that is three `Request` objects, a tee'd and re-piped body stream and, with a caller signal,
 * an `AbortSignal.any`. The hook hands `fetch` the prepared body from `context` (a JSON string, so it goes out
 * with a `content-length`; ky's own `Request` never sees it, so no body stream is created), ky's merged headers
 * and the call's one signal from `context` — one request object for `fetch`, no copy. Returning a `Response`
 * from `beforeRequest` is ky's documented way to skip its own fetch.
 */
export const httpClient = ky.create({
  retry: 0,
  timeout: false,
  throwHttpErrors: false,
  hooks: {
    beforeRequest: [
      (request, options) => {
        const { signal, body } = options.context as Partial<HttpClientContext>;
        const init: RequestInit = { method: request.method, headers: options.headers };
        if (body !== undefined) init.body = body;
        else if (options.body !== undefined && options.body !== null) init.body = options.body as BodyInit;
        if (signal !== undefined) init.signal = signal;
        const { fetch } = options as { fetch?: typeof globalThis.fetch };
        return (fetch ?? globalThis.fetch)(request.url, init);
      },
    ],
  },
} satisfies Options);
