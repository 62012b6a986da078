import { ApiCallError, InvalidResponseDataError } from '@tokenwise/spec';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { getFromApi, postJsonToApi } from './call-api.js';
import { createEventSourceResponseHandler } from './create-event-source-response-handler.js';
import { createJsonErrorResponseHandler } from './create-json-error-response-handler.js';
import { createJsonResponseHandler } from './create-json-response-handler.js';
import type { FetchFunction } from './fetch-function.js';
import { convertReadableStreamToArray } from './stream-helpers.js';

const key = 'sk-live-VERY-SECRET-0123456789';
const url = 'https://api.example.test/v1/chat';
const schema = v.looseObject({ text: v.string() });
const errorSchema = v.looseObject({ error: v.looseObject({ message: v.string() }) });
const failedResponseHandler = createJsonErrorResponseHandler({
  errorSchema,
  errorToMessage: (error) => error.error.message,
});

interface Captured {
  request?: Request;
  body?: unknown;
}

function fakeFetch(respond: (request: Request) => Response | Promise<Response>, captured: Captured = {}) {
  const fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    captured.request = request.clone();
    captured.body = request.method === 'POST' ? await request.clone().json() : undefined;
    return respond(request);
  };
  return fetch;
}

function post(fetch: FetchFunction, extra: { abortSignal?: AbortSignal; timeoutMs?: number } = {}) {
  return postJsonToApi({
    url,
    provider: 'example',
    headers: { Authorization: `Bearer ${key}`, 'X-Optional': undefined },
    body: { model: 'm', messages: [] },
    fetch,
    successfulResponseHandler: createJsonResponseHandler(schema),
    failedResponseHandler,
    ...extra,
  });
}

function serialize(error: unknown): string {
  const seen = new Set<unknown>();
  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return value;
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const name of Object.getOwnPropertyNames(value))
      out[name] = walk((value as Record<string, unknown>)[name]);
    return out;
  };
  return JSON.stringify(walk(error)) + String((error as Error)?.stack);
}

describe('postJsonToApi', () => {
  it('posts JSON with the headers and parses the validated body', async () => {
    const captured: Captured = {};
    const result = await post(
      fakeFetch(
        () => Response.json({ text: 'hi', extra: 1 }, { headers: { 'x-request-id': 'r1' } }),
        captured,
      ),
    );
    expect(result.value).toEqual({ text: 'hi', extra: 1 });
    expect(result.responseHeaders['x-request-id']).toBe('r1');
    expect(captured.request?.method).toBe('POST');
    expect(captured.request?.url).toBe(url);
    expect(captured.request?.headers.get('authorization')).toBe(`Bearer ${key}`);
    expect(captured.request?.headers.get('content-type')).toContain('application/json');
    expect(captured.request?.headers.has('x-optional')).toBe(false);
    expect(captured.body).toEqual({ model: 'm', messages: [] });
  });

  it('hands fetch the URL and a string body (no Request copy), so the upstream gets a content-length', async () => {
    const calls: Array<{ input: unknown; init: RequestInit | undefined }> = [];
    const controller = new AbortController();
    const seen: unknown[] = [];
    const fetch: FetchFunction = async (input, init) => {
      calls.push({ input, init });
      // One signal for the call: it follows the caller's abort while the call is in flight.
      seen.push(init?.signal?.aborted);
      controller.abort(new Error('stop'));
      seen.push(init?.signal?.aborted, init?.signal?.reason);
      return Response.json({ text: 'ok' });
    };
    await post(fetch, { abortSignal: controller.signal });
    expect(seen).toEqual([false, true, new Error('stop')]);
    expect(calls).toHaveLength(1);
    const [{ input, init }] = calls as [{ input: unknown; init: RequestInit }];
    expect(input).toBe(url);
    expect(init.body).toBe('{"model":"m","messages":[]}');
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
  });

  it('keeps a content-type the adapter set, whatever its case', async () => {
    const captured: Captured = {};
    await postJsonToApi({
      url,
      provider: 'example',
      headers: { 'Content-Type': 'application/vnd.example+json' },
      body: { a: 1 },
      fetch: fakeFetch(() => Response.json({ text: 'ok' }), captured),
      successfulResponseHandler: createJsonResponseHandler(schema),
      failedResponseHandler,
    });
    expect(captured.request?.headers.get('content-type')).toBe('application/vnd.example+json');
  });

  it('turns malformed JSON, an empty body and a wrong shape into InvalidResponseDataError', async () => {
    for (const body of ['{"text": "unterminated', '', '{"other": 1}']) {
      const error = await post(fakeFetch(() => new Response(body, { status: 200 }))).catch((e: unknown) => e);
      expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    }
  });

  it('maps an error status to ApiCallError with the vendor message, status, retry-after and redacted body', async () => {
    const error = await post(
      fakeFetch(() =>
        Response.json(
          { error: { message: `Rate limit reached for key ${key}` } },
          { status: 429, headers: { 'retry-after': '3' } },
        ),
      ),
    ).catch((e: unknown) => e);
    expect(ApiCallError.isInstance(error)).toBe(true);
    const apiError = error as ApiCallError;
    expect(apiError.statusCode).toBe(429);
    expect(apiError.isRetryable).toBe(true);
    expect(apiError.retryAfterMs).toBe(3000);
    expect(apiError.message).toBe('Rate limit reached for key [REDACTED]');
    expect(apiError.responseBody).toContain('[REDACTED]');
    expect(apiError.url).toBe(url);
    expect(serialize(error)).not.toContain(key);
  });

  it('gives 401 a non-retryable error and survives a non-JSON error body', async () => {
    const error = (await post(
      fakeFetch(() => new Response('<html>Unauthorized</html>', { status: 401 })),
    ).catch((e: unknown) => e)) as ApiCallError;
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('HTTP 401');
    const empty = (await post(fakeFetch(() => new Response(null, { status: 503 }))).catch(
      (e: unknown) => e,
    )) as ApiCallError;
    expect(empty.isRetryable).toBe(true);
    expect(empty.message).toContain('empty body');
  });

  it('turns a network failure into a retryable ApiCallError whose message and cause never show the key', async () => {
    const error = await post(
      fakeFetch(() => {
        throw new TypeError('fetch failed', {
          cause: new Error(`getaddrinfo ENOTFOUND api.example.test?key=${key}`),
        });
      }),
    ).catch((e: unknown) => e);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).isRetryable).toBe(true);
    expect((error as ApiCallError).statusCode).toBeUndefined();
    expect(serialize(error)).not.toContain(key);
    expect(serialize((error as Error).cause)).toContain('ENOTFOUND');
  });

  it('rejects with the caller abort reason when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = post(
      fakeFetch(
        (request) =>
          new Promise<Response>((_, reject) => {
            if (request.signal.aborted) reject(request.signal.reason);
            request.signal.addEventListener('abort', () => reject(request.signal.reason));
          }),
      ),
      { abortSignal: controller.signal },
    );
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });

  it('rejects at once when the signal is already aborted', async () => {
    let called = false;
    const error = await post(
      fakeFetch(() => {
        called = true;
        return Response.json({ text: 'x' });
      }),
      { abortSignal: AbortSignal.abort() },
    ).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(called).toBe(false);
  });

  it('turns its own timeout into a retryable ApiCallError "timed out after Ns"', async () => {
    const error = await post(
      fakeFetch(
        (request) =>
          new Promise<Response>((_, reject) => {
            if (request.signal.aborted) reject(request.signal.reason);
            request.signal.addEventListener('abort', () => reject(request.signal.reason));
          }),
      ),
      { timeoutMs: 20 },
    ).catch((e: unknown) => e);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).message).toContain('timed out after 0.02s');
    expect((error as ApiCallError).isRetryable).toBe(true);
  });

  it('getFromApi sends a GET without a body', async () => {
    const captured: Captured = {};
    const result = await getFromApi({
      url: 'https://api.example.test/v1/models',
      provider: 'example',
      fetch: fakeFetch(() => Response.json({ text: 'models' }), captured),
      successfulResponseHandler: createJsonResponseHandler(schema),
      failedResponseHandler,
    });
    expect(result.value.text).toBe('models');
    expect(captured.request?.method).toBe('GET');
  });
});

describe('createEventSourceResponseHandler', () => {
  const eventSchema = v.looseObject({ n: v.number() });
  const encoder = new TextEncoder();

  function streamPost(chunks: Array<string | Error>, extra: { timeoutMs?: number } = {}) {
    return postJsonToApi({
      url,
      provider: 'example',
      headers: { Authorization: `Bearer ${key}` },
      body: { stream: true },
      fetch: fakeFetch(
        () =>
          new Response(
            new ReadableStream<Uint8Array>({
              // one chunk per pull, so an error arrives only after the earlier chunks were read:
              pull(controller) {
                const chunk = chunks.shift();
                if (chunk === undefined) controller.close();
                else if (chunk instanceof Error) controller.error(chunk);
                else controller.enqueue(encoder.encode(chunk));
              },
            }),
            { headers: { 'content-type': 'text/event-stream' } },
          ),
      ),
      successfulResponseHandler: createEventSourceResponseHandler(eventSchema),
      failedResponseHandler,
      ...extra,
    });
  }

  it('parses events split across chunks, skips comments and [DONE]', async () => {
    const { value } = await streamPost([
      ': OPENROUTER PROCESSING\n\n',
      'data: {"n":',
      '1}\n\ndata: {"n":2}\r\n\r',
      '\ndata: [DONE]\n\n',
    ]);
    const items = await convertReadableStreamToArray(value);
    expect(items).toEqual([
      { success: true, value: { n: 1 }, rawValue: { n: 1 } },
      { success: true, value: { n: 2 }, rawValue: { n: 2 } },
    ]);
  });

  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = encoder.encode('data: {"n":1,"s":"héllo"}\n\n');
    const splitAt = bytes.indexOf(0xc3) + 1;
    const response = await postJsonToApi({
      url,
      provider: 'example',
      body: {},
      fetch: async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(bytes.slice(0, splitAt));
              controller.enqueue(bytes.slice(splitAt));
              controller.close();
            },
          }),
        ),
      successfulResponseHandler: createEventSourceResponseHandler(v.looseObject({ s: v.string() })),
      failedResponseHandler,
    });
    const items = await convertReadableStreamToArray(response.value);
    expect(items[0]).toMatchObject({ success: true, value: { s: 'héllo' } });
  });

  it('yields a failure item for a malformed event and keeps going', async () => {
    const { value } = await streamPost(['data: {"n":\n\n', 'data: {"n":3}\n\n']);
    const items = await convertReadableStreamToArray(value);
    expect(items).toHaveLength(2);
    expect(items[0]?.success).toBe(false);
    expect(InvalidResponseDataError.isInstance((items[0] as { error: unknown }).error)).toBe(true);
    expect(items[1]).toMatchObject({ success: true, value: { n: 3 } });
  });

  it('ends with a redacted failure item (never a rejected read) when the connection breaks', async () => {
    const { value } = await streamPost(['data: {"n":1}\n\n', new Error(`socket hang up ${key}`)]);
    const items = await convertReadableStreamToArray(value);
    expect(items).toHaveLength(2);
    const last = items[1] as { success: false; error: unknown };
    expect(last.success).toBe(false);
    expect(ApiCallError.isInstance(last.error)).toBe(true);
    expect(serialize(last.error)).not.toContain(key);
  });
  it('times out a stream that goes silent between chunks, as a final retryable failure item', async () => {
    const { value } = await postJsonToApi({
      url,
      provider: 'example',
      body: {},
      timeoutMs: 40,
      fetch: async (input, init) => {
        const signal = new Request(input, init).signal;
        let sent = false;
        return new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (!sent) {
                sent = true;
                controller.enqueue(encoder.encode('data: {"n":1}\n\n'));
                return;
              }
              // then silence, until the request is aborted (as a real socket would be):
              return new Promise<void>((resolve) => {
                signal.addEventListener('abort', () => {
                  controller.error(signal.reason);
                  resolve();
                });
              });
            },
          }),
        );
      },
      successfulResponseHandler: createEventSourceResponseHandler(eventSchema),
      failedResponseHandler,
    });
    const items = await convertReadableStreamToArray(value);
    expect(items[0]).toMatchObject({ success: true, value: { n: 1 } });
    const last = items[1] as { success: false; error: ApiCallError };
    expect(last.success).toBe(false);
    expect(ApiCallError.isInstance(last.error)).toBe(true);
    expect(last.error.message).toContain('timed out after 0.04s');
    expect(last.error.isRetryable).toBe(true);
  });
});
