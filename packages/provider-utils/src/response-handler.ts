import type { RequestTimeout } from './create-request-timeout.js';

/** What every response handler receives. */
export interface ResponseHandlerOptions {
  /** The request URL, already redacted. */
  url: string;
  /** The JSON body that was sent (for error reports). */
  requestBodyValues: unknown;
  response: Response;
  /** Provider id, for error messages. */
  provider: string;
  /** Removes every credential of this request from a text. */
  redact: (text: string) => string;
  /** The request's timeout: handlers that read a body over time report activity and completion to it. */
  timeout: RequestTimeout;
  /** Largest successful body to read, in bytes (non-streamed answers; see `CallOptions.maxResponseBytes`). */
  maxResponseBytes?: number;
}

/**
 * Turns an HTTP response into a value: a validated JSON body, a stream of parsed events, or (for failed
 * responses) an `ApiCallError`.
 */
export type ResponseHandler<T> = (
  options: ResponseHandlerOptions,
) => PromiseLike<{ value: T; rawValue?: unknown; responseHeaders: Record<string, string> }>;
