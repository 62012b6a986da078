import { readFileSync } from 'node:fs';
import type { CallOptions, StreamPart } from '@tokenwise/spec';
import { ApiCallError, InvalidResponseDataError, LoadApiKeyError } from '@tokenwise/spec';
import {
  anthropicCutStream,
  anthropicError,
  anthropicStream,
  anthropicStreamError,
  anthropicStreamEvents,
  anthropicText,
  anthropicToolUse,
  anthropicToolUseStream,
  createAnthropicMockUpstream,
} from '@tokenwise/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anthropic, createAnthropic } from './anthropic-provider.js';

const apiKey = 'sk-ant-test-SECRET-4f1c9a';
const prompt: CallOptions['prompt'] = [
  { role: 'system', content: 'You are helpful.' },
  { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
];

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

function fixtureEvents(name: string) {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const data = JSON.parse(line) as { type: string };
      return { event: data.type, data };
    });
}

function setup(settings: Parameters<typeof createAnthropic>[0] = {}) {
  const upstream = createAnthropicMockUpstream();
  const provider = createAnthropic({ apiKey, fetch: upstream.fetch, ...settings });
  return { upstream, model: provider('claude-sonnet-4-5') };
}

async function readAll(stream: ReadableStream<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

async function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createAnthropic', () => {
  it('is named anthropic and hands out models by native id', () => {
    const provider = createAnthropic({ apiKey });
    expect(provider.id).toBe('anthropic');
    expect(provider.specificationVersion).toBe('v1');
    expect(provider('claude-x').provider).toBe('anthropic');
    expect(provider.languageModel('claude-x').modelId).toBe('claude-x');
    expect(anthropic.id).toBe('anthropic');
  });

  it('reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL at call time, not at creation', async () => {
    const upstream = createAnthropicMockUpstream({ basePath: '/anthropic' });
    const model = createAnthropic({ fetch: upstream.fetch }).languageModel('claude-x');
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-env');
    vi.stubEnv('ANTHROPIC_BASE_URL', 'https://proxy.example/anthropic/');
    upstream.enqueue(anthropicText('hi'));
    await model.doGenerate({ prompt });
    expect(upstream.calls[0]!.headers['x-api-key']).toBe('sk-ant-from-env');
    expect(upstream.calls[0]!.url).toBe('https://proxy.example/anthropic/v1/messages');
  });

  it('rejects with LoadApiKeyError naming the variable when no key is set', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const upstream = createAnthropicMockUpstream();
    const model = createAnthropic({ fetch: upstream.fetch }).languageModel('claude-x');
    const error = await failure(model.doGenerate({ prompt }));
    expect(LoadApiKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('ANTHROPIC_API_KEY');
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('doGenerate', () => {
  it('sends the documented request: URL, headers and body (system extracted, max_tokens 1024)', async () => {
    const { upstream, model } = setup({ headers: { 'anthropic-beta': 'prompt-caching-2024-07-31' } });
    upstream.enqueue({ type: 'json', body: fixture('anthropic-text.json') });
    await model.doGenerate({ prompt, maxOutputTokens: 1024, temperature: 0.3, headers: { 'x-call': '1' } });
    const call = upstream.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.url).toBe('https://api.anthropic.com/v1/messages');
    expect(call.headers).toMatchObject({
      'x-api-key': apiKey,
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
      'anthropic-beta': 'prompt-caching-2024-07-31',
      'x-call': '1',
    });
    expect(call.headers.authorization).toBeUndefined();
    expect(call.bodyJson).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: 'You are helpful.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      temperature: 0.3,
    });
  });

  it('defaults max_tokens to 4096', async () => {
    const { upstream, model } = setup();
    await model.doGenerate({ prompt });
    expect((upstream.calls[0]!.bodyJson as { max_tokens: number }).max_tokens).toBe(4096);
  });

  it('converts the response: content "Hello!", finish stop, usage 10/5/15, metadata', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({
      type: 'json',
      body: fixture('anthropic-text.json'),
      headers: { 'request-id': 'req_1' },
    });
    const result = await model.doGenerate({ prompt });
    expect(result.content).toEqual([{ type: 'text', text: 'Hello!' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(result.usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15 });
    expect(result.warnings).toEqual([]);
    expect(result.response).toMatchObject({
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      modelId: 'claude-sonnet-4-5-20250929',
      headers: expect.objectContaining({ 'request-id': 'req_1' }),
    });
  });

  it('returns reasoning, text and tool calls with cache-aware usage', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'json', body: fixture('anthropic-tool-use.json') });
    const result = await model.doGenerate({ prompt });
    expect(result.content).toEqual([
      {
        type: 'reasoning',
        text: 'The user wants the weather; I should call get_weather.',
        signature: 'EqQBCgIYAhIM',
      },
      { type: 'text', text: "I'll check the current weather in San Francisco for you." },
      {
        type: 'tool-call',
        toolCallId: 'toolu_01A09q90qw90lq917835lq9',
        toolName: 'get_weather',
        input: '{"location":"San Francisco, CA","unit":"celsius"}',
      },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(result.usage).toEqual({
      inputTokens: 2572,
      outputTokens: 89,
      cachedInputTokens: 2000,
      cacheWriteTokens: 100,
      totalTokens: 2661,
    });
  });

  it('completes a tool round trip: tools and tool_choice out, tool_use in, tool_result back', async () => {
    const { upstream, model } = setup();
    const tools: CallOptions['tools'] = [
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    upstream.enqueue(
      anthropicToolUse([{ id: 'toolu_9', name: 'get_weather', input: { city: 'Paris' } }]),
      anthropicText('It is 21°C in Paris.'),
    );
    const first = await model.doGenerate({ prompt, tools, toolChoice: { type: 'required' } });
    expect((upstream.calls[0]!.bodyJson as Record<string, unknown>).tools).toEqual([
      {
        name: 'get_weather',
        description: 'Current weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ]);
    expect((upstream.calls[0]!.bodyJson as Record<string, unknown>).tool_choice).toEqual({ type: 'any' });
    const toolCall = first.content.find((part) => part.type === 'tool-call');
    if (toolCall?.type !== 'tool-call') throw new Error('expected a tool call');
    expect(first.finishReason.unified).toBe('tool-calls');

    const second = await model.doGenerate({
      prompt: [
        ...prompt,
        { role: 'assistant', content: [toolCall] },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: toolCall.toolCallId,
              toolName: toolCall.toolName,
              output: '21°C',
            },
          ],
        },
      ],
      tools,
    });
    expect((upstream.calls[1]!.bodyJson as { messages: unknown }).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Paris' } }],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: '21°C' }] },
    ]);
    expect(second.content).toEqual([{ type: 'text', text: 'It is 21°C in Paris.' }]);
  });

  it('maps a 529 overloaded error to a retryable ApiCallError with the vendor message', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'json', status: 529, body: fixture('anthropic-error-overloaded.json') });
    const error = (await failure(model.doGenerate({ prompt }))) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(529);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toBe('Anthropic overloaded_error: Overloaded');
    expect(error.url).toBe('https://api.anthropic.com/v1/messages');
  });

  it('maps a 400 to a non-retryable ApiCallError and 429 Retry-After to retryAfterMs', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(
      { type: 'json', status: 400, body: fixture('anthropic-error-invalid-request.json') },
      anthropicError(429, 'Number of request tokens has exceeded your per-minute rate limit', {
        retryAfterSeconds: 7,
      }),
    );
    const badRequest = (await failure(model.doGenerate({ prompt }))) as ApiCallError;
    expect(badRequest.isRetryable).toBe(false);
    expect(badRequest.message).toContain('max_tokens: Field required');
    const limited = (await failure(model.doGenerate({ prompt }))) as ApiCallError;
    expect(limited.isRetryable).toBe(true);
    expect(limited.retryAfterMs).toBe(7000);
  });

  it('rejects an empty body and a body of the wrong shape with InvalidResponseDataError', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(
      { type: 'text', body: '', contentType: 'application/json' },
      { type: 'json', body: { id: 'msg', content: 'not an array' } },
    );
    expect(InvalidResponseDataError.isInstance(await failure(model.doGenerate({ prompt })))).toBe(true);
    expect(InvalidResponseDataError.isInstance(await failure(model.doGenerate({ prompt })))).toBe(true);
  });

  it('turns its own timeout (timeoutMs) into a retryable ApiCallError', async () => {
    const { upstream, model } = setup({ timeoutMs: 50 });
    upstream.enqueue({ type: 'hang' });
    const error = (await failure(model.doGenerate({ prompt }))) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('timed out');
  });

  it('passes the abort signal on: an aborted call rejects with the abort reason', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'hang' });
    const controller = new AbortController();
    const pending = model.doGenerate({ prompt, abortSignal: controller.signal });
    controller.abort(new DOMException('user left', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'user left' });
  });
});

describe('doStream', () => {
  it('sends stream: true and streams the documented events to a finish with usage', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'sse', events: fixtureEvents('anthropic-text.chunks.txt') });
    const { stream } = await model.doStream({ prompt });
    const parts = await readAll(stream);
    expect((upstream.calls[0]!.bodyJson as { stream: boolean }).stream).toBe(true);
    expect(parts).toEqual([
      { type: 'stream-start', warnings: [] },
      {
        type: 'response-metadata',
        id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
        modelId: 'claude-sonnet-4-5-20250929',
      },
      { type: 'text-delta', delta: 'Hello' },
      { type: 'text-delta', delta: '!' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'end_turn' },
        usage: {
          inputTokens: 30,
          outputTokens: 15,
          cachedInputTokens: 5,
          cacheWriteTokens: 0,
          totalTokens: 45,
        },
      },
    ]);
  });

  it('streams tool calls from the testkit builder', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(anthropicToolUseStream([{ id: 'toolu_s', name: 'lookup', input: { q: 'tokenwise' } }]));
    const parts = await readAll((await model.doStream({ prompt })).stream);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'toolu_s', toolName: 'lookup', input: '{"q":"tokenwise"}' },
    ]);
    const deltas = parts.filter((part) => part.type === 'tool-call-delta');
    expect(deltas.map((part) => (part.type === 'tool-call-delta' ? part.inputDelta : '')).join('')).toBe(
      '{"q":"tokenwise"}',
    );
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
    });
  });

  it('ends a stream cut mid-way with an error part and no finish', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(anthropicCutStream(['partial ', 'answer']));
    const parts = await readAll((await model.doStream({ prompt })).stream);
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(2);
    expect(parts.at(-1)?.type).toBe('error');
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('ends with a retryable ApiCallError part on a mid-stream overloaded error event', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(anthropicStreamError(['partial']));
    const parts = await readAll((await model.doStream({ prompt })).stream);
    const last = parts.at(-1);
    if (last?.type !== 'error') throw new Error('expected an error part');
    expect(ApiCallError.isInstance(last.error)).toBe(true);
    expect((last.error as ApiCallError).statusCode).toBe(529);
    expect((last.error as ApiCallError).isRetryable).toBe(true);
  });

  it('rejects before the stream starts on an HTTP error', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(anthropicError(401, 'invalid x-api-key'));
    const error = (await failure(model.doStream({ prompt }))) as ApiCallError;
    expect(error.statusCode).toBe(401);
    expect(error.isRetryable).toBe(false);
  });

  it('stops reading when the caller aborts mid-stream', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'sse', events: anthropicStreamEvents(['a', 'b', 'c', 'd']), eventDelayMs: 30 });
    const controller = new AbortController();
    const { stream } = await model.doStream({ prompt, abortSignal: controller.signal });
    const reader = stream.getReader();
    const seen: StreamPart[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen.push(value);
      if (value.type === 'text-delta') controller.abort();
    }
    expect(seen.some((part) => part.type === 'finish')).toBe(false);
    expect(seen.at(-1)?.type).toBe('error');
  });

  it('reports the JSON-mode warning in stream-start', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(anthropicStream(['{}']));
    const parts = await readAll((await model.doStream({ prompt, responseFormat: { type: 'json' } })).stream);
    expect(parts[0]).toMatchObject({ type: 'stream-start', warnings: [{ setting: 'responseFormat' }] });
  });
});
