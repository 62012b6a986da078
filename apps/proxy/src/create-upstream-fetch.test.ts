import { createOpenAI } from '@tokenwise/providers-openai';
import type { StreamPart } from '@tokenwise/spec';
import {
  createOpenAIMockUpstream,
  hangReply,
  type ListeningUpstream,
  openaiError,
  openaiStream,
} from '@tokenwise/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamFetch, type UpstreamFetch } from './create-upstream-fetch.js';

const opened: Array<ListeningUpstream | UpstreamFetch> = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

async function setup(fallback?: typeof globalThis.fetch) {
  const upstream = createOpenAIMockUpstream();
  const served = await upstream.listen();
  const client = createUpstreamFetch(fallback ? { fallback } : {});
  opened.push(served, client);
  const model = createOpenAI({ apiKey: 'sk-test-key', baseURL: `${served.url}/v1`, fetch: client.fetch });
  return { upstream, url: served.url, client, model: model.languageModel('gpt-4.1-mini') };
}

const prompt = [
  { role: 'user' as const, content: [{ type: 'text' as const, text: 'What is two plus two?' }] },
];

describe('createUpstreamFetch (undici request behind a fetch signature, over loopback)', () => {
  it('serves a provider call: string body with content-length, headers, JSON answer', async () => {
    const { upstream, model } = await setup();
    const result = await model.doGenerate({ prompt, maxOutputTokens: 20 });
    expect(result.content).toEqual([{ type: 'text', text: 'echo: What is two plus two?' }]);
    const call = upstream.calls[0]!;
    expect(call.headers.authorization).toBe('Bearer sk-test-key');
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.headers['content-length']).toBe(String(call.bodyText.length));
    expect(call.headers['transfer-encoding']).toBeUndefined();
    expect((call.bodyJson as { max_tokens: number }).max_tokens).toBe(20);
  });

  it('streams an SSE answer as it arrives', async () => {
    const { upstream, model } = await setup();
    upstream.enqueue(openaiStream(['Four', ' it is']));
    const { stream } = await model.doStream({ prompt });
    const parts: StreamPart[] = [];
    for await (const part of stream as unknown as AsyncIterable<StreamPart>) parts.push(part);
    const text = parts.map((p) => (p.type === 'text-delta' ? p.delta : '')).join('');
    expect(text).toBe('Four it is');
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('hands error statuses and their headers to the provider like fetch does', async () => {
    const { upstream, model } = await setup();
    upstream.enqueue(openaiError(429, 'Slow down', { headers: { 'retry-after': '7' } }));
    const error = (await Promise.resolve(model.doGenerate({ prompt })).catch((e: unknown) => e)) as {
      statusCode: number;
      isRetryable: boolean;
      retryAfterMs?: number;
      responseBody?: string;
    };
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
});
