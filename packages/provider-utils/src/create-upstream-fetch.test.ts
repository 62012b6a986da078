import type { ApiCallError } from '@tokenwise/spec';
import {
  createOpenAIMockUpstream,
  hangReply,
  type ListeningUpstream,
  openaiError,
  openaiStream,
} from '@tokenwise/testkit';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { postJsonToApi } from './call-api.js';
import { createEventSourceResponseHandler } from './create-event-source-response-handler.js';
import { createJsonErrorResponseHandler } from './create-json-error-response-handler.js';
import { createJsonResponseHandler } from './create-json-response-handler.js';
import { createUpstreamFetch, type UpstreamFetch } from './create-upstream-fetch.js';
import type { ParseResult } from './parse-result.js';

const opened: Array<ListeningUpstream | UpstreamFetch> = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

const completion = v.looseObject({
  choices: v.array(v.looseObject({ message: v.looseObject({ content: v.string() }) })),
});
const chunk = v.looseObject({
  choices: v.array(v.looseObject({ delta: v.looseObject({ content: v.optional(v.string()) }) })),
});
const failedResponseHandler = createJsonErrorResponseHandler({
  errorSchema: v.looseObject({ error: v.looseObject({ message: v.string() }) }),
  errorToMessage: (error) => error.error.message,
});

// A provider's call path (postJsonToApi, as every adapter uses it) over the upstream client, against a mock
// OpenAI server listening on loopback.
async function setup(fallback?: typeof globalThis.fetch) {
  const upstream = createOpenAIMockUpstream();
  const served = await upstream.listen();
  const client = createUpstreamFetch(fallback ? { fallback } : {});
  opened.push(served, client);
  const call = <T>(
    body: Record<string, unknown>,
    successfulResponseHandler: Parameters<typeof postJsonToApi<T>>[0]['successfulResponseHandler'],
  ) =>
    postJsonToApi({
      url: `${served.url}/v1/chat/completions`,
      provider: 'openai',
      headers: { Authorization: 'Bearer sk-test-key' },
      body: {
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'What is two plus two?' }],
        ...body,
      },
      fetch: client.fetch,
      successfulResponseHandler,
      failedResponseHandler,
    });
  return { upstream, url: served.url, client, call };
}

describe('createUpstreamFetch (undici request behind a fetch signature, over loopback)', () => {
  it('serves a provider call: string body with content-length, headers, JSON answer', async () => {
    const { upstream, call } = await setup();
    const { value } = await call({ max_tokens: 20 }, createJsonResponseHandler(completion));
    expect(value.choices[0]?.message.content).toBe('echo: What is two plus two?');
    const sent = upstream.calls[0]!;
    expect(sent.headers.authorization).toBe('Bearer sk-test-key');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['content-length']).toBe(String(sent.bodyText.length));
    expect(sent.headers['transfer-encoding']).toBeUndefined();
    expect((sent.bodyJson as { max_tokens: number }).max_tokens).toBe(20);
  });

  it('streams an SSE answer as it arrives', async () => {
    const { upstream, call } = await setup();
    upstream.enqueue(openaiStream(['Four', ' it is']));
    const { value } = await call({ stream: true }, createEventSourceResponseHandler(chunk));
    const events: ParseResult<v.InferOutput<typeof chunk>>[] = [];
    for await (const event of value as unknown as AsyncIterable<ParseResult<v.InferOutput<typeof chunk>>>)
      events.push(event);
    expect(events.every((event) => event.success)).toBe(true);
    const text = events
      .map((event) => (event.success ? (event.value.choices[0]?.delta.content ?? '') : ''))
      .join('');
    expect(text).toBe('Four it is');
  });

  it('hands error statuses and their headers to the provider like fetch does', async () => {
    const { upstream, call } = await setup();
    upstream.enqueue(openaiError(429, 'Slow down', { headers: { 'retry-after': '7' } }));
    const error = (await call({}, createJsonResponseHandler(completion)).catch(
      (e: unknown) => e,
    )) as ApiCallError;
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.responseBody).toContain('Slow down');
  });

  it('gives a Response that reads like fetch: text once, clone, bodyUsed, headers', async () => {
    const { url, client } = await setup();
    const post = () =>
      client.fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: new Headers({ 'content-type': 'application/json' }),
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      });
    const first = await post();
    expect(first).toBeInstanceOf(Response);
    expect(first.ok).toBe(true);
    expect(first.headers.get('content-type')).toContain('application/json');
    expect(first.bodyUsed).toBe(false);
    const copy = first.clone();
    const [a, b] = await Promise.all([first.text(), copy.json()]);
    expect(JSON.parse(a)).toEqual(b);
    expect(first.bodyUsed).toBe(true);
    const second = await post();
    expect(new TextDecoder().decode(await second.arrayBuffer())).toContain('echo: hi');
    await expect(second.text()).rejects.toThrow();
  });

  it("rejects an aborted call with the signal's reason", async () => {
    const { upstream, url, client } = await setup();
    upstream.enqueue(hangReply());
    const controller = new AbortController();
    const reason = new DOMException('client left', 'AbortError');
    const pending = client.fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it('passes what it does not handle (a Request, a stream body) to the fallback', async () => {
    const seen: unknown[] = [];
    const { url, client } = await setup(async (input) => {
      seen.push(input);
      return new Response('from fallback');
    });
    const request = new Request(`${url}/v1/models`);
    expect(await (await client.fetch(request)).text()).toBe('from fallback');
    expect(seen).toEqual([request]);
    const direct = await client.fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      body: '{"messages":[]}',
    });
    expect(direct.status).toBeGreaterThanOrEqual(200);
    expect(seen).toHaveLength(1);
  });

  it('lets a reader cancel a streamed body, and the pool keeps serving', async () => {
    const { upstream, url, client, call } = await setup();
    upstream.enqueue(openaiStream(['one', ' two', ' three']));
    const streamed = await client.fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      body: '{"stream":true}',
    });
    const reader = streamed.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(first.value).toBeInstanceOf(Uint8Array);
    await reader.cancel(new Error('client went away'));
    expect(streamed.bodyUsed).toBe(true);
    const { value } = await call({}, createJsonResponseHandler(completion));
    expect(value.choices[0]?.message.content).toBe('echo: What is two plus two?');
  });
  it('stops reading a body over maxResponseBytes without an unhandled error, and the pool keeps serving', async () => {
    const { upstream, url, client, call } = await setup();
    // a 4 MB answer read with a 64 KiB cap: the reader cancels the body without a reason, which undici turns
    // into a RequestAbortedError 'error' event — unheard, it crashed `tokenwise serve` (#13 §2 e2e)
    upstream.enqueue({
      type: 'text',
      body: `{"x":"${'y'.repeat(4_000_000)}"}`,
      contentType: 'application/json',
    });
    const unheard: unknown[] = [];
    const onUncaught = (error: unknown) => void unheard.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const tooBig = await postJsonToApi({
        url: `${url}/v1/chat/completions`,
        provider: 'openai',
        headers: {},
        body: {},
        fetch: client.fetch,
        successfulResponseHandler: createJsonResponseHandler(completion),
        failedResponseHandler,
        maxResponseBytes: 65_536,
      }).catch((error: unknown) => error);
      expect(tooBig).toMatchObject({ name: 'TokenwiseInvalidResponseDataError' });
      // the error event is emitted on a later tick
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(unheard).toEqual([]);
    const { value } = await call({}, createJsonResponseHandler(completion));
    expect(value.choices[0]?.message.content).toBe('echo: What is two plus two?');
  });
});

describe('@tokenwise/provider-utils entries', () => {
  it('keeps the undici client out of the runtime-neutral main entry', async () => {
    const main = await import('./index.js');
    const node = await import('./node.js');
    expect('createUpstreamFetch' in main).toBe(false);
    expect(typeof node.createUpstreamFetch).toBe('function');
  });
});
