import { ApiCallError } from '@tokenwise/spec';
import type * as v from 'valibot';
import { extractResponseHeaders } from './extract-response-headers.js';
import { isRetryableStatus } from './is-retryable-status.js';
import { safeParseJson } from './parse-json.js';
import { parseRetryAfter } from './parse-retry-after.js';
import type { ResponseHandler } from './response-handler.js';

const maxBodyLength = 10_000;

/**
 * Turns a failed response into an `ApiCallError` (returned, not thrown) with the vendor's own message when the
 * body matches `errorSchema`, the status, `isRetryable`, `retryAfterMs` and the redacted body. Bodies that are
 * empty or not JSON still give a useful message.
 */
export function createJsonErrorResponseHandler<TSchema extends v.GenericSchema>({
  errorSchema,
  errorToMessage,
  isRetryable,
}: {
  errorSchema: TSchema;
  errorToMessage: (error: v.InferOutput<TSchema>) => string | undefined;
  /** Overrides the status-based default (408, 409, 429, 5xx). */
  isRetryable?: (response: Response, error: v.InferOutput<TSchema> | undefined) => boolean;
}): ResponseHandler<ApiCallError> {
  return async ({ response, url, provider, redact, timeout }) => {
    let body = '';
    try {
      body = redact(await response.text());
    } catch {
      // a body that cannot be read leaves the status as the only information:
    }
    timeout.done();
    const responseHeaders = extractResponseHeaders(response);
    const parsed = body.trim() === '' ? undefined : safeParseJson({ text: body, schema: errorSchema });
    const vendorError = parsed?.success === true ? parsed.value : undefined;
    const vendorMessage = vendorError === undefined ? undefined : errorToMessage(vendorError);
    const status = response.status;
    const fallback =
      body.trim() === ''
        ? `${provider} returned HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''} with an empty body.`
        : `${provider} returned HTTP ${status}: ${truncate(body, 300)}`;
    return {
      responseHeaders,
      value: new ApiCallError({
        message: redact(vendorMessage === undefined || vendorMessage === '' ? fallback : vendorMessage),
        provider,
        url,
        statusCode: status,
        isRetryable: isRetryable?.(response, vendorError) ?? isRetryableStatus(status),
        retryAfterMs: parseRetryAfter(response.headers),
        responseBody: truncate(body, maxBodyLength),
      }),
    };
  };
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
