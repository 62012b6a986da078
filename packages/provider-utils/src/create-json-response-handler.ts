import type * as v from 'valibot';
import { extractResponseHeaders } from './extract-response-headers.js';
import { safeParseJson } from './parse-json.js';
import type { ResponseHandler } from './response-handler.js';

/**
 * Reads a successful response as JSON and validates it. An empty body, malformed JSON or an unexpected shape
 * rejects with `InvalidResponseDataError`.
 */
export function createJsonResponseHandler<TSchema extends v.GenericSchema>(
  schema: TSchema,
): ResponseHandler<v.InferOutput<TSchema>> {
  return async ({ response, provider, redact, timeout }) => {
    const text = await response.text();
    timeout.done();
    const result = safeParseJson({ text: redact(text), schema, provider });
    if (!result.success) throw result.error;
    return {
      value: result.value,
      rawValue: result.rawValue,
      responseHeaders: extractResponseHeaders(response),
    };
  };
}
