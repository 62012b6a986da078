/** The `type` values of OpenAI's error object that the proxy uses. */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'server_error';

/** The body of every error response: OpenAI's error object, so OpenAI clients raise their usual errors. */
export interface OpenAIErrorBody {
  error: { message: string; type: OpenAIErrorType; code: string | null; param: string | null };
}

/**
 * An error the proxy answers with as is: an HTTP status plus OpenAI's error fields. Thrown by routes and
 * middleware; `toOpenAIError` turns it (and every other error) into a response in one place.
 */
export class OpenAIHttpError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly code: string | null;
  readonly param: string | null;
  /** Extra response headers, e.g. `retry-after`. */
  readonly headers: Record<string, string> | undefined;

  constructor(options: {
    status: number;
    message: string;
    type: OpenAIErrorType;
    code?: string;
    param?: string;
    headers?: Record<string, string>;
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OpenAIHttpError';
    this.status = options.status;
    this.type = options.type;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers;
  }

  /** The JSON body sent to the client. */
  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param } };
  }
}
