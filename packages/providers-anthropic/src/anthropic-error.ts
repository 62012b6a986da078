import { ApiCallError } from '@tokenwise/spec';
import * as v from 'valibot';
import { anthropicErrorSchema } from './anthropic-api.js';

const statusByErrorType: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** The HTTP status Anthropic documents for an error `type`, for errors that arrive inside a stream. */
export function statusOfAnthropicErrorType(type: string): number | undefined {
  return statusByErrorType[type];
}

/**
 * Reads Anthropic's error message from an error body (`{type:'error', error:{type, message}}`), or returns
 * `undefined` when the body has another shape (a proxy's HTML page, an empty body).
 */
export function readAnthropicErrorMessage(body: unknown): string | undefined {
  const parsed = v.safeParse(anthropicErrorSchema, body);
  if (!parsed.success) return undefined;
  return `${parsed.output.error.type}: ${parsed.output.error.message}`;
}

/** Builds the `ApiCallError` for an `error` event received after the stream started. */
export function createAnthropicStreamError(
  error: { type: string; message: string },
  url: string,
): ApiCallError {
  const statusCode = statusOfAnthropicErrorType(error.type);
  return new ApiCallError({
    message: `Anthropic stream failed (${error.type}): ${error.message}`,
    provider: 'anthropic',
    url,
    ...(statusCode !== undefined ? { statusCode } : {}),
    responseBody: JSON.stringify({ type: 'error', error }),
  });
}
