import { readFileSync } from 'node:fs';
import { convertReadableStreamToArray } from '@tokenwise/provider-utils';
import {
  ApiCallError,
  type CallOptions,
  InvalidArgumentError,
  InvalidResponseDataError,
  LoadApiKeyError,
  type Prompt,
  type StreamPart,
} from '@tokenwise/spec';
import {
  createOpenAIMockUpstream,
  hangReply,
  type MockReply,
  openaiConformanceScript,
  openaiError,
  openaiStream,
  openaiText,
  openaiToolCall,
} from '@tokenwise/testkit';
import { describeProviderConformance, serializeError } from '@tokenwise/testkit/vitest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { createOpenAI } from './openai-provider.js';

const fixtureUrl = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);

/** A JSON fixture as a 200 reply. */
export function jsonFixture(name: string): MockReply {
  return { type: 'json', body: JSON.parse(readFileSync(fixtureUrl(`${name}.json`), 'utf8')) };
}

/** A chunks fixture (one JSON chunk per line) as an SSE reply ending in `[DONE]`. */
export function chunksFixture(name: string, { done = true }: { done?: boolean } = {}): MockReply {
  const lines = readFileSync(fixtureUrl(`${name}.chunks.txt`), 'utf8')
    .split('\n')
    .filter(Boolean);
  return { type: 'sse', events: [...lines.map((data) => ({ data })), ...(done ? [{ data: '[DONE]' }] : [])] };
}

const apiKey = 'sk-proj-TEST-openai-key-0123456789';
const prompt: Prompt = [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }];

function setup(settings: Parameters<typeof createOpenAI>[0] = {}) {
  const upstream = createOpenAIMockUpstream();
  const provider = createOpenAI({ apiKey, fetch: upstream.fetch, ...settings });
  return { upstream, provider, model: provider('gpt-4.1-mini') };
}

function body(upstream: ReturnType<typeof setup>['upstream'], index = 0) {
  return upstream.calls[index]?.bodyJson as Record<string, unknown>;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describeProviderConformance({
  name: 'openai',
  createUpstream: () => createOpenAIMockUpstream(),
  createModel: ({ fetch, apiKey: key }) => createOpenAI({ apiKey: key, fetch })('gpt-4.1-mini'),
  script: openaiConformanceScript,
});

describe('createOpenAI', () => {
  it('posts to https://api.openai.com/v1/chat/completions and reads "Hello!" with total_tokens 8', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(openaiText('Hello!', { usage: { inputTokens: 5, outputTokens: 3 } }));
    const result = await model.doGenerate({ prompt });
    expect(result.content).toEqual([{ type: 'text', text: 'Hello!' }]);
    expect(result.usage.totalTokens).toBe(8);
    expect(upstream.calls[0]?.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(upstream.calls[0]?.method).toBe('POST');
    expect(upstream.calls[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(upstream.calls[0]?.headers['content-type']).toContain('application/json');
  });

  it('is named "openai" and is callable or used through languageModel', () => {
    const provider = createOpenAI({ apiKey });
    expect(provider.id).toBe('openai');
    expect(provider.specificationVersion).toBe('v1');
    expect(provider('gpt-4.1').provider).toBe('openai');
    expect(provider.languageModel('gpt-4.1').modelId).toBe('gpt-4.1');
    expect(createOpenAI({ name: 'ollama', baseURL: 'http://127.0.0.1:11434/v1' })('llama3').provider).toBe(
      'ollama',
    );
  });

  it('reads the key lazily and throws LoadApiKeyError naming OPENAI_API_KEY when it is missing', async () => {
    const upstream = createOpenAIMockUpstream();
    vi.stubEnv('OPENAI_API_KEY', '');
    const provider = createOpenAI({ fetch: upstream.fetch });
    const model = provider('gpt-4.1');
    const error = await model.doGenerate({ prompt }).then(undefined, (e: unknown) => e);
    expect(LoadApiKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('OPENAI_API_KEY');
    expect(upstream.calls).toHaveLength(0);
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env-later');
    await model.doGenerate({ prompt });
    expect(upstream.calls[0]?.headers.authorization).toBe('Bearer sk-from-env-later');
  });

  it('uses OPENAI_BASE_URL, and needs no key for a local OpenAI-compatible server', async () => {
    const upstream = createOpenAIMockUpstream();
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:11434/v1/');
    await createOpenAI({ fetch: upstream.fetch })('llama3.2').doGenerate({ prompt });
    expect(upstream.calls[0]?.url).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(upstream.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('sends organization, project and custom headers, and per-call headers', async () => {
    const { upstream, model } = setup({
      organization: 'org-1',
      project: 'proj-1',
      headers: { 'X-Custom': 'a' },
    });
    await model.doGenerate({ prompt, headers: { 'X-Call': 'b' } });
    expect(upstream.calls[0]?.headers).toMatchObject({
      'openai-organization': 'org-1',
      'openai-project': 'proj-1',
      'x-custom': 'a',
      'x-call': 'b',
    });
  });
});

describe('OpenAIChatLanguageModel request body', () => {
  it('converts every prompt feature and every call setting', async () => {
    const { upstream, model } = setup();
    const options: CallOptions = {
      prompt: [
        { role: 'system', content: 'You are terse.' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: [{ type: 'text', text: 'first' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', image: 'https://example.com/cat.png' },
            { type: 'image', image: 'iVBORw0KGgo=', mediaType: 'image/png' },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: '{"q":"cat"}' }],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'lookup', output: 'a cat' }],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'It is a cat.' }] },
      ],
      maxOutputTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ['END'],
      seed: 42,
      user: 'user-7',
      responseFormat: { type: 'json', schema: { type: 'object' }, name: 'answer', description: 'the answer' },
      tools: [{ type: 'function', name: 'lookup', description: 'Look up', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'tool', toolName: 'lookup' },
      providerOptions: {
        openai: { logprobs: true, parallel_tool_calls: false },
        anthropic: { ignored: true },
      },
    };
    await model.doGenerate(options);
    expect(body(upstream)).toEqual({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'first' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
        { role: 'assistant', content: 'It is a cat.' },
      ],
      max_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      seed: 42,
      user: 'user-7',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', description: 'the answer', schema: { type: 'object' } },
      },
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', description: 'Look up', parameters: { type: 'object' } },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      logprobs: true,
      parallel_tool_calls: false,
    });
  });

  it('sends json_object without a schema and plain tool_choice strings', async () => {
    const { upstream, model } = setup();
    await model.doGenerate({ prompt, responseFormat: { type: 'json' }, toolChoice: { type: 'required' } });
    expect(body(upstream)).toMatchObject({
      response_format: { type: 'json_object' },
      tool_choice: 'required',
    });
  });

  it('rejects raw base64 images without a media type', async () => {
    const { model } = setup();
    const error = await model
      .doGenerate({ prompt: [{ role: 'user', content: [{ type: 'image', image: 'AAAA' }] }] })
      .then(undefined, (e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
  });

  it.each(['o1', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini'])(
    'uses max_completion_tokens and drops temperature/top_p with warnings for reasoning model %s',
    async (modelId) => {
      const { upstream, provider } = setup();
      const result = await provider(modelId).doGenerate({
        prompt,
        maxOutputTokens: 50,
        temperature: 0.7,
        topP: 1,
      });
      expect(body(upstream)).toMatchObject({ model: modelId, max_completion_tokens: 50 });
      expect(body(upstream)).not.toHaveProperty('max_tokens');
      expect(body(upstream)).not.toHaveProperty('temperature');
      expect(body(upstream)).not.toHaveProperty('top_p');
      expect(result.warnings.map((warning) => warning.setting)).toEqual(['temperature', 'topP']);
    },
  );

  it('keeps max_tokens and temperature for gpt-4.1 and gpt-5-chat-latest', async () => {
    const { upstream, provider } = setup();
    await provider('gpt-5-chat-latest').doGenerate({ prompt, maxOutputTokens: 50, temperature: 0.7 });
    expect(body(upstream)).toMatchObject({ max_tokens: 50, temperature: 0.7 });
  });
});

describe('OpenAIChatLanguageModel.doGenerate', () => {
  it('parses the documented response with usage and metadata', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(jsonFixture('openai-text'));
    const result = await model.doGenerate({ prompt });
    expect(result.content).toEqual([{ type: 'text', text: 'Hello! How can I assist you today?' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect(result.usage).toEqual({
      inputTokens: 19,
      outputTokens: 10,
      totalTokens: 29,
      cachedInputTokens: 0,
      reasoningTokens: 0,
    });
    expect(result.response).toMatchObject({
      id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      modelId: 'gpt-4.1-2025-04-14',
    });
    expect(result.response?.headers?.['content-type']).toContain('application/json');
  });

  it('parses tool calls with cached-input usage', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(jsonFixture('openai-tool-call'));
    const result = await model.doGenerate({ prompt });
    expect(result.content).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'call_abc123',
        toolName: 'get_current_weather',
        input: '{\n"location": "Boston, MA"\n}',
      },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(result.usage).toMatchObject({ inputTokens: 82, outputTokens: 17, cachedInputTokens: 64 });
  });

  it('round-trips a tool call: the result goes back as a role:tool message', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(
      openaiToolCall([{ id: 'call_w', name: 'weather', arguments: { city: 'Oslo' } }]),
      openaiText('It is cold in Oslo.'),
    );
    const tools = [{ type: 'function' as const, name: 'weather', inputSchema: { type: 'object' } }];
    const first = await model.doGenerate({ prompt, tools });
    const call = first.content[0];
    if (call?.type !== 'tool-call') throw new Error('expected a tool call');
    const second = await model.doGenerate({
      tools,
      prompt: [
        ...prompt,
        { role: 'assistant', content: [call] },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: call.toolCallId, toolName: call.toolName, output: '-5C' },
          ],
        },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'It is cold in Oslo.' }]);
    expect((body(upstream, 1).messages as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_w', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_w', content: '-5C' },
    ]);
  });

  it('rejects a completion without choices and an empty body with InvalidResponseDataError', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'json', body: { id: 'x', choices: [] } }, { type: 'text', body: '' });
    expect(
      InvalidResponseDataError.isInstance(
        await model.doGenerate({ prompt }).then(undefined, (e: unknown) => e),
      ),
    ).toBe(true);
    expect(
      InvalidResponseDataError.isInstance(
        await model.doGenerate({ prompt }).then(undefined, (e: unknown) => e),
      ),
    ).toBe(true);
  });

  it('turns a 200 body carrying an error object into ApiCallError', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'json', body: { error: { message: 'Provider returned error', code: 502 } } });
    const error = (await model.doGenerate({ prompt }).then(undefined, (e: unknown) => e)) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(502);
    expect(error.isRetryable).toBe(true);
  });

  it('maps each HTTP error with the vendor message, status and retryability', async () => {
    const { upstream, model } = setup();
    const cases: Array<[number, boolean]> = [
      [400, false],
      [401, false],
      [402, false],
      [403, false],
      [404, false],
      [429, true],
      [500, true],
      [503, true],
    ];
    for (const [status] of cases) upstream.enqueue(openaiError(status, `failure ${status}`));
    for (const [status, retryable] of cases) {
      const error = (await model.doGenerate({ prompt }).then(undefined, (e: unknown) => e)) as ApiCallError;
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error.message).toBe(`failure ${status}`);
      expect(error.statusCode).toBe(status);
      expect(error.isRetryable).toBe(retryable);
      expect(error.url).toBe('https://api.openai.com/v1/chat/completions');
      expect(error.responseBody).toContain(`failure ${status}`);
    }
  });

  it('times out a silent upstream with a retryable ApiCallError', async () => {
    const { upstream, model } = setup({ timeoutMs: 30 });
    upstream.enqueue(hangReply());
    const error = (await model.doGenerate({ prompt }).then(undefined, (e: unknown) => e)) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.message).toContain('timed out after 0.03s');
    expect(error.isRetryable).toBe(true);
  });

  it('writes no API key to the console on any failure path', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    const { upstream, model } = setup();
    upstream.enqueue(
      openaiError(401, `Incorrect API key provided: ${apiKey}`),
      { type: 'text', body: `{"broken": "${apiKey}` },
      openaiError(500, `boom ${apiKey}`),
    );
    const errors = [];
    for (let i = 0; i < 3; i++)
      errors.push(await model.doGenerate({ prompt }).then(undefined, (e: unknown) => e));
    for (const error of errors) expect(serializeError(error)).not.toContain(apiKey);
    const logged = spies.flatMap((spy) => spy.mock.calls).map((args) => args.map(String).join(' '));
    expect(logged.join('\n')).not.toContain(apiKey);
  });
});

describe('OpenAIChatLanguageModel.doStream', () => {
  async function stream(
    upstream: ReturnType<typeof setup>['upstream'],
    model: ReturnType<typeof setup>['model'],
  ) {
    const result = await model.doStream({ prompt });
    return { parts: await convertReadableStreamToArray(result.stream), result, request: body(upstream) };
  }

  it('streams the documented chunks with include_usage and ends with finish + usage', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(chunksFixture('openai-text'));
    const { parts, request, result } = await stream(upstream, model);
    expect(request).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(result.response?.headers?.['content-type']).toContain('text/event-stream');
    expect(parts).toEqual([
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'chatcmpl-123', modelId: 'gpt-4o-mini' },
      { type: 'text-delta', delta: 'Hello' },
      { type: 'text-delta', delta: '!' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: 9, outputTokens: 2, totalTokens: 11, cachedInputTokens: 0, reasoningTokens: 0 },
      },
    ]);
  });

  it('streams parallel tool calls as deltas and one tool-call part each, with reasoning usage', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(chunksFixture('openai-tool-call'));
    const { parts } = await stream(upstream, model);
    const deltas = parts.filter((part) => part.type === 'tool-call-delta');
    expect(deltas.map((part) => part.inputDelta).join('')).toBe('{"location":"Paris"}{}');
    expect(deltas[0]).toMatchObject({
      index: 0,
      toolCallId: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
      toolName: 'get_weather',
    });
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
        toolName: 'get_weather',
        input: '{"location":"Paris"}',
      },
      { type: 'tool-call', toolCallId: 'call_second', toolName: 'get_time', input: '{}' },
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      usage: {
        inputTokens: 70,
        outputTokens: 30,
        totalTokens: 100,
        cachedInputTokens: 0,
        reasoningTokens: 12,
      },
    });
  });

  it('reads usage carried on the finish chunk itself', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(
      openaiStream(['a'], { usage: { inputTokens: 4, outputTokens: 1 }, usageOnFinishChunk: true }),
    );
    const { parts } = await stream(upstream, model);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { inputTokens: 4, outputTokens: 1 } });
  });

  it('ends with an error part when the stream closes cleanly without finish_reason', async () => {
    const { upstream, model } = setup();
    const events = chunksFixture('openai-text', { done: false });
    if (events.type !== 'sse') throw new Error('unreachable');
    upstream.enqueue({ type: 'sse', events: events.events.slice(0, 3) });
    const { parts } = await stream(upstream, model);
    const last = parts.at(-1) as Extract<StreamPart, { type: 'error' }>;
    expect(last.type).toBe('error');
    expect(InvalidResponseDataError.isInstance(last.error)).toBe(true);
    expect((last.error as Error).message).toContain('stream ended before completion');
  });

  it('ends with one error part on a malformed chunk or an in-band error chunk', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(
      { type: 'sse', events: [{ data: '{"choices": [' }, { data: '{"choices":[]}' }] },
      {
        type: 'sse',
        events: [
          { data: { id: 'x', choices: [{ delta: { content: 'hi' } }] } },
          { data: { error: { message: 'upstream died', code: 502 } } },
        ],
      },
    );
    const first = (await stream(upstream, model)).parts;
    expect(first.filter((part) => part.type === 'error')).toHaveLength(1);
    expect(first.at(-1)?.type).toBe('error');
    const second = (await stream(upstream, model)).parts;
    const error = (second.at(-1) as Extract<StreamPart, { type: 'error' }>).error as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(502);
    expect(second.some((part) => part.type === 'finish')).toBe(false);
  });

  it('ends with an AbortError part when the caller aborts mid-stream', async () => {
    const { upstream, model } = setup();
    const slow = openaiStream(['a', 'b', 'c']);
    if (slow.type !== 'sse') throw new Error('unreachable');
    upstream.enqueue({ ...slow, eventDelayMs: 60_000 });
    const controller = new AbortController();
    const { stream: parts } = await model.doStream({ prompt, abortSignal: controller.signal });
    const reader = parts.getReader();
    const seen: StreamPart[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen.push(value);
      if (value.type === 'response-metadata') controller.abort();
    }
    const last = seen.at(-1) as Extract<StreamPart, { type: 'error' }>;
    expect(last.type).toBe('error');
    expect((last.error as Error).name).toBe('AbortError');
  });
});

describe('mapOpenAIFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['something_new', 'other'],
  ])('maps %s to %s and keeps the raw value', (raw, unified) => {
    expect(mapOpenAIFinishReason(raw)).toEqual({ unified, raw });
  });

  it('maps a missing reason to unknown', () => {
    expect(mapOpenAIFinishReason(null)).toEqual({ unified: 'unknown', raw: undefined });
  });
});
