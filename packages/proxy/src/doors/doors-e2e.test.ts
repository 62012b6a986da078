// The Responses and Messages doors end to end with the real pieces: the official clients (openai, the Vercel AI
// SDK, @anthropic-ai/sdk) → the proxy app (in-process fetch) → core's registry, router and resolver → the real
// providers → the test kit's mock upstreams.

import { createOpenAI as createAiSdkOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { createModelRegistry, createProviderResolver, createRouter } from '@tokenwise/core';
import { type CallRecord, createMemoryLedgerStore } from '@tokenwise/ledger';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { createOpenAI } from '@tokenwise/providers-openai';
import type { ModelInfo } from '@tokenwise/spec';
import {
  anthropicToolUse,
  createAnthropicMockUpstream,
  createOpenAIMockUpstream,
  openaiError,
  openaiToolCall,
} from '@tokenwise/testkit';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProxyApp } from '../create-proxy-app.js';
import type { ProxyDeps } from '../proxy-deps.js';

function model(id: string, tier: ModelInfo['tier'], input: number, output: number): ModelInfo {
  return {
    id,
    name: id,
    provider: id.split('/')[0] ?? 'x',
    pricing: { inputPerMillion: input, outputPerMillion: output },
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: ['general', 'code', 'reasoning'],
    tier,
    inputModalities: ['text'],
    supportedParameters: ['tools', 'max_tokens'],
  };
}

const MINI = 'openai/gpt-4.1-mini';
const GPT = 'openai/gpt-4.1';
const HAIKU = 'anthropic/claude-haiku-4.5';
const SONNET = 'anthropic/claude-sonnet-4.5';

function start(overrides: Partial<ProxyDeps> = {}, refresh?: () => Promise<unknown>) {
  const openaiUpstream = createOpenAIMockUpstream();
  const anthropicUpstream = createAnthropicMockUpstream();
  const registry = createModelRegistry({
    models: [
      model(MINI, 'budget', 0.4, 1.6),
      model(GPT, 'mid', 2, 8),
      model(HAIKU, 'budget', 1, 5),
      model(SONNET, 'mid', 3, 15),
    ],
  });
  const resolver = createProviderResolver({
    providers: {
      openai: createOpenAI({ apiKey: 'sk-test', fetch: openaiUpstream.fetch }),
      anthropic: createAnthropic({ apiKey: 'sk-ant-test', fetch: anthropicUpstream.fetch }),
    },
    registry,
  });
  const store = createMemoryLedgerStore();
  const app = createProxyApp({
    registry:
      refresh === undefined
        ? registry
        : { models: () => registry.models(), get: (id) => registry.get(id), refresh },
    router: createRouter({ models: registry }),
    resolve: (id) => resolver.resolve(id),
    ledger: store,
    logger: { warn: () => {}, error: () => {} },
    ...overrides,
  });
  const fetch = async (input: string | URL | Request, init?: RequestInit) =>
    app.fetch(new Request(input, init));
  const openai = new OpenAI({ baseURL: 'http://proxy.test/v1', apiKey: 'sk-proxy', fetch, maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: 'http://proxy.test', apiKey: 'sk-proxy', fetch, maxRetries: 0 });
  const records = async () => {
    await app.flushLedger();
    return store.records as CallRecord[];
  };
  return { app, fetch, openai, anthropic, openaiUpstream, anthropicUpstream, records };
}

const weather = {
  type: 'function' as const,
  name: 'weather',
  description: 'Weather by city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

describe('openai SDK → POST /v1/responses', () => {
  it('responses.create answers, prices the answer and records it with door "responses"', async () => {
    const { openai, records, openaiUpstream } = start();
    const { data, response } = await openai.responses
      .create({ model: 'gpt-4.1-mini', input: 'Hi there', instructions: 'Be brief.' })
      .withResponse();
    expect(data.output_text).toBe('echo: Hi there');
    expect(data.status).toBe('completed');
    expect(data.model).toBe(MINI);
    expect(response.headers.get('x-tokenwise-model')).toBe(MINI);
    expect(Number(response.headers.get('x-tokenwise-cost'))).toBeGreaterThan(0);
    expect((data.usage as unknown as { cost: number }).cost).toBeGreaterThan(0);
    expect(openaiUpstream.calls).toHaveLength(1);
    const request = (await records()).find((r) => r.kind === 'request');
    expect(request).toMatchObject({ door: 'responses', success: true, modelId: MINI });
    expect(request?.cost).toBeGreaterThan(0n);
  });

  it('responses.stream delivers the typed events and records the settled cost', async () => {
    const { openai, records } = start();
    const stream = openai.responses.stream({ model: MINI, input: 'Stream me' });
    const types = new Set<string>();
    for await (const event of stream) types.add(event.type);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('echo: Stream me');
    expect([...types]).toEqual(
      expect.arrayContaining(['response.created', 'response.output_text.delta', 'response.completed']),
    );
    const request = (await records()).find((r) => r.kind === 'request');
    expect(request).toMatchObject({ door: 'responses', success: true });
    expect(request?.cost).toBeGreaterThan(0n);
  });

  it('fails over from a failing model to another vendor, with a function-call round trip', async () => {
    const { openai, openaiUpstream, anthropicUpstream, records } = start();
    // cheapest is the OpenAI model: it fails, the Anthropic one answers with a tool call
    openaiUpstream.enqueue(openaiError(500, 'boom'));
    anthropicUpstream.enqueue(
      anthropicToolUse([{ id: 'call_1', name: 'weather', input: { city: 'Paris' } }]),
    );
    const first = await openai.responses.create({
      model: 'tokenwise/cheapest',
      input: 'Weather in Paris?',
      tools: [weather],
    });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ name: 'weather', call_id: 'call_1' });
    const second = await openai.responses.create({
      model: 'tokenwise/cheapest',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
      ],
      tools: [weather],
    });
    expect(second.status).toBe('completed');
    const attempts = (await records()).filter((r) => r.kind === 'attempt');
    expect(attempts.map((r) => r.success)).toEqual([false, true, true]);
    expect(new Set(attempts.map((r) => r.modelId)).size).toBeGreaterThan(1);
  });

  it('refuses a too-small budget in the OpenAI shape before any upstream call', async () => {
    const { fetch, openaiUpstream, records } = start();
    const response = await fetch('http://proxy.test/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tokenwise-budget': '0.0000001' },
      body: JSON.stringify({ model: GPT, input: 'Hi', max_output_tokens: 4000 }),
    });
    expect(response.status).toBe(402);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('budget_exceeded');
    expect(openaiUpstream.calls).toHaveLength(0);
    expect((await records()).filter((r) => r.kind === 'attempt')).toHaveLength(0);
  });

  it('answers 405 with Allow for a GET', async () => {
    const { fetch } = start();
    const response = await fetch('http://proxy.test/v1/responses');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
  });
});

describe('Vercel AI SDK (default provider = Responses) → POST /v1/responses', () => {
  const provider = (fetch: typeof globalThis.fetch) =>
    createAiSdkOpenAI({ baseURL: 'http://proxy.test/v1', apiKey: 'sk-proxy', fetch });

  it('generateText runs a tool loop through the door', async () => {
    const { fetch, openaiUpstream, records } = start();
    openaiUpstream.enqueue(openaiToolCall([{ id: 'call_w', name: 'weather', arguments: { city: 'Oslo' } }]));
    const result = await generateText({
      model: provider(fetch as typeof globalThis.fetch)(MINI),
      prompt: 'Weather in Oslo?',
      tools: {
        weather: tool({
          description: 'Weather by city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => `cold in ${city}`,
        }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(result.steps).toHaveLength(2);
    expect(result.text).toContain('echo:');
    const requests = (await records()).filter((r) => r.kind === 'request');
    expect(requests.map((r) => r.door)).toEqual(['responses', 'responses']);
  });

  it('streamText streams the text', async () => {
    const { fetch } = start();
    const result = streamText({ model: provider(fetch as typeof globalThis.fetch)(MINI), prompt: 'Say hi' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('echo: Say hi');
  });
});

describe('@anthropic-ai/sdk → POST /v1/messages', () => {
  it('messages.create with a dated Anthropic id answers and records door "messages"', async () => {
    const { anthropic, anthropicUpstream, records } = start();
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 300,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'echo: Hello' });
    expect(message.stop_reason).toBe('end_turn');
    expect((anthropicUpstream.calls[0]?.bodyJson as { model?: string } | undefined)?.model).toBe(
      'claude-sonnet-4-5',
    );
    const request = (await records()).find((r) => r.kind === 'request');
    expect(request).toMatchObject({ door: 'messages', success: true, modelId: SONNET });
    expect(request?.cost).toBeGreaterThan(0n);
  });

  it('messages.stream delivers the events and the final message', async () => {
    const { anthropic, records } = start();
    const stream = anthropic.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 300,
      messages: [{ role: 'user', content: 'Stream please' }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'echo: Stream please' });
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    const request = (await records()).find((r) => r.kind === 'request');
    expect(request).toMatchObject({ door: 'messages', success: true });
  });

  it('completes a tool-use round trip after failing over from a failing model', async () => {
    const { anthropic, openaiUpstream, anthropicUpstream, records } = start();
    // cheapest is the OpenAI model: it fails, the Anthropic one answers with a tool use
    openaiUpstream.enqueue(openaiError(500, 'boom'));
    anthropicUpstream.enqueue(
      anthropicToolUse([{ id: 'toolu_1', name: 'weather', input: { city: 'Rome' } }]),
    );
    const tools = [
      {
        name: 'weather',
        input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } },
      },
    ];
    const first = await anthropic.messages.create({
      model: 'tokenwise/cheapest',
      max_tokens: 300,
      tools,
      messages: [{ role: 'user', content: 'Weather in Rome?' }],
    });
    const use = first.content.find((block) => block.type === 'tool_use');
    expect(use).toMatchObject({ id: 'toolu_1', name: 'weather', input: { city: 'Rome' } });
    expect(first.stop_reason).toBe('tool_use');
    const second = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Rome?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'warm' }] },
      ],
    });
    expect(second.content[0]).toMatchObject({ type: 'text' });
    const attempts = (await records()).filter((r) => r.kind === 'attempt');
    expect(attempts[0]?.success).toBe(false);
    expect(attempts.at(-1)?.success).toBe(true);
  });

  it('countTokens answers input_tokens from the engine counter, calling nothing upstream', async () => {
    const { anthropic, anthropicUpstream, records } = start();
    const counted = await anthropic.messages.countTokens({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'How many tokens is this sentence?' }],
    });
    expect(counted.input_tokens).toBeGreaterThan(5);
    expect(anthropicUpstream.calls).toHaveLength(0);
    expect(await records()).toHaveLength(0);
  });

  it('refuses a too-small budget as a billing error (never overloaded) before any upstream call', async () => {
    const { anthropic, anthropicUpstream } = start();
    const error = await anthropic.messages
      .create(
        { model: 'claude-sonnet-4-5', max_tokens: 4000, messages: [{ role: 'user', content: 'Hi' }] },
        { headers: { 'x-tokenwise-budget': '0.0000001' } },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(402);
    expect(apiError.error).toMatchObject({ type: 'error', error: { type: 'billing_error' } });
    expect(anthropicUpstream.calls).toHaveLength(0);
  });

  it('lowers thinking with a clamped max_tokens (32000 / 31999) and never sends an invalid pair', async () => {
    const { anthropic, anthropicUpstream } = start();
    const ask = (budget: string) =>
      anthropic.messages.create(
        {
          model: 'claude-sonnet-4-5',
          max_tokens: 32000,
          thinking: { type: 'enabled', budget_tokens: 31999 },
          messages: [{ role: 'user', content: 'Think hard' }],
        },
        { headers: { 'x-tokenwise-budget': budget }, timeout: 60_000 },
      );
    const { response } = await ask('0.12').withResponse();
    const sent = anthropicUpstream.calls[0]?.bodyJson as {
      max_tokens: number;
      thinking: { budget_tokens: number };
    };
    expect(sent.max_tokens).toBeLessThan(32000);
    expect(sent.thinking.budget_tokens).toBeGreaterThanOrEqual(1024);
    expect(sent.thinking.budget_tokens).toBeLessThan(sent.max_tokens);
    expect(response.headers.get('x-tokenwise-max-tokens')).toBe(String(sent.max_tokens));
    // a budget too small for 1024 thinking tokens plus an answer: refused, nothing sent
    const refused = await ask('0.015').catch((e: unknown) => e);
    expect((refused as InstanceType<typeof Anthropic.APIError>).status).toBe(402);
    expect(anthropicUpstream.calls).toHaveLength(1);
  });

  it('lists fields the answering upstream dropped in x-tokenwise-dropped-params', async () => {
    const { anthropic } = start();
    const { response } = await anthropic.messages
      .create({
        model: MINI,
        max_tokens: 100,
        top_k: 5,
        messages: [{ role: 'user', content: 'Hi' }],
      } as Anthropic.MessageCreateParamsNonStreaming)
      .withResponse();
    expect(response.headers.get('x-tokenwise-dropped-params')).toBe('top_k');
  });

  it('sends an operator alias to its target (a tool model → tokenwise/cheapest)', async () => {
    const { anthropic } = start({ modelAliases: { 'claude-3-5-haiku-latest': 'tokenwise/cheapest' } });
    const { response } = await anthropic.messages
      .create({
        model: 'claude-3-5-haiku-latest',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .withResponse();
    expect(response.headers.get('x-tokenwise-model')).toBe(MINI);
  });

  it('accepts x-api-key against the proxy keys and answers 401 in the Anthropic shape without it', async () => {
    const { fetch } = start({ apiKeys: ['sk-proxy'] });
    const body = JSON.stringify({
      model: HAIKU,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const denied = await fetch('http://proxy.test/v1/messages', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const allowed = await fetch('http://proxy.test/v1/messages', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-proxy' },
    });
    expect(allowed.status).toBe(200);
  });

  it('answers 405 in the Anthropic shape for a GET', async () => {
    const { fetch } = start();
    for (const path of ['/v1/messages', '/v1/messages/count_tokens']) {
      const response = await fetch(`http://proxy.test${path}`);
      expect(response.status).toBe(405);
      expect(await response.json()).toMatchObject({
        type: 'error',
        error: { type: 'invalid_request_error' },
      });
    }
  });
});

describe('models outside the catalog', () => {
  it('refreshes the catalog once on a miss (rate-limited), then forwards the id unpriced when no budget applies', async () => {
    let refreshes = 0;
    const { openai, openaiUpstream, records } = start({}, async () => {
      refreshes++;
    });
    const response = await openai.responses.create({ model: 'openai/gpt-9-preview', input: 'Hi' });
    expect(response.output_text).toBe('echo: Hi');
    expect((openaiUpstream.calls[0]?.bodyJson as { model?: string } | undefined)?.model).toBe(
      'gpt-9-preview',
    );
    await openai.responses.create({ model: 'openai/gpt-9-preview', input: 'Again' });
    expect(refreshes).toBe(1);
    // a known id never refreshes
    await openai.responses.create({ model: MINI, input: 'Known' });
    expect(refreshes).toBe(1);
    const request = (await records()).find((r) => r.kind === 'request');
    expect(request).toMatchObject({ door: 'responses', success: true, modelId: 'openai/gpt-9-preview' });
  });

  it('refuses an unknown id when a budget applies, naming model_overrides, in each door shape', async () => {
    const { fetch, openaiUpstream, anthropicUpstream } = start({ defaultBudget: 1_000_000_000n });
    const responses = await fetch('http://proxy.test/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-9-preview', input: 'Hi' }),
    });
    expect(responses.status).toBe(400);
    const openaiBody = (await responses.json()) as { error: { code: string; message: string } };
    expect(openaiBody.error.code).toBe('model_not_priced');
    expect(openaiBody.error.message).toContain('model_overrides');
    const messages = await fetch('http://proxy.test/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-opus-9',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    expect(messages.status).toBe(400);
    const anthropicBody = (await messages.json()) as { type: string; error: { message: string } };
    expect(anthropicBody.type).toBe('error');
    expect(anthropicBody.error.message).toContain('model_overrides');
    expect(openaiUpstream.calls).toHaveLength(0);
    expect(anthropicUpstream.calls).toHaveLength(0);
  });
});
