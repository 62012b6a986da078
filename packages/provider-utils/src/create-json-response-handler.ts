import type * as v from 'valibot';
import { extractResponseHeaders } from './extract-response-headers.js';
import { safeParseJson } from './parse-json.js';
import { readResponseText } from './read-response-text.js';
import type { ResponseHandler } from './response-handler.js';

/**
 * Reads a successful response as JSON and validates it. An empty body, malformed JSON, an unexpected shape, a
 * body larger than `maxResponseBytes` or one cut while it was read rejects with `InvalidResponseDataError`.
 */
export function createJsonResponseHandler<TSchema extends v.GenericSchema>(
  schema: TSchema,
): ResponseHandler<v.InferOutput<TSchema>> {
  return async ({ response, provider, redact, timeout, maxResponseBytes }) => {
    const text = await readResponseText(response, {
      provider,
      timeout,
      redact,
      ...(maxResponseBytes === undefined ? {} : { maxBytes: maxResponseBytes }),
    });
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
