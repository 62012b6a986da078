import { type ApiCallError, redactSecrets } from '@tokenwise/spec';
import type { Options } from 'ky';
import { collectSecrets } from './collect-secrets.js';
import { combineHeaders } from './combine-headers.js';
import { createRequestTimeout } from './create-request-timeout.js';
import type { FetchFunction } from './fetch-function.js';
import { type HttpClientContext, httpClient } from './http-client.js';
import type { ResponseHandler } from './response-handler.js';
import { toTransportError } from './to-transport-error.js';

/** The default request timeout: 120 s (the same as the original TokenWise adapters). */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** Options shared by `postJsonToApi` and `getFromApi`. */
export interface CallApiOptions<T> {
  url: string;
  /** Provider id, used in messages and on `ApiCallError.provider`. */
  provider: string;
  /** Request headers; undefined values are dropped. Credential headers are redacted from every error. */
  headers?: Record<string, string | undefined>;
  /** Extra secrets to redact (e.g. a key sent in the query string). */
  secrets?: ReadonlyArray<string | undefined>;
  fetch?: FetchFunction;
  /** The caller's cancellation signal; aborting it rejects with its reason. */
  abortSignal?: AbortSignal;
  /** Whole-call limit for JSON, header + idle limit for streams. Default 120 000; 0 disables it. */
  timeoutMs?: number;
  /**
   * Largest successful body to read, in bytes: a longer one is cancelled and rejects with
   * `InvalidResponseDataError` (handlers that read a whole body honour it). Default: no limit.
   */
  maxResponseBytes?: number;
  successfulResponseHandler: ResponseHandler<T>;
  failedResponseHandler: ResponseHandler<ApiCallError>;
}

/** The handled value with the response headers. */
export interface CallApiResult<T> {
  value: T;
  rawValue?: unknown;
  responseHeaders: Record<string, string>;
}

/** POSTs a JSON body and hands the response to the matching handler. Failed statuses reject with `ApiCallError`. */
export function postJsonToApi<T>(options: CallApiOptions<T> & { body: unknown }): Promise<CallApiResult<T>> {
  return callApi({ ...options, method: 'POST' });
}

/** GETs a URL and hands the response to the matching handler. Failed statuses reject with `ApiCallError`. */
export function getFromApi<T>(options: CallApiOptions<T>): Promise<CallApiResult<T>> {
  return callApi({ ...options, method: 'GET' });
}

async function callApi<T>({
  url,
  provider,
  headers,
  secrets,
  fetch,
  abortSignal,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  maxResponseBytes,
  successfulResponseHandler,
  failedResponseHandler,
  method,
  body,
}: CallApiOptions<T> & { method: 'GET' | 'POST'; body?: unknown }): Promise<CallApiResult<T>> {
  const requestHeaders = combineHeaders(headers);
  // Collected on first use: most calls succeed and only look for secrets in the URL and the body once each.
  let allSecrets: string[] | undefined;
  const redact = (text: string) => {
    allSecrets ??= collectSecrets(requestHeaders, secrets);
    // Known secrets only: successful bodies (model output) pass through here too.
    return redactSecrets(text, { secrets: allSecrets, shapes: false });
  };
  const safeUrl = redact(url);

  if (abortSignal?.aborted === true) throw abortSignal.reason;
  const timeout = createRequestTimeout(timeoutMs, abortSignal);
  const signal = timeout.signal;
  const errorContext = { provider, url: safeUrl, redact, timeout, abortSignal };

  let response: Response;
  try {
    // The body is serialised here, once, and sent as a string (with a content-length, not chunked). Body and
    // signal travel in `context`, which `httpClient`'s hook sends: ky would wrap a body in a stream and combine
    // a `signal` with its own.
    const context: HttpClientContext = { signal };
    const init: Options = { method, headers: requestHeaders, context };
    if (body !== undefined) {
      context.body = JSON.stringify(body);
      if (!Object.keys(requestHeaders).some((name) => name.toLowerCase() === 'content-type')) {
        requestHeaders['content-type'] = 'application/json';
      }
    }
    if (fetch !== undefined) init.fetch = fetch;
    response = await httpClient(url, init);
  } catch (error) {
    timeout.done();
    throw toTransportError(error, errorContext);
  }

  const handlerOptions = {
    url: safeUrl,
    requestBodyValues: body,
    response,
    provider,
    redact,
    timeout,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  };
  try {
    if (!response.ok) {
      const { value: apiCallError } = await failedResponseHandler(handlerOptions);
      throw apiCallError;
    }
    return await successfulResponseHandler(handlerOptions);
  } catch (error) {
    timeout.done();
    throw toTransportError(error, errorContext);
  }
}
