// The systems under test, in one child process: a bare relay (the least a gateway can do: forward with fetch and
// stream the reply back) and the TokenWise proxy, both in front of the mock upstream.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createModelRegistry, createProviderResolver, createRouter } from '@tokenwise/core';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';
import { createUpstreamFetch } from '@tokenwise/provider-utils/node';
import { createOpenAI } from '@tokenwise/providers-openai';
import { createProxyApp } from '@tokenwise/proxy';
import type { LanguageModelV1, ModelInfo } from '@tokenwise/spec';

const upstream = process.argv[2] ?? 'http://127.0.0.1:1';

const model: ModelInfo = {
  id: 'openai/gpt-4.1-mini',
  name: 'GPT-4.1 mini',
  provider: 'openai',
  pricing: { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  contextWindow: 1_047_576,
  maxOutputTokens: 32_768,
  capabilities: ['general', 'code'],
  tier: 'budget',
  inputModalities: ['text'],
  supportedParameters: ['tools'],
};

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<number> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
    server.keepAliveTimeout = 60_000;
  });
}

/** The bare relay: forward the body, stream the reply back. */
function relay(client: typeof fetch) {
  return async (request: Request) => {
    const reply = await client(`${upstream}${new URL(request.url).pathname}`, {
      method: request.method,
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: await request.text(),
    });
    return new Response(reply.body, {
      status: reply.status,
      headers: { 'content-type': reply.headers.get('content-type') ?? 'application/json' },
    });
  };
}

const relayPort = await listen(relay(fetch));

const registry = createModelRegistry({ models: [model] });
// The proxy as `compose.ts` builds it: upstream calls on the pooled undici client.
const upstreamFetch = createUpstreamFetch().fetch;
const resolver = createProviderResolver({
  providers: { openai: createOpenAI({ apiKey: 'bench', baseURL: `${upstream}/v1`, fetch: upstreamFetch }) },
});
// The same provider on Node's global fetch (the relay's client), for the attribution variant.
const globalFetchResolver = createProviderResolver({
  providers: { openai: createOpenAI({ apiKey: 'bench', baseURL: `${upstream}/v1` }) },
});
const ledgerPath = join(mkdtempSync(join(tmpdir(), 'tokenwise-bench-')), 'ledger.jsonl');
const ledger = createJsonlLedgerStore({ path: ledgerPath });
const app = createProxyApp({
  registry,
  router: createRouter({ models: registry }),
  resolve: (id) => resolver.resolve(id),
  ledger,
  logger: { warn: () => {}, error: (message) => console.error(message) },
});
const proxyPort = await listen(app.fetch);
// The relay on the proxy's own upstream client: the proxy's CPU minus this one's is what TokenWise itself costs.
const undiciRelayPort = await listen(relay(upstreamFetch));

// Attribution variants (same proxy, one part swapped out): without a ledger, and with a bare-fetch model instead
// of the OpenAI provider (so the provider stack's share of the overhead shows).
const noLedgerPort = await listen(
  createProxyApp({
    registry,
    router: createRouter({ models: registry }),
    resolve: (id) => resolver.resolve(id),
    logger: { warn: () => {}, error: (message) => console.error(message) },
  }).fetch,
);
const globalFetchPort = await listen(
  createProxyApp({
    registry,
    router: createRouter({ models: registry }),
    resolve: (id) => globalFetchResolver.resolve(id),
    ledger: createJsonlLedgerStore({ path: `${ledgerPath}.global` }),
    logger: { warn: () => {}, error: (message) => console.error(message) },
  }).fetch,
);
const bareModel: LanguageModelV1 = {
  specificationVersion: 'v1',
  provider: 'openai',
  modelId: 'gpt-4.1-mini',
  async doGenerate(options) {
    const messages = options.prompt.map((m) => ({
      role: m.role,
      content:
        typeof m.content === 'string'
          ? m.content
          : m.content.map((part) => ('text' in part ? part.text : '')).join(''),
    }));
    const response = await fetch(`${upstream}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: JSON.stringify({ model: 'gpt-4.1-mini', messages, max_tokens: options.maxOutputTokens }),
    });
    const json = (await response.json()) as {
      id: string;
      choices: Array<{ message: { content: string } }>;
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    return {
      content: [{ type: 'text', text: json.choices[0]?.message.content ?? '' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: json.usage.prompt_tokens, outputTokens: json.usage.completion_tokens },
      warnings: [],
      response: { id: json.id },
    };
  },
  doStream() {
    throw new Error('not used by the bench');
  },
};
const bareModelPort = await listen(
  createProxyApp({
    registry,
    router: createRouter({ models: registry }),
    resolve: () => ({ model: bareModel, providerId: 'openai', nativeModelId: 'gpt-4.1-mini' }),
    ledger: createJsonlLedgerStore({ path: `${ledgerPath}.bare` }),
    logger: { warn: () => {}, error: (message) => console.error(message) },
  }).fetch,
);

// Tracing on: the proxy with an OpenTelemetry SDK provider (batch processor, an exporter that drops the spans, so
// the figure is the span work in the process, not a collector's network). The other proxies run with tracing off.
let exportedSpans = 0;
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [
    new BatchSpanProcessor({
      export: (spans, done) => {
        exportedSpans += spans.length;
        done({ code: 0 });
      },
      shutdown: async () => {},
    }),
  ],
});
const tracingPort = await listen(
  createProxyApp({
    registry,
    router: createRouter({ models: registry }),
    resolve: (id) => resolver.resolve(id),
    ledger: createJsonlLedgerStore({ path: `${ledgerPath}.traced` }),
    logger: { warn: () => {}, error: (message) => console.error(message) },
    tracerProvider,
  }).fetch,
);

process.on('message', (message: { type: string }) => {
  if (message.type === 'spans') process.send?.({ type: 'spans', exportedSpans });
  if (message.type === 'exit') process.exit(0);
  if (message.type === 'stats') {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'stats', rss, heapUsed, cpuMicros: user + system });
  }
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', cpuMicros: user + system });
  }
});
process.send?.({
  type: 'ready',
  relayPort,
  proxyPort,
  undiciRelayPort,
  noLedgerPort,
  bareModelPort,
  globalFetchPort,
  tracingPort,
  ledgerPath,
});
