// The acceptance of the Responses and Messages doors, one table over the four upstream vendors: each official client
// (openai, the Vercel AI SDK, @anthropic-ai/sdk) → the proxy app (in-process fetch) → core's registry, router and
// resolver → the real providers → the test kit's mock upstream of that vendor, streaming and not, with tools, and
// failing over from a failing model of another vendor.

import { createOpenAI as createAiSdkOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { createModelRegistry, createProviderResolver, createRouter } from '@tokenwise/core';
import { type CallRecord, createMemoryLedgerStore } from '@tokenwise/ledger';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { createGoogle } from '@tokenwise/providers-google';
import { createOpenAI } from '@tokenwise/providers-openai';
import { createOpenRouter } from '@tokenwise/providers-openrouter';
import type { ModelInfo, ProviderV1 } from '@tokenwise/spec';
import {
  anthropicError,
  anthropicToolUse,
  anthropicToolUseStream,
  createAnthropicMockUpstream,
  createGoogleMockUpstream,
  createOpenAIMockUpstream,
  createOpenRouterMockUpstream,
  geminiError,
  geminiFunctionCall,
  geminiFunctionCallStream,
  type MockReply,
  type MockUpstream,
  openaiError,
  openaiToolCall,
  openaiToolCallStream,
} from '@tokenwise/testkit';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProxyApp } from '../create-proxy-app.js';

/** A tool call the mock upstream answers with (Gemini sends no id: the provider makes one). */
interface ScriptedCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** One upstream vendor: its catalog model, its mock upstream, its provider and its scripted replies. */
interface Vendor {
  name: 'openai' | 'anthropic' | 'google' | 'openrouter';
  model: string;
  upstream: () => MockUpstream;
  provider: (fetch: typeof globalThis.fetch) => ProviderV1;
  /** The path every model call of this vendor goes to (Gemini's stream: `:streamGenerateContent?alt=sse`). */
  callPath: (stream: boolean) => RegExp;
  toolCall: (call: ScriptedCall) => MockReply;
  toolCallStream: (call: ScriptedCall) => MockReply;
  failure: () => MockReply;
}

const vendors: Vendor[] = [
  {
    name: 'openai',
    model: 'openai/gpt-4.1-mini',
    upstream: () => createOpenAIMockUpstream(),
    provider: (fetch) => createOpenAI({ apiKey: 'sk-test', fetch }),
    callPath: () => /^\/v1\/chat\/completions$/,
    toolCall: (c) => openaiToolCall([{ id: c.id, name: c.name, arguments: c.input }]),
    toolCallStream: (c) => openaiToolCallStream([{ id: c.id, name: c.name, arguments: c.input }]),
    failure: () => openaiError(500, 'boom'),
  },
  {
    name: 'anthropic',
    model: 'anthropic/claude-haiku-4.5',
    upstream: () => createAnthropicMockUpstream(),
    provider: (fetch) => createAnthropic({ apiKey: 'sk-ant-test', fetch }),
    callPath: () => /^\/v1\/messages$/,
    toolCall: (c) => anthropicToolUse([c]),
    toolCallStream: (c) => anthropicToolUseStream([c]),
    failure: () => anthropicError(529, 'Overloaded'),
  },
  {
    name: 'google',
    model: 'google/gemini-2.5-flash',
    upstream: () => createGoogleMockUpstream(),
    provider: (fetch) => createGoogle({ apiKey: 'g-test', fetch }),
    callPath: (stream) =>
      stream
        ? /^\/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent$/
        : /^\/v1beta\/models\/gemini-2\.5-flash:generateContent$/,
    toolCall: (c) => geminiFunctionCall([{ name: c.name, args: c.input }]),
    toolCallStream: (c) => geminiFunctionCallStream([{ name: c.name, args: c.input }]),
    failure: () => geminiError(503, 'The model is overloaded.'),
  },
  {
    name: 'openrouter',
    model: 'meta-llama/llama-3.3-70b-instruct',
    upstream: () => createOpenRouterMockUpstream(),
    provider: (fetch) => createOpenRouter({ apiKey: 'sk-or-test', fetch }),
    callPath: () => /^\/api\/v1\/chat\/completions$/,
    toolCall: (c) => openaiToolCall([{ id: c.id, name: c.name, arguments: c.input }]),
    toolCallStream: (c) => openaiToolCallStream([{ id: c.id, name: c.name, arguments: c.input }]),
    failure: () => openaiError(502, 'upstream provider error'),
  },
];

function catalogModel(id: string, inputPrice: number): ModelInfo {
  return {
    id,
    name: id,
    provider: id.split('/')[0] ?? 'x',
    pricing: { inputPerMillion: inputPrice, outputPerMillion: inputPrice * 4 },
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: ['general', 'code', 'reasoning'],
    tier: 'budget',
    inputModalities: ['text'],
    supportedParameters: ['tools', 'max_tokens'],
  };
}

/**
 * The proxy over all four vendors' mock upstreams. `cheapest` comes first for `tokenwise/cheapest`, `then` second
 * (a failover from `cheapest` lands there); the others follow.
 */
function start(cheapest: Vendor, then?: Vendor) {
  const ordered = [cheapest, ...(then ? [then] : []), ...vendors.filter((v) => v !== cheapest && v !== then)];
  const upstreams = new Map(vendors.map((vendor) => [vendor.name, vendor.upstream()]));
  const upstream = (vendor: Vendor) => upstreams.get(vendor.name) as MockUpstream;
  const registry = createModelRegistry({
    models: ordered.map((vendor, index) => catalogModel(vendor.model, index + 1)),
  });
  const resolver = createProviderResolver({
    providers: Object.fromEntries(vendors.map((v) => [v.name, v.provider(upstream(v).fetch)])),
    registry,
  });
  const store = createMemoryLedgerStore();
  const app = createProxyApp({
    registry,
    router: createRouter({ models: registry }),
    resolve: (id) => resolver.resolve(id),
    ledger: store,
    logger: { warn: () => {}, error: () => {} },
  });
  const fetch = (async (input: string | URL | Request, init?: RequestInit) =>
    app.fetch(new Request(input, init))) as typeof globalThis.fetch;
  const records = async () => {
    await app.flushLedger();
    return store.records as CallRecord[];
  };
  return {
    fetch,
    upstream,
    records,
    openai: new OpenAI({ baseURL: 'http://proxy.test/v1', apiKey: 'sk-proxy', fetch, maxRetries: 0 }),
    anthropic: new Anthropic({ baseURL: 'http://proxy.test', apiKey: 'sk-proxy', fetch, maxRetries: 0 }),
    aiSdk: createAiSdkOpenAI({ baseURL: 'http://proxy.test/v1', apiKey: 'sk-proxy', fetch }),
  };
}

/** Every upstream call of a vendor went to its model path (streamed or not). */
function expectCalls(upstream: MockUpstream, vendor: Vendor, stream: boolean, count: number) {
  expect(upstream.calls).toHaveLength(count);
  for (const call of upstream.calls) expect(call.path).toMatch(vendor.callPath(stream));
  if (vendor.name === 'google' && stream) {
    for (const call of upstream.calls) expect(new URL(call.url).searchParams.get('alt')).toBe('sse');
  }
}

const weatherTool = {
  type: 'function' as const,
  name: 'weather',
  description: 'Weather by city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

const anthropicTools: Anthropic.Tool[] = [
  {
    name: 'weather',
    description: 'Weather by city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];

const aiSdkTools = {
  weather: tool({
    description: 'Weather by city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => `cold in ${city}`,
  }),
};

/** The vendor before `vendor` in the table (round robin): the failing model of its failover tests. */
function failingBefore(vendor: Vendor): Vendor {
  return vendors[(vendors.indexOf(vendor) + vendors.length - 1) % vendors.length] as Vendor;
}

describe.each(vendors)('behind the proxy: $name upstream', (vendor) => {
  const failing = failingBefore(vendor);

  describe('openai SDK → /v1/responses', () => {
    it('responses.create answers, prices and records it', async () => {
      const { openai, upstream, records } = start(vendor);
      const { data, response } = await openai.responses
        .create({ model: vendor.model, input: 'Hi there', instructions: 'Be brief.' })
        .withResponse();
      expect(data.output_text).toBe('echo: Hi there');
      expect(data.status).toBe('completed');
      expect(data.model).toBe(vendor.model);
      expect(response.headers.get('x-tokenwise-model')).toBe(vendor.model);
      expect(Number(response.headers.get('x-tokenwise-cost'))).toBeGreaterThan(0);
      expectCalls(upstream(vendor), vendor, false, 1);
      const request = (await records()).find((r) => r.kind === 'request');
      expect(request).toMatchObject({ door: 'responses', success: true, modelId: vendor.model });
      expect(request?.cost).toBeGreaterThan(0n);
    });

    it('responses.stream delivers the typed events and records the settled cost', async () => {
      const { openai, upstream, records } = start(vendor);
      const stream = openai.responses.stream({ model: vendor.model, input: 'Stream me' });
      const types = new Set<string>();
      for await (const event of stream) types.add(event.type);
      const final = await stream.finalResponse();
      expect(final.output_text).toBe('echo: Stream me');
      expect([...types]).toEqual(
        expect.arrayContaining(['response.created', 'response.output_text.delta', 'response.completed']),
      );
      expectCalls(upstream(vendor), vendor, true, 1);
      const request = (await records()).find((r) => r.kind === 'request');
      expect(request).toMatchObject({ door: 'responses', success: true, modelId: vendor.model });
      expect(request?.cost).toBeGreaterThan(0n);
    });

    it(`fails over from a failing ${failing.name} model, then a function-call round trip`, async () => {
      const { openai, upstream, records } = start(failing, vendor);
      upstream(failing).enqueue(failing.failure());
      upstream(vendor).enqueue(vendor.toolCall({ id: 'call_1', name: 'weather', input: { city: 'Paris' } }));
      const first = await openai.responses.create({
        model: 'tokenwise/cheapest',
        input: 'Weather in Paris?',
        tools: [weatherTool],
      });
      expect(first.model).toBe(vendor.model);
      const call = first.output.find((item) => item.type === 'function_call');
      expect(call).toMatchObject({ type: 'function_call', name: 'weather' });
      if (call?.type !== 'function_call') throw new Error('no function call');
      expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
      const second = await openai.responses.create({
        model: vendor.model,
        input: [
          { role: 'user', content: 'Weather in Paris?' },
          { type: 'function_call', call_id: call.call_id, name: 'weather', arguments: call.arguments },
          { type: 'function_call_output', call_id: call.call_id, output: 'sunny' },
        ],
        tools: [weatherTool],
      });
      expect(second.status).toBe('completed');
      expect(second.output_text).toContain('echo:');
      const attempts = (await records()).filter((r) => r.kind === 'attempt');
      expect(attempts.map((r) => [r.modelId, r.success])).toEqual([
        [failing.model, false],
        [vendor.model, true],
        [vendor.model, true],
      ]);
    });
  });

  describe('Vercel AI SDK (Responses) → /v1/responses', () => {
    it('generateText runs a tool loop', async () => {
      const { aiSdk, upstream, records } = start(vendor);
      upstream(vendor).enqueue(vendor.toolCall({ id: 'call_w', name: 'weather', input: { city: 'Oslo' } }));
      const result = await generateText({
        model: aiSdk(vendor.model),
        prompt: 'Weather in Oslo?',
        tools: aiSdkTools,
        stopWhen: stepCountIs(3),
      });
      expect(result.steps).toHaveLength(2);
      expect(result.steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Oslo' } });
      expect(result.text).toContain('echo:');
      expectCalls(upstream(vendor), vendor, false, 2);
      const requests = (await records()).filter((r) => r.kind === 'request');
      expect(requests.map((r) => [r.door, r.modelId])).toEqual([
        ['responses', vendor.model],
        ['responses', vendor.model],
      ]);
    });

    it(`streamText runs a streamed tool loop after failing over from ${failing.name}`, async () => {
      const { aiSdk, upstream, records } = start(failing, vendor);
      upstream(failing).enqueue(failing.failure());
      upstream(vendor).enqueue(
        vendor.toolCallStream({ id: 'call_s', name: 'weather', input: { city: 'Rome' } }),
      );
      const result = streamText({
        model: aiSdk('tokenwise/cheapest'),
        prompt: 'Weather in Rome?',
        tools: aiSdkTools,
        stopWhen: stepCountIs(3),
      });
      let text = '';
      for await (const delta of result.textStream) text += delta;
      const steps = await result.steps;
      expect(steps).toHaveLength(2);
      expect(steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Rome' } });
      expect(text).toContain('echo:');
      // the second step is routed afresh: the cheapest model, healthy again after one failure, answers it
      expectCalls(upstream(vendor), vendor, true, 1);
      const attempts = (await records()).filter((r) => r.kind === 'attempt');
      expect(attempts.map((r) => [r.modelId, r.success])).toEqual([
        [failing.model, false],
        [vendor.model, true],
        [failing.model, true],
      ]);
    });
  });

  describe('@anthropic-ai/sdk → /v1/messages', () => {
    it('messages.create answers and records door "messages"', async () => {
      const { anthropic, upstream, records } = start(vendor);
      const { data, response } = await anthropic.messages
        .create({ model: vendor.model, max_tokens: 300, messages: [{ role: 'user', content: 'Hello' }] })
        .withResponse();
      expect(data.content[0]).toMatchObject({ type: 'text', text: 'echo: Hello' });
      expect(data.stop_reason).toBe('end_turn');
      expect(response.headers.get('x-tokenwise-model')).toBe(vendor.model);
      expectCalls(upstream(vendor), vendor, false, 1);
      const request = (await records()).find((r) => r.kind === 'request');
      expect(request).toMatchObject({ door: 'messages', success: true, modelId: vendor.model });
      expect(request?.cost).toBeGreaterThan(0n);
    });

    it('messages.stream delivers the events and the final message', async () => {
      const { anthropic, upstream, records } = start(vendor);
      const stream = anthropic.messages.stream({
        model: vendor.model,
        max_tokens: 300,
        messages: [{ role: 'user', content: 'Stream please' }],
      });
      const events = new Set<string>();
      stream.on('streamEvent', (event) => events.add(event.type));
      const final = await stream.finalMessage();
      expect(final.content[0]).toMatchObject({ type: 'text', text: 'echo: Stream please' });
      expect(final.usage.output_tokens).toBeGreaterThan(0);
      expect([...events]).toEqual(
        expect.arrayContaining(['message_start', 'content_block_delta', 'message_delta', 'message_stop']),
      );
      expectCalls(upstream(vendor), vendor, true, 1);
      const request = (await records()).find((r) => r.kind === 'request');
      expect(request).toMatchObject({ door: 'messages', success: true, modelId: vendor.model });
      expect(request?.cost).toBeGreaterThan(0n);
    });

    it(`a streamed tool-use round trip after failing over from ${failing.name}`, async () => {
      const { anthropic, upstream, records } = start(failing, vendor);
      upstream(failing).enqueue(failing.failure());
      upstream(vendor).enqueue(
        vendor.toolCallStream({ id: 'toolu_1', name: 'weather', input: { city: 'Lima' } }),
      );
      const first = await anthropic.messages
        .stream({
          model: 'tokenwise/cheapest',
          max_tokens: 300,
          tools: anthropicTools,
          messages: [{ role: 'user', content: 'Weather in Lima?' }],
        })
        .finalMessage();
      expect(first.stop_reason).toBe('tool_use');
      const use = first.content.find((block) => block.type === 'tool_use');
      expect(use).toMatchObject({ name: 'weather', input: { city: 'Lima' } });
      if (use?.type !== 'tool_use') throw new Error('no tool_use');
      const second = await anthropic.messages.create({
        model: vendor.model,
        max_tokens: 300,
        tools: anthropicTools,
        messages: [
          { role: 'user', content: 'Weather in Lima?' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'mild' }] },
        ],
      });
      expect(second.stop_reason).toBe('end_turn');
      expect(second.content[0]).toMatchObject({ type: 'text' });
      const attempts = (await records()).filter((r) => r.kind === 'attempt');
      expect(attempts.map((r) => [r.modelId, r.success])).toEqual([
        [failing.model, false],
        [vendor.model, true],
        [vendor.model, true],
      ]);
    });

    it('countTokens answers from the engine counter without calling the upstream', async () => {
      const { anthropic, upstream, records } = start(vendor);
      const counted = await anthropic.messages.countTokens({
        model: vendor.model,
        tools: anthropicTools,
        messages: [{ role: 'user', content: 'How many tokens is this sentence?' }],
      });
      expect(counted.input_tokens).toBeGreaterThan(5);
      expect(upstream(vendor).calls).toHaveLength(0);
      expect(await records()).toHaveLength(0);
    });
  });
});
