import { toOpenAIError } from '../../errors/to-openai-error.js';
import { type AnthropicErrorType, AnthropicHttpError } from './anthropic-http-error.js';

const TYPE_BY_STATUS: Readonly<Record<number, AnthropicErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
  504: 'timeout_error',
};

/**
 * Maps any error to the Messages door's error: the door's own errors pass as they are; every other error goes
 * through the proxy's one mapping (`toOpenAIError`: status class and a redacted one-line message) and gets the
 * Anthropic error type of that status. A budget refusal is 402 `billing_error` with the budget message — never
 * `overloaded_error`, which Anthropic clients retry. Upstream 5xx are `api_error`.
 */
export function toAnthropicError(error: unknown): AnthropicHttpError {
  if (error instanceof AnthropicHttpError) return error;
  const mapped = toOpenAIError(error);
  const type =
    TYPE_BY_STATUS[mapped.status] ?? (mapped.status >= 500 ? 'api_error' : 'invalid_request_error');
  return new AnthropicHttpError({
    status: mapped.status,
    type,
    message: mapped.message,
    ...(mapped.headers !== undefined ? { headers: mapped.headers } : {}),
  });
}
