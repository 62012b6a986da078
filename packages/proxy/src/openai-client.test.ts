// The official `openai` client against the proxy served on loopback: the wire format as real clients parse it.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createBudget } from '@tokenwise/core';
import { usd } from '@tokenwise/spec';
import OpenAI, { type APIError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createScriptedModel,
  fixtureDeps,
  type Reply,
  upstreamError,
} from './__fixtures__/proxy-fixtures.js';
import { createProxyApp } from './create-proxy-app.js';
import type { ProxyDeps } from './proxy-deps.js';

const MINI = 'openai/gpt-4.1-mini';
const GPT41 = 'openai/gpt-4.1';
const IDS = [MINI, 'google/gemini-2.5-flash', GPT41, 'anthropic/claude-sonnet-4.5', 'openai/o3'];

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function start(replies: Record<string, Reply[]> = {}, overrides: Partial<ProxyDeps> = {}) {
  const models = Object.fromEntries(
    IDS.map((id) => [id, createScriptedModel(id, replies[id] ?? [{ text: `Hello from ${id}` }])]),
  );
  const fixture = fixtureDeps(models, { apiKeys: ['sk-proxy'], ...overrides });
  const app = createProxyApp(fixture.deps);
  const port = await new Promise<number>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(info.port),
    );
    servers.push(server);
  });
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-proxy', maxRetries: 0 });
  return { client, models, app, port, ledger: fixture.records };
}

const hello = [{ role: 'user' as const, content: 'Hello' }];

describe('openai client → proxy over loopback', () => {
  it('non-streaming: content, model, usage.cost and cost headers', async () => {
    const { client } = await start();
    const { data, response } = await client.chat.completions
      .create({ model: MINI, messages: hello })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe(`Hello from ${MINI}`);
    expect(data.model).toBe(MINI);
    expect((data.usage as unknown as { cost: number }).cost).toBe(0.0000128);
    expect(response.headers.get('x-tokenwise-cost')).toBe('0.0000128');
    expect(response.headers.get('x-tokenwise-model')).toBe(MINI);
  });

  it('streaming: deltas, usage chunk with cost, and the end of the stream', async () => {
    const { client } = await start({ [MINI]: [{ text: 'One two three' }] });
    const stream = await client.chat.completions.create({
      model: MINI,
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: (OpenAI.CompletionUsage & { cost?: number }) | undefined | null;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('One two three');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5, cost: 0.0000128 });
  });

  it('tool calls, streamed and not, through the client helpers', async () => {
    const call = { id: 'call_9', name: 'get_weather', input: '{"city":"Oslo"}' };
    const { client } = await start({
      [MINI]: [
        { toolCalls: [call] },
        {
          parts: [
            {
              type: 'tool-call-delta',
              index: 0,
              toolCallId: call.id,
              toolName: call.name,
              inputDelta: '{"city":',
            },
            {
              type: 'tool-call-delta',
              index: 0,
              toolCallId: call.id,
              toolName: call.name,
              inputDelta: '"Oslo"}',
            },
            {
              type: 'finish',
              finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
              usage: { inputTokens: 20, outputTokens: 7 },
            },
          ],
        },
      ],
    });
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
    ];
    const plain = await client.chat.completions.create({ model: MINI, messages: hello, tools });
    expect(plain.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
    ]);
    const runner = client.chat.completions.stream({ model: MINI, messages: hello, tools });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      id: 'call_9',
      function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
    });
  });

  it('errors arrive as the client error classes with status, code and param', async () => {
    const { client } = await start({}, { maxBodyBytes: 4096 });
    const bad = await client.chat.completions
      .create({ model: MINI, messages: [{ role: 'user', content: 5 as unknown as string }] })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as APIError).param).toBe('messages[0].content');
    const missing = await client.chat.completions
      .create({ model: 'nope/x', messages: hello })
      .catch((e) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as APIError).code).toBe('model_not_found');
    const broke = await client.chat.completions
      .create({
        model: MINI,
        messages: hello,
        tokenwise: { budget: 0 },
      } as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .catch((e) => e);
    expect((broke as APIError).status).toBe(402);
    expect((broke as APIError).code).toBe('budget_exceeded');
    const large = await client.chat.completions
      .create({ model: MINI, messages: [{ role: 'user', content: 'x'.repeat(10_000) }] })
      .catch((e) => e);
    expect((large as APIError).status).toBe(413);
    const port = new URL(client.baseURL).port;
    const anonymous = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'wrong', maxRetries: 0 });
    const denied = await anonymous.chat.completions.create({ model: MINI, messages: hello }).catch((e) => e);
    expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('a stream fails over before its first chunk (500, then 429)', async () => {
    const failing = (status: number): Reply => ({ parts: [], thenError: upstreamError(status) });
    for (const status of [500, 429]) {
      const { client, models } = await start({ [GPT41]: [failing(status)] });
      const stream = await client.chat.completions.create({ model: 'auto', messages: hello, stream: true });
      let text = '';
      let model = '';
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        model = chunk.model;
      }
      expect(model).not.toBe(GPT41);
      expect(text).toBe(`Hello from ${model}`);
      expect(models[GPT41]!.calls).toHaveLength(1);
    }
  });

  it('a stream that breaks after its first chunk ends with an error the client raises, and is settled', async () => {
    const processBudget = createBudget({ limit: usd(1) });
    const { client, ledger, app } = await start(
      {
        [MINI]: [{ parts: [{ type: 'text-delta', delta: 'Partial answer' }], thenError: upstreamError(502) }],
      },
      { processBudget },
    );
    const stream = await client.chat.completions.create({ model: MINI, messages: hello, stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text).toBe('Partial answer');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as APIError).code).toBe('upstream_error');
    // The proxy queues the records before it sends the error event, so once the client has seen the error a
    // flush (not a wait) makes them visible.
    await app.flushLedger();
    const request = ledger.find((r) => r.kind === 'request');
    expect(request).toMatchObject({ outcome: 'error', estimated: true });
    expect(processBudget.reserved).toBe(0n);
    expect(processBudget.spent).toBe(request!.cost);
    expect(request!.cost).toBeGreaterThan(0n);
  });

  it('a client that disconnects mid-stream is settled and recorded with its partial cost', async () => {
    const processBudget = createBudget({ limit: usd(1) });
    const { client, ledger, models, app } = await start(
      {
        [MINI]: [
          { parts: [{ type: 'text-delta', delta: 'Some words before the client leaves' }], hang: true },
        ],
      },
      { processBudget },
    );
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: MINI, messages: hello, stream: true },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) {
        controller.abort();
        break;
      }
    }
    // The server notices the closed socket asynchronously (a socket event, not something the client can await):
    // poll for its record, bounded (not a timing assertion; 10 s is far beyond any machine's socket close).
    for (let tries = 0; tries < 2000 && !ledger.some((r) => r.kind === 'request'); tries++) {
      await new Promise((r) => setTimeout(r, 5));
      await app.flushLedger();
    }
    const request = ledger.find((r) => r.kind === 'request');
    expect(request, 'the aborted request was never recorded').toBeDefined();
    if (!request) return;
    expect(request).toMatchObject({ outcome: 'cancelled', estimated: true, modelId: MINI });
    expect(request.outputTokens).toBeGreaterThan(0);
    expect(request.cost).toBeGreaterThan(0n);
    expect(processBudget.spent).toBe(request.cost);
    expect(processBudget.reserved).toBe(0n);
    // The upstream call was aborted too.
    expect(models[MINI]!.calls[0]!.abortSignal?.aborted).toBe(true);
  });

  it('lists models through the client', async () => {
    const { client } = await start();
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('tokenwise/best_quality');
    expect(ids).toContain(MINI);
  });
});
