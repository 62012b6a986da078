// End to end with the real pieces: the official openai client → the proxy on loopback → core's registry, router
// and resolver → the Anthropic provider → the test kit's Anthropic mock upstream (in-process fetch).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createBudget, createModelRegistry, createProviderResolver, createRouter } from '@tokenwise/core';
import { type CallRecord, createMemoryLedgerStore } from '@tokenwise/ledger';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { type ModelInfo, usd } from '@tokenwise/spec';
import {
  anthropicCutStream,
  anthropicError,
  createAnthropicMockUpstream,
  type MockUpstream,
} from '@tokenwise/testkit';
import OpenAI, { APIError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type LedgerView, viewOf } from './__fixtures__/proxy-fixtures.js';
import { createProxyApp } from './create-proxy-app.js';
import type { ProxyDeps } from './proxy-deps.js';

const HAIKU = 'anthropic/claude-haiku-4.5';
const SONNET = 'anthropic/claude-sonnet-4.5';
const OPUS = 'anthropic/claude-opus-4.1';

function model(id: string, tier: ModelInfo['tier'], input: number, output: number): ModelInfo {
  return {
    id,
    name: id,
    provider: 'anthropic',
    pricing: { inputPerMillion: input, outputPerMillion: output },
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: ['general', 'code', 'reasoning'],
    tier,
    inputModalities: ['text', 'image'],
    supportedParameters: ['tools', 'max_tokens'],
  };
}

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function start(overrides: Partial<ProxyDeps> = {}) {
  const upstream: MockUpstream = createAnthropicMockUpstream();
  const registry = createModelRegistry({
    models: [model(HAIKU, 'budget', 1, 5), model(SONNET, 'mid', 3, 15), model(OPUS, 'flagship', 15, 75)],
  });
  const resolver = createProviderResolver({
    providers: { anthropic: createAnthropic({ apiKey: 'sk-ant-test', fetch: upstream.fetch }) },
    registry,
  });
  const store = createMemoryLedgerStore();
  const app = createProxyApp({
    registry,
    router: createRouter({ models: registry }),
    resolve: (id) => resolver.resolve(id),
    ledger: store,
    logger: { warn: () => {}, error: () => {} },
    ...overrides,
  });
  const port = await new Promise<number>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(info.port),
    );
    servers.push(server);
  });
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'unused', maxRetries: 0 });
  // The real memory store; the view recovers the proxy's outcome from each stored CallRecord.
  const records = {
    find: (match: (r: LedgerView) => boolean) => views().find(match),
    filter: (match: (r: LedgerView) => boolean) => views().filter(match),
    map: <T>(f: (r: LedgerView) => T) => views().map(f),
  };
  // Records reach the store after the response (the writer defers them); tests flush first.
  const views = () => store.records.map((r) => viewOf(r as CallRecord));
  return { client, upstream, records, app, store };
}

const ask = [{ role: 'user' as const, content: 'What is two plus two?' }];

describe('openai client → proxy → Anthropic provider → mock upstream', () => {
  it('answers a non-streamed request with the upstream usage priced exactly', async () => {
    const { client, upstream, records, app } = await start();
    const { data, response } = await client.chat.completions
      .create({ model: SONNET, messages: ask, max_tokens: 200 })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: What is two plus two?');
    expect(data.model).toBe(SONNET);
    const sent = upstream.calls[0]!.bodyJson as { model: string; max_tokens: number };
    expect(sent.model).toBe('claude-sonnet-4-5');
    expect(sent.max_tokens).toBe(200);
    // The mock counts characters / 4: 6 input and 7 output tokens at $3 / $15 per million.
    expect(data.usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 7 });
    expect(response.headers.get('x-tokenwise-cost')).toBe('0.000123');
    await app.flushLedger();
    expect(records.map((r) => [r.kind, r.outcome, r.cost])).toEqual([
      ['attempt', 'ok', usd('0.000123')],
      ['request', 'ok', usd('0.000123')],
    ]);
  });

  it('streams through the provider with the usage chunk and its cost', async () => {
    const { client } = await start();
    const stream = await client.chat.completions.create({
      model: 'tokenwise/cheapest',
      messages: ask,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let cost: number | undefined;
    let model = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      model = chunk.model;
      if (chunk.usage) cost = (chunk.usage as unknown as { cost: number }).cost;
    }
    expect(model).toBe(HAIKU);
    expect(text).toBe('echo: What is two plus two?');
    // 6 × $1/M + 7 × $5/M
    expect(cost).toBe(0.000041);
  });

  it('fails over to the next model when the first one answers 529 (overloaded), streamed or not', async () => {
    for (const stream of [false, true]) {
      const { client, upstream, records, app } = await start();
      upstream.enqueue(anthropicError(529, 'Overloaded'));
      const request = { model: 'tokenwise/cheapest', messages: ask, max_tokens: 100 };
      let answeredBy: string;
      if (stream) {
        const chunks = await client.chat.completions.create({ ...request, stream: true });
        answeredBy = '';
        for await (const chunk of chunks) answeredBy = chunk.model;
      } else {
        answeredBy = (await client.chat.completions.create(request)).model;
      }
      expect(answeredBy).toBe(SONNET);
      expect(upstream.calls.map((c) => (c.bodyJson as { model: string }).model)).toEqual([
        'claude-haiku-4-5',
        'claude-sonnet-4-5',
      ]);
      await app.flushLedger();
      expect(
        records.filter((r) => r.kind === 'attempt').map((r) => [r.modelId, r.outcome, r.status]),
      ).toEqual([
        [HAIKU, 'error', 529],
        [SONNET, 'ok', undefined],
      ]);
    }
  });

  it('ends a stream cut after its first chunk with an error event, settled from the counted tokens', async () => {
    const processBudget = createBudget({ limit: usd(1) });
    const { client, upstream, records, app } = await start({ processBudget });
    upstream.enqueue(anthropicCutStream(['Four ', 'is the ', 'answer']));
    const stream = await client.chat.completions.create({ model: SONNET, messages: ask, stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(APIError);
    await app.flushLedger();
    const request = records.find((r) => r.kind === 'request')!;
    expect(request).toMatchObject({ outcome: 'error', estimated: true });
    expect(processBudget.spent).toBe(request.cost);
    expect(processBudget.reserved).toBe(0n);
    expect(upstream.calls).toHaveLength(1);
  });

  it('refuses over budget before any upstream call (the mock sees nothing)', async () => {
    const { client, upstream } = await start();
    const error = await client.chat.completions
      .create({
        model: OPUS,
        messages: ask,
        tokenwise: { budget: 0.00001 },
      } as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect((error as APIError).status).toBe(402);
    expect((error as APIError).code).toBe('budget_exceeded');
    expect(upstream.calls).toHaveLength(0);
  });

  it('clamps max_tokens so the worst case fits the request budget', async () => {
    const { client, upstream } = await start();
    await client.chat.completions.create({
      model: OPUS,
      messages: ask,
      max_tokens: 50_000,
      tokenwise: { budget: 0.01 },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const sent = (upstream.calls[0]!.bodyJson as { max_tokens: number }).max_tokens;
    // $0.01 − 6+ input tokens at $15/M leaves room for ~132 output tokens at $75/M.
    expect(sent).toBeGreaterThan(100);
    expect(sent).toBeLessThan(134);
  });
});
