import { ApiCallError, InvalidResponseDataError } from '@tokenwise/spec';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { postJsonToApi } from './call-api.js';
import { createJsonErrorResponseHandler } from './create-json-error-response-handler.js';
import { createJsonResponseHandler } from './create-json-response-handler.js';
import type { FetchFunction } from './fetch-function.js';

const key = 'sk-live-VERY-SECRET-0123456789';
const schema = v.looseObject({ text: v.string() });
const failedResponseHandler = createJsonErrorResponseHandler({
  errorSchema: v.looseObject({ error: v.string() }),
  errorToMessage: (error) => error.error,
});
const encoder = new TextEncoder();

/** A body of `chunks` chunks of `size` bytes each (a JSON string), counting how many were pulled. */
function chunkedBody(chunks: number, size: number) {
  const pulled = { count: 0, cancelled: false };
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.count++;
      if (index === 0) controller.enqueue(encoder.encode('{"text":"'));
      if (index++ >= chunks) {
        controller.enqueue(encoder.encode('"}'));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode('x'.repeat(size)));
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { body, pulled };
}

function post(respond: () => Response, maxResponseBytes?: number) {
  const fetch: FetchFunction = async () => respond();
  return postJsonToApi({
    url: 'https://api.example.test/v1/chat',
    provider: 'example',
    headers: { Authorization: `Bearer ${key}` },
    body: {},
    fetch,
    successfulResponseHandler: createJsonResponseHandler(schema),
    failedResponseHandler,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  });
}

describe('maxResponseBytes (non-streamed bodies)', () => {
  it('reads a body within the limit', async () => {
    const { body } = chunkedBody(4, 100);
    const result = await post(() => new Response(body), 1_000);
    expect(result.value.text).toHaveLength(400);
  });

  it('stops reading a body past the limit, cancels it and reports InvalidResponseDataError (billed)', async () => {
    const { body, pulled } = chunkedBody(1_000_000, 65_536);
    const error = await post(() => new Response(body), 1_000_000).catch((e: unknown) => e);
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/larger than 1000000 bytes/);
    expect((error as InvalidResponseDataError).reason).toBe('too-large');
    expect(pulled.cancelled).toBe(true);
    expect(pulled.count).toBeLessThan(20);
  });

  it('refuses at once a body whose content-length is over the limit', async () => {
    const { body, pulled } = chunkedBody(10, 100);
    const error = await post(
      () => new Response(body, { headers: { 'content-length': '15000000' } }),
      1_000,
    ).catch((e: unknown) => e);
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect((error as InvalidResponseDataError).reason).toBe('too-large');
    expect(pulled.count).toBeLessThanOrEqual(1);
  });

  it('reads any size without a limit', async () => {
    const { body } = chunkedBody(40, 65_536);
    const result = await post(() => new Response(body));
    expect(result.value.text).toHaveLength(40 * 65_536);
  });

  it('turns a 2xx body cut mid-read into InvalidResponseDataError (billed), not a retryable network error', async () => {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(encoder.encode('{"text":"hal'));
          return;
        }
        controller.error(new TypeError(`terminated (key ${key})`));
      },
    });
    const error = await post(() => new Response(body)).catch((e: unknown) => e);
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    expect(ApiCallError.isInstance(error)).toBe(false);
    expect((error as Error).message).toMatch(/cut while it was read/);
    expect((error as InvalidResponseDataError).reason).toBe('cut');
    expect((error as Error).message).not.toContain(key);
  });

  it('keeps a caller abort during the body read an abort', async () => {
    const controller = new AbortController();
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(stream) {
        if (!sent) {
          sent = true;
          stream.enqueue(encoder.encode('{"text":"'));
          return;
        }
        controller.abort(new DOMException('gave up', 'AbortError'));
        stream.error(new DOMException('gave up', 'AbortError'));
      },
    });
    const fetch: FetchFunction = async () => new Response(body);
    const error = await postJsonToApi({
      url: 'https://api.example.test/v1/chat',
      provider: 'example',
      body: {},
      fetch,
      abortSignal: controller.signal,
      successfulResponseHandler: createJsonResponseHandler(schema),
      failedResponseHandler,
    }).catch((e: unknown) => e);
    expect(InvalidResponseDataError.isInstance(error)).toBe(false);
    expect((error as Error).name).toBe('AbortError');
  });
});
