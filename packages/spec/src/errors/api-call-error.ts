import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseApiCallError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * An upstream call failed: an HTTP error status, a network failure or a timeout. `url` and `message` never
 * contain API keys.
 */
export class ApiCallError extends TokenwiseError {
  private readonly [symbol] = true;
  /** Provider id, e.g. `anthropic`. */
  readonly provider: string;
  /** Request URL without credentials. */
  readonly url: string;
  /** HTTP status, absent for network errors and timeouts. */
  readonly statusCode: number | undefined;
  /** Whether the same request may succeed if retried (408, 409, 429, 5xx, network errors, timeouts). */
  readonly isRetryable: boolean;
  /** Delay the vendor asked for (`Retry-After`), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The response body (text), when there was one. */
  readonly responseBody: string | undefined;

  constructor(options: {
    message: string;
    provider: string;
    url: string;
    statusCode?: number;
    isRetryable?: boolean;
    retryAfterMs?: number;
    responseBody?: string;
    cause?: unknown;
  }) {
    super({ name, message: options.message, cause: options.cause });
    this.provider = options.provider;
    this.url = options.url;
    this.statusCode = options.statusCode;
    this.isRetryable =
      options.isRetryable ??
      (options.statusCode === undefined ||
        options.statusCode === 408 ||
        options.statusCode === 409 ||
        options.statusCode === 429 ||
        options.statusCode >= 500);
    this.retryAfterMs = options.retryAfterMs;
    this.responseBody = options.responseBody;
  }

  /** True for an `ApiCallError` from any copy of this package. */
  static override isInstance(error: unknown): error is ApiCallError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
