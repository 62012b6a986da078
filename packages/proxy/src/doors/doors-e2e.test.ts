// The Responses and Messages doors end to end with the real pieces: the official clients (openai,
// @anthropic-ai/sdk) → the proxy app (in-process fetch) → core's registry, router and resolver → the real
// providers → the test kit's mock upstreams. Budgets, thinking, aliases, auth and models outside the catalog;
// the clients against each of the four vendors (streaming, tools, failover) are in doors-vendors-e2e.test.ts.

import Anthropic from '@anthropic-ai/sdk';
import { createModelRegistry, createProviderResolver, createRouter } from '@tokenwise/core';
import { type CallRecord, createMemoryLedgerStore } from '@tokenwise/ledger';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { createOpenAI } from '@tokenwise/providers-openai';
import { createOpenRouter } from '@tokenwise/providers-openrouter';
import type { ModelInfo } from '@tokenwise/spec';
import {
  createAnthropicMockUpstream,
  createOpenAIMockUpstream,
  createOpenRouterMockUpstream,
} from '@tokenwise/testkit';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
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
/** A catalog entry without a price (OpenRouter's router: the price depends on the model it picks). */
const OR_AUTO = 'openrouter/auto';

function start(overrides: Partial<ProxyDeps> = {}, refresh?: () => Promise<unknown>) {
  const openaiUpstream = createOpenAIMockUpstream();
  const anthropicUpstream = createAnthropicMockUpstream();
  // OpenRouter reports each answer's cost (usage.cost): an unpriced model served there still has a known cost.
  const openrouterUpstream = createOpenRouterMockUpstream();
  const registry = createModelRegistry({
    models: [
      model(MINI, 'budget', 0.4, 1.6),
      model(GPT, 'mid', 2, 8),
      model(HAIKU, 'budget', 1, 5),
      model(SONNET, 'mid', 3, 15),
      { ...model(OR_AUTO, 'mid', 0, 0), pricing: undefined },
    ],
  });
  const resolver = createProviderResolver({
    providers: {
      openai: createOpenAI({ apiKey: 'sk-test', fetch: openaiUpstream.fetch }),
      anthropic: createAnthropic({ apiKey: 'sk-ant-test', fetch: anthropicUpstream.fetch }),
      openrouter: createOpenRouter({ apiKey: 'sk-or-test', fetch: openrouterUpstream.fetch }),
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
  return { app, fetch, openai, anthropic, openaiUpstream, anthropicUpstream, openrouterUpstream, records };
}

describe('openai SDK → POST /v1/responses', () => {
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

  it('applies the rule to a catalog entry without a price too (openrouter/auto): refused under a budget in the chat door', async () => {
    const { fetch, openrouterUpstream } = start();
    const refused = await fetch('http://proxy.test/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tokenwise-budget': '0.50' },
      body: JSON.stringify({ model: OR_AUTO, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { code: string; param: string; message: string } };
    expect(body.error).toMatchObject({ code: 'model_not_priced', param: 'model' });
    expect(body.error.message).toContain('model_overrides ("openrouter/auto"');
    expect(body.error.message).toContain('GET /v1/models');
    expect(openrouterUpstream.calls).toHaveLength(0);
  });

  it('never reports an unpriced answer as $0: usage.cost null and x-tokenwise-cost "unknown" in every door', async () => {
    const { fetch, openai, anthropic, records } = start();
    const unknown = 'openai/gpt-9-preview';
    const chat = await fetch('http://proxy.test/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: unknown, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(chat.status).toBe(200);
    expect(chat.headers.get('x-tokenwise-cost')).toBe('unknown');
    expect(chat.headers.get('x-tokenwise-max-cost')).toBe('unknown');
    expect(((await chat.json()) as { usage: { cost: unknown } }).usage.cost).toBeNull();

    const { data, response } = await openai.responses.create({ model: unknown, input: 'Hi' }).withResponse();
    expect(response.headers.get('x-tokenwise-cost')).toBe('unknown');
    expect((data.usage as unknown as { cost: unknown }).cost).toBeNull();

    const message = await anthropic.messages
      .create({ model: unknown, max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    expect(message.response.headers.get('x-tokenwise-cost')).toBe('unknown');
    expect((message.data.usage as unknown as { cost: unknown }).cost).toBeNull();

    // The ledger says the same: every attempt and request of the three doors is `unpriced`, not a $0 `usage`.
    const recorded = await records();
    expect(recorded.filter((r) => r.kind === 'request')).toHaveLength(3);
    expect(recorded.filter((r) => r.kind === 'attempt')).toHaveLength(3);
    for (const record of recorded) expect(record).toMatchObject({ cost: 0n, costSource: 'unpriced' });
  });

  it('streams say it too: the final usage carries cost null in every door', async () => {
    const { fetch, openai, anthropic } = start();
    const unknown = 'openai/gpt-9-preview';
    const chat = await fetch('http://proxy.test/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: unknown,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    expect(chat.headers.get('x-tokenwise-max-cost')).toBe('unknown');
    expect(await chat.text()).toContain('"cost":null');

    const stream = openai.responses.stream({ model: unknown, input: 'Hi' });
    const final = await stream.finalResponse();
    expect((final.usage as unknown as { cost: unknown }).cost).toBeNull();

    const usages: unknown[] = [];
    const messages = anthropic.messages.stream({
      model: unknown,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    messages.on('streamEvent', (event) => {
      if (event.type === 'message_delta') usages.push(event.usage);
    });
    await messages.finalMessage();
    expect(usages).toEqual([expect.objectContaining({ cost: null })]);
  });

  it('an unpriced model whose vendor reports the cost (OpenRouter) shows that cost', async () => {
    const { openai, openrouterUpstream, records } = start();
    const { data, response } = await openai.responses.create({ model: OR_AUTO, input: 'Hi' }).withResponse();
    expect(openrouterUpstream.calls).toHaveLength(1);
    expect(Number(response.headers.get('x-tokenwise-cost'))).toBeGreaterThan(0);
    expect(response.headers.get('x-tokenwise-max-cost')).toBe('unknown');
    expect((data.usage as unknown as { cost: number }).cost).toBeGreaterThan(0);
    const attempt = (await records()).find((r) => r.kind === 'attempt');
    expect(attempt).toMatchObject({ costSource: 'usage' });
    expect(attempt!.cost).toBeGreaterThan(0n);
  });
});
