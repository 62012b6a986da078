// The composed server end to end: settings → providers (direct OpenAI, OpenRouter fallback) → the bundled catalog
// → the JSONL ledger, served on loopback and called with the official openai client; upstreams are test-kit mocks.
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAIMockUpstream, createOpenRouterMockUpstream, openaiError } from '@tokenwise/testkit';
import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { composeProxy } from './compose.js';
import { readProxyEnv } from './env.js';
import { startProxyServer } from './start-proxy-server.js';

// A version the app's own default (0.1.0) cannot produce: /health must show what compose passes.
vi.mock('./version.js', () => ({ VERSION: '9.8.7-test' }));

async function boot(extraEnv: Record<string, string> = {}) {
  const openai = createOpenAIMockUpstream();
  const openrouter = createOpenRouterMockUpstream();
  const dir = mkdtempSync(join(tmpdir(), 'tokenwise-proxy-'));
  const ledgerPath = join(dir, 'ledger.jsonl');
  const env = readProxyEnv({
    OPENAI_API_KEY: 'sk-openai-secret-1234567890',
    OPENAI_BASE_URL: 'http://openai.mock/v1',
    OPENROUTER_API_KEY: 'sk-or-secret-1234567890',
    OPENROUTER_BASE_URL: 'http://openrouter.mock/api/v1',
    TOKENWISE_LEDGER_PATH: ledgerPath,
    TOKENWISE_PROXY_KEYS: 'sk-proxy-1',
    TOKENWISE_PROXY_PORT: '0',
    ...extraEnv,
  });
  // One fetch for all providers, dispatched by host to the right in-process mock.
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const mock = url.host === 'openai.mock' ? openai : openrouter;
    return mock.fetch(input, init);
  };
  const errors: unknown[] = [];
  const composed = await composeProxy(env, {
    fetch,
    offline: true,
    logger: { warn: () => {}, error: (message, fields) => errors.push({ message, fields }) },
  });
  const server = await startProxyServer({
    app: composed.app,
    host: env.host,
    port: env.port,
    authenticated: env.keys.length > 0,
    onDrained: composed.close,
  });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-proxy-1', maxRetries: 0 });
  const ledgerLines = () =>
    readFileSync(ledgerPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { client, server, openai, openrouter, ledgerPath, ledgerLines, errors, composed };
}

const ask = [{ role: 'user' as const, content: 'Hello there' }];

describe('composeProxy + startProxyServer', () => {
  it('serves direct-provider and OpenRouter models, writes the JSONL ledger and flushes it on close', async () => {
    const { client, server, openai, openrouter, ledgerLines, ledgerPath, errors } = await boot();
    const direct = await client.chat.completions.create({ model: 'openai/gpt-4.1-mini', messages: ask });
    expect(direct.choices[0]?.message.content).toBe('echo: Hello there');
    expect((openai.calls[0]!.bodyJson as { model: string }).model).toBe('gpt-4.1-mini');
    expect(openai.calls[0]!.headers.authorization).toBe('Bearer sk-openai-secret-1234567890');

    const stream = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      messages: ask,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let cost: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) cost = (chunk.usage as unknown as { cost: number }).cost;
    }
    expect(text).toBe('echo: Hello there');
    // OpenRouter reported its own cost ($1 per million tokens in the mock): it wins over the catalog price.
    expect((openrouter.calls[0]!.bodyJson as { model: string }).model).toBe('anthropic/claude-sonnet-4.5');
    expect(cost).toBeGreaterThan(0);

    await server.close();
    const records = ledgerLines();
    expect(records.map((r) => [r.kind, r.model_id ?? r.modelId, r.success])).toEqual([
      ['attempt', 'openai/gpt-4.1-mini', true],
      ['request', 'openai/gpt-4.1-mini', true],
      ['attempt', 'anthropic/claude-sonnet-4.5', true],
      ['request', 'anthropic/claude-sonnet-4.5', true],
    ]);
    const text2 = readFileSync(ledgerPath, 'utf8');
    expect(text2).not.toContain('secret');
    expect(errors).toEqual([]);
  });

  it('fails over from a failing routed model to the next one, and records both attempts', async () => {
    const { client, server, openai, openrouter, ledgerLines } = await boot();
    // Whichever provider serves the routed model answers 503 once; the next model then answers.
    openai.enqueue(openaiError(503, 'overloaded'));
    openrouter.enqueue(openaiError(503, 'overloaded'));
    const reply = await client.chat.completions.create({
      model: 'auto',
      messages: ask,
      tokenwise: { capability: 'general' },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(reply.choices[0]?.message.content).toBe('echo: Hello there');
    const trace = (reply as unknown as { tokenwise_trace: { models_tried: string[] } }).tokenwise_trace;
    expect(trace.models_tried).toHaveLength(2);
    expect(trace.models_tried[1]).toBe(reply.model);
    await server.close();
    const attempts = ledgerLines().filter((r) => r.kind === 'attempt');
    expect(attempts.map((r) => r.success)).toEqual([false, true]);
    expect(attempts[0]).toMatchObject({ status: 503, outcome: 'error', attempt_kind: 'first' });
    expect(attempts[1]).toMatchObject({ outcome: 'ok', attempt_kind: 'failover' });
  });

  it('keeps an explicitly named model on its own by default: its failure is the answer', async () => {
    const { client, server, openai, openrouter } = await boot();
    openai.enqueue(openaiError(503, 'overloaded'));
    const error = await client.chat.completions
      .create({ model: 'openai/gpt-4.1-mini', messages: ask })
      .catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(503);
    expect(openrouter.calls).toHaveLength(0);
    await server.close();
  });

  it('fails an explicit model over to another one with TOKENWISE_PROXY_EXPLICIT_FAILOVER', async () => {
    const { client, server, openai, openrouter } = await boot({ TOKENWISE_PROXY_EXPLICIT_FAILOVER: 'true' });
    openai.enqueue(openaiError(503, 'overloaded'));
    const reply = await client.chat.completions.create({ model: 'openai/gpt-4.1-mini', messages: ask });
    expect(reply.choices[0]?.message.content).toBe('echo: Hello there');
    expect(reply.model).not.toBe('openai/gpt-4.1-mini');
    expect(openai.calls.length + openrouter.calls.length).toBeGreaterThanOrEqual(2);
    await server.close();
  });

  it('refuses a body over TOKENWISE_PROXY_MAX_BODY_BYTES with 413', async () => {
    const { server, openai, openrouter } = await boot({ TOKENWISE_PROXY_MAX_BODY_BYTES: '512' });
    const post = (content: string) =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-proxy-1', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content }] }),
      });
    const big = await post('x'.repeat(600));
    expect(big.status).toBe(413);
    expect(openai.calls.length + openrouter.calls.length).toBe(0);
    expect((await post('small')).status).toBe(200);
    await server.close();
  });

  it("reports the server's version on /health", async () => {
    const { server } = await boot();
    const health = (await (await fetch(`${server.url}/health`)).json()) as {
      status: string;
      version: string;
    };
    expect(health).toEqual({ status: 'ok', version: '9.8.7-test' });
    await server.close();
  });

  it('wires TOKENWISE_PROXY_CORS_ORIGINS and refuses foreign Host names on loopback', async () => {
    const { server } = await boot({ TOKENWISE_PROXY_CORS_ORIGINS: 'https://app.example' });
    const port = Number(new URL(server.url).port);
    const send = (headers: Record<string, string>, method = 'GET') =>
      new Promise<{ status: number; allowOrigin: unknown }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method, path: '/v1/models', headers }, (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, allowOrigin: res.headers['access-control-allow-origin'] }),
          );
        });
        req.on('error', reject);
        req.end();
      });
    const auth = { authorization: 'Bearer sk-proxy-1' };
    expect(await send(auth)).toEqual({ status: 200, allowOrigin: undefined });
    expect((await send({ ...auth, host: `attacker.example:${port}` })).status).toBe(403);
    expect((await send({ ...auth, origin: 'https://evil.example' })).status).toBe(403);
    expect(await send({ ...auth, origin: 'https://app.example' })).toEqual({
      status: 200,
      allowOrigin: 'https://app.example',
    });
    expect(await send({ origin: 'https://app.example' }, 'OPTIONS')).toEqual({
      status: 204,
      allowOrigin: 'https://app.example',
    });
    await server.close();
  });
});
