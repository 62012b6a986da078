/** The `error.type` values of Anthropic's error body. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

/** Anthropic's error body: `{"type":"error","error":{"type":…,"message":…}}`. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}

/** An error the Messages door answers with as is: a status plus Anthropic's error body. */
export class AnthropicHttpError extends Error {
  readonly status: number;
  readonly type: AnthropicErrorType;
  /** Extra response headers, e.g. `retry-after`. */
  readonly headers: Record<string, string> | undefined;

  constructor(options: {
    status: number;
    type: AnthropicErrorType;
    message: string;
    headers?: Record<string, string>;
  }) {
    super(options.message);
    this.name = 'AnthropicHttpError';
    this.status = options.status;
    this.type = options.type;
    this.headers = options.headers;
  }

  /** The JSON body sent to the client. */
  toBody(): AnthropicErrorBody {
    return { type: 'error', error: { type: this.type, message: this.message } };
  }
}
