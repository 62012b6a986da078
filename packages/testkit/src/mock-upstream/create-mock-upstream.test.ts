import { describe, expect, it } from 'vitest';
import { hangReply, malformedJsonReply, withLatency } from './mock-reply.js';
import {
  createOpenAIMockUpstream,
  openaiCutStream,
  openaiEndlessStream,
  openaiError,
  openaiText,
} from './openai.js';
import { createOpenRouterMockUpstream, openrouterModelsFixture } from './openrouter.js';

const chatUrl = 'https://api.openai.com/v1/chat/completions';

function post(fetch: typeof globalThis.fetch, body: unknown, init: RequestInit = {}) {
  return fetch(chatUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x' },
    body: JSON.stringify(body),
    ...init,
  });
}

describe('createMockUpstream (through the OpenAI dialect)', () => {
  it('answers from the queue first, then the default, and logs every call', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue(openaiText('first'), openaiError(429, 'slow down', { retryAfterSeconds: 3 }));
    upstream.setDefault(openaiText('default'));
    const first = await (await post(upstream.fetch, { model: 'm', messages: [] })).json();
    const second = await post(upstream.fetch, { model: 'm', messages: [] });
    const third = await (await post(upstream.fetch, { model: 'm', messages: [] })).json();
    expect(first.choices[0].message.content).toBe('first');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('3');
    expect((await second.json()).error).toEqual({
      message: 'slow down',
      type: 'rate_limit_error',
      param: null,
      code: null,
    });
    expect(third.choices[0].message.content).toBe('default');
    expect(upstream.calls).toHaveLength(3);
    expect(upstream.calls[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      url: chatUrl,
      bodyJson: { model: 'm', messages: [] },
    });
    expect(upstream.calls[0]?.headers.authorization).toBe('Bearer sk-x');
    expect(upstream.pendingReplies).toBe(0);
  });

  it('auto mode echoes the last user message, counts tokens and honours max_tokens', async () => {
    const upstream = createOpenAIMockUpstream();
    const body = await (
      await post(upstream.fetch, {
        model: 'gpt-x',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: [{ type: 'text', text: 'ping pong' }] },
        ],
      })
    ).json();
    expect(body.choices[0].message.content).toBe('echo: ping pong');
    expect(body.model).toBe('gpt-x');
    expect(body.usage.completion_tokens).toBe(4);
    const truncated = await (
      await post(upstream.fetch, {
        model: 'm',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'long text' }],
      })
    ).json();
    expect(truncated.choices[0].finish_reason).toBe('length');
    expect(truncated.choices[0].message.content).toBe('echo');
  });

  it('auto mode streams with a usage chunk when include_usage is set', async () => {
    const upstream = createOpenAIMockUpstream();
    const response = await post(upstream.fetch, {
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'a b' }],
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const usageChunk = JSON.parse((events.at(-2) ?? '').slice('data: '.length));
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage.prompt_tokens).toBe(1);
  });

  it('serves malformed JSON and cut streams', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue(malformedJsonReply(), openaiCutStream(['a', 'b']));
    await expect((await post(upstream.fetch, {})).json()).rejects.toThrow();
    const cut = await post(upstream.fetch, {});
    await expect(cut.text()).rejects.toThrow();
  });

  it('in-process fetch rejects with the abort reason for a hanging reply, like a real fetch', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue(hangReply());
    const controller = new AbortController();
    const pending = post(upstream.fetch, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('errors the body when aborted mid-stream', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue({ type: 'sse', events: [{ data: '1' }, { data: '2' }], eventDelayMs: 10_000 });
    const controller = new AbortController();
    const response = await post(upstream.fetch, {}, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('adds latency before the headers', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue(withLatency(openaiText('late'), 5));
    expect((await (await post(upstream.fetch, {})).json()).choices[0].message.content).toBe('late');
  });

  it('answers unknown routes with a logged 404', async () => {
    const upstream = createOpenAIMockUpstream();
    const response = await upstream.fetch('https://api.openai.com/v1/unknown');
    expect(response.status).toBe(404);
    expect(upstream.calls[0]?.path).toBe('/v1/unknown');
  });

  it('reset clears queue, calls and default', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue(openaiText('x')).setDefault(openaiText('y'));
    await post(upstream.fetch, {});
    upstream.reset();
    expect(upstream.calls).toHaveLength(0);
    expect(upstream.pendingReplies).toBe(0);
    const body = await (await post(upstream.fetch, { messages: [{ role: 'user', content: 'z' }] })).json();
    expect(body.choices[0].message.content).toBe('echo: z');
  });
});

describe('createOpenRouterMockUpstream', () => {
  it('serves /models and reports usage.cost in auto mode', async () => {
    const upstream = createOpenRouterMockUpstream();
    const models = await (await upstream.fetch('https://openrouter.ai/api/v1/models')).json();
    expect(models).toEqual(openrouterModelsFixture);
    const answer = await (
      await upstream.fetch('https://openrouter.ai/api/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }),
      })
    ).json();
    expect(answer.usage.cost).toBeGreaterThan(0);
    expect(upstream.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /api/v1/models',
      'POST /api/v1/chat/completions',
    ]);
  });
});

describe('listen', () => {
  it('serves the same app on 127.0.0.1, including hangs that end when the client aborts', async () => {
    const upstream = createOpenAIMockUpstream();
    const server = await upstream.listen();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      upstream.enqueue(openaiText('over the wire'), hangReply());
      const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
      expect((await response.json()).choices[0].message.content).toBe('over the wire');
      const controller = new AbortController();
      const pending = fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        body: '{}',
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await server.close();
    }
  });

  it('records when a client closes the connection of an endless stream, and only then', async () => {
    const upstream = createOpenAIMockUpstream();
    const server = await upstream.listen();
    try {
      upstream.enqueue(openaiText('whole'), openaiEndlessStream('word ', { eventDelayMs: 1 }));
      await (await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{}' })).json();
      const controller = new AbortController();
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        body: '{}',
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      let text = '';
      while ((text.match(/"content":"word "/g) ?? []).length < 50) {
        text += new TextDecoder().decode((await reader.read()).value);
      }
      expect(text).not.toContain('finish_reason":"stop');
      expect(upstream.calls[1]?.closedAt).toBeUndefined();
      controller.abort();
      for (let waited = 0; upstream.calls[1]?.closedAt === undefined && waited < 200; waited++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(upstream.calls[1]?.closedAt).toBeTypeOf('number');
      expect(upstream.calls[0]?.closedAt).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('cuts a 200 JSON body after cutAfterBytes and drops the connection', async () => {
    const upstream = createOpenAIMockUpstream();
    const server = await upstream.listen();
    try {
      upstream.enqueue({ ...openaiText('a long answer'), cutAfterBytes: 40 });
      const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
      // the drop was the reply itself, not the client going away
      expect(upstream.calls[0]?.closedAt).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('drops the connection of a cut stream', async () => {
    const upstream = createOpenAIMockUpstream();
    const server = await upstream.listen();
    try {
      upstream.enqueue(openaiCutStream(['a', 'b']));
      const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
      await expect(response.text()).rejects.toThrow();
    } finally {
      await server.close();
    }
  });
});
