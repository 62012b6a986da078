// Anthropic Messages streams keep idle connections open: a `ping` after `message_start`, then one whenever the
// upstream is silent for `messagesPingIntervalMs`. The upstream here holds its stream after the first text delta
// until the client has seen a ping, so the test waits on events, never on durations.

import { createModelRegistry, createProviderResolver, createRouter } from '@tokenwise/core';
import { createMemoryLedgerStore } from '@tokenwise/ledger';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import type { ModelInfo } from '@tokenwise/spec';
import { anthropicStreamEvents, formatSseEvent } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { createProxyApp } from '../create-proxy-app.js';

const HAIKU = 'anthropic/claude-haiku-4.5';

const haiku: ModelInfo = {
  id: HAIKU,
  name: HAIKU,
  provider: 'anthropic',
  pricing: { inputPerMillion: 1, outputPerMillion: 5 },
  contextWindow: 200_000,
  maxOutputTokens: 64_000,
  capabilities: ['general'],
  tier: 'budget',
  inputModalities: ['text'],
  supportedParameters: ['tools', 'max_tokens'],
};

/** An Anthropic upstream that sends up to its first text delta, then stays silent until `release()`. */
function silentUpstream(deltas: string[]) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  // the upstream's own pings are left out: every ping the client sees comes from the proxy
  const events = anthropicStreamEvents(deltas).filter((event) => event.event !== 'ping');
  const firstDelta = events.findIndex((event) => event.event === 'content_block_delta');
  const fetch = async (): Promise<Response> => {
    const bytes = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const event of events.slice(0, firstDelta + 1))
          controller.enqueue(bytes.encode(formatSseEvent(event)));
        await released;
        for (const event of events.slice(firstDelta + 1))
          controller.enqueue(bytes.encode(formatSseEvent(event)));
        controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch: fetch as typeof globalThis.fetch, release };
}

function start(upstreamFetch: typeof globalThis.fetch, messagesPingIntervalMs?: number) {
  const registry = createModelRegistry({ models: [haiku] });
  const resolver = createProviderResolver({
    providers: { anthropic: createAnthropic({ apiKey: 'sk-ant-test', fetch: upstreamFetch }) },
    registry,
  });
  return createProxyApp({
    registry,
    router: createRouter({ models: registry }),
    resolve: (id) => resolver.resolve(id),
    ledger: createMemoryLedgerStore(),
    logger: { warn: () => {}, error: () => {} },
    ...(messagesPingIntervalMs === undefined ? {} : { messagesPingIntervalMs }),
  });
}

/** Reads an SSE body event by event, calling `onEvent` with each event name as it arrives. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (name: string, data: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(frame)?.[1] ?? '';
      onEvent(name, /^data: (.*)$/m.exec(frame)?.[1] ?? '');
      end = buffer.indexOf('\n\n');
    }
  }
}

const request = (body: Record<string, unknown>) =>
  new Request('http://proxy.test/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: HAIKU, max_tokens: 200, stream: true, ...body }),
  });

describe('Messages streams: ping', () => {
  it('pings after message_start, then while the upstream is silent, and the message still arrives whole', async () => {
    const upstream = silentUpstream(['Hel', 'lo']);
    const app = start(upstream.fetch, 5);
    const response = await app.fetch(request({ messages: [{ role: 'user', content: 'Think long' }] }));
    expect(response.status).toBe(200);
    const names: string[] = [];
    let text = '';
    await readEvents(response.body as ReadableStream<Uint8Array>, (name, data) => {
      names.push(name);
      if (name === 'content_block_delta')
        text += (JSON.parse(data) as { delta: { text?: string } }).delta.text ?? '';
      // the upstream answers only once the client saw a ping during its silence
      if (name === 'ping' && names.includes('content_block_delta')) upstream.release();
    });
    expect(text).toBe('Hello');
    expect(names.slice(0, 2)).toEqual(['message_start', 'ping']);
    const firstDelta = names.indexOf('content_block_delta');
    const lastDelta = names.lastIndexOf('content_block_delta');
    // at least one ping during the silence between the two deltas
    expect(names.slice(firstDelta, lastDelta)).toContain('ping');
    expect(names.at(-1)).toBe('message_stop');
    expect(names.filter((name) => name === 'error')).toEqual([]);
  });

  it('pings every 10 s by default: a stream that never goes silent that long gets only the first ping', async () => {
    const app = start(createAnthropicFetch());
    const response = await app.fetch(request({ messages: [{ role: 'user', content: 'Quick' }] }));
    const names: string[] = [];
    await readEvents(response.body as ReadableStream<Uint8Array>, (name) => names.push(name));
    expect(names.filter((name) => name === 'ping')).toHaveLength(1);
    expect(names[1]).toBe('ping');
  });
});

/** An upstream that answers at once (the whole stream in one piece). */
function createAnthropicFetch(): typeof globalThis.fetch {
  const upstream = silentUpstream(['Quick ', 'answer']);
  upstream.release();
  return upstream.fetch;
}
