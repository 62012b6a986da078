import { InvalidResponseDataError } from '@tokenwise/spec';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type * as v from 'valibot';
import { extractResponseHeaders } from './extract-response-headers.js';
import { safeParseJson } from './parse-json.js';
import type { ParseResult } from './parse-result.js';
import type { ResponseHandler } from './response-handler.js';
import { toTransportError } from './to-transport-error.js';

/**
 * Reads a `text/event-stream` response: bytes → text → SSE events (eventsource-parser) → validated JSON, one
 * `ParseResult` per event. OpenAI's `[DONE]` sentinel is dropped. The returned stream never errors: a broken
 * connection, a timeout or an abort becomes a final `{ success: false }` item and the stream closes, so adapters
 * can turn it into an `error` part.
 */
export function createEventSourceResponseHandler<TSchema extends v.GenericSchema>(
  schema: TSchema,
): ResponseHandler<ReadableStream<ParseResult<v.InferOutput<TSchema>>>> {
  return async ({ response, provider, url, redact, timeout }) => {
    const responseHeaders = extractResponseHeaders(response);
    if (response.body === null) {
      timeout.done();
      throw new InvalidResponseDataError({
        message: `${provider} returned an empty body where an event stream was expected.`,
        provider,
      });
    }
    const events = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .getReader();

    const stream = new ReadableStream<ParseResult<v.InferOutput<TSchema>>>({
      async pull(controller) {
        try {
          for (;;) {
            const { done, value } = await events.read();
            timeout.touch();
            if (done) {
              timeout.done();
              controller.close();
              return;
            }
            if (value.data === '[DONE]') continue;
            controller.enqueue(safeParseJson({ text: redact(value.data), schema, provider }));
            return;
          }
        } catch (error) {
          timeout.done();
          controller.enqueue({
            success: false,
            error: toTransportError(error, { provider, url, redact, timeout }),
          });
          controller.close();
        }
      },
      async cancel(reason) {
        timeout.done();
        await events.cancel(reason).catch(() => {});
      },
    });
    return { value: stream, responseHeaders };
  };
}
