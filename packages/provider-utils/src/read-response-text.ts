import { InvalidResponseDataError } from '@tokenwise/spec';
import type { RequestTimeout } from './create-request-timeout.js';
import { sanitizeError } from './sanitize-error.js';

/** Options of {@link readResponseText}. */
export interface ReadResponseTextOptions {
  provider: string;
  timeout: RequestTimeout;
  /** Largest body to read, in bytes; a longer one is cut (default: no limit). */
  maxBytes?: number;
  /** Removes the request's credentials from a text (error messages). */
  redact: (text: string) => string;
}

/**
 * Reads a successful response's body as UTF-8 text, at most `maxBytes` of it.
 *
 * A body that grows past `maxBytes` is cancelled at once (so a runaway answer cannot fill memory) and a body
 * whose connection breaks while it is read are both answers the vendor produced and billed: they reject with
 * `InvalidResponseDataError` (which the engine settles at the worst case), not with a retryable network error.
 * An abort or our own timeout while reading is rethrown as is, for the caller to map.
 */
export async function readResponseText(
  response: Response,
  options: ReadResponseTextOptions,
): Promise<string> {
  const { provider, timeout, maxBytes, redact } = options;
  const limit = maxBytes ?? Number.POSITIVE_INFINITY;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(provider, limit);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await reader.read();
    } catch (error) {
      if (timeout.signal.aborted) throw error;
      throw new InvalidResponseDataError({
        message: redact(
          `The ${provider} answer was cut while it was read (${error instanceof Error ? error.message : String(error)}); the vendor may have billed it.`,
        ),
        provider,
        reason: 'cut',
        cause: sanitizeError(error, redact),
      });
    }
    if (read.done) return text + decoder.decode();
    bytes += read.value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(provider, limit);
    }
    text += decoder.decode(read.value, { stream: true });
  }
}

function tooLarge(provider: string, limit: number): InvalidResponseDataError {
  return new InvalidResponseDataError({
    message: `The ${provider} answer is larger than ${limit} bytes, more than its max_tokens allows; TokenWise stopped reading it.`,
    provider,
    reason: 'too-large',
  });
}
