import { readFileSync } from 'node:fs';
import type { CallOptions, StreamPart } from '@tokenwise/spec';
import { ApiCallError, InvalidResponseDataError, LoadApiKeyError } from '@tokenwise/spec';
import {
  createGoogleMockUpstream,
  geminiBlocked,
  geminiCutStream,
  geminiError,
  geminiFunctionCall,
  geminiFunctionCallStream,
  geminiStreamEvents,
  geminiText,
} from '@tokenwise/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { googleModelPath } from './google-model-id.js';
import { createGoogle, google } from './google-provider.js';

const apiKey = 'AIza-test-SECRET-7d2e11';
const baseURL = 'https://generativelanguage.googleapis.com/v1beta';
const prompt: CallOptions['prompt'] = [
  { role: 'system', content: 'You are helpful.' },
  { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
  { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
  { role: 'user', content: [{ type: 'text', text: 'How are you?' }] },
];

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

function fixtureEvents(name: string) {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ data: JSON.parse(line) as unknown }));
}

function setup(settings: Parameters<typeof createGoogle>[0] = {}) {
  const upstream = createGoogleMockUpstream();
  const provider = createGoogle({ apiKey, fetch: upstream.fetch, ...settings });
  return { upstream, model: provider('gemini-2.5-flash') };
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

describe('createGoogle', () => {
  it('is named google and hands out models by native id', () => {
    const provider = createGoogle({ apiKey });
    expect(provider.id).toBe('google');
    expect(provider('gemini-x').provider).toBe('google');
    expect(provider.languageModel('gemini-x').modelId).toBe('gemini-x');
    expect(google.id).toBe('google');
  });

  it('reads GOOGLE_API_KEY at call time and falls back to GEMINI_API_KEY', async () => {
    const upstream = createGoogleMockUpstream();
    const model = createGoogle({ fetch: upstream.fetch }).languageModel('gemini-x');
    vi.stubEnv('GOOGLE_API_KEY', '');
    vi.stubEnv('GEMINI_API_KEY', 'from-gemini-env');
    await model.doGenerate({ prompt });
    vi.stubEnv('GOOGLE_API_KEY', 'from-google-env');
    await model.doGenerate({ prompt });
    expect(upstream.calls.map((call) => call.headers['x-goog-api-key'])).toEqual([
      'from-gemini-env',
      'from-google-env',
    ]);
  });

  it('rejects with LoadApiKeyError naming GOOGLE_API_KEY when no key is set', async () => {
    vi.stubEnv('GOOGLE_API_KEY', '');
    vi.stubEnv('GEMINI_API_KEY', '');
    const upstream = createGoogleMockUpstream();
    const error = await failure(createGoogle({ fetch: upstream.fetch })('gemini-x').doGenerate({ prompt }));
    expect(LoadApiKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('GOOGLE_API_KEY');
    expect(upstream.calls).toHaveLength(0);
  });

  it('takes GOOGLE_BASE_URL and keeps resource-style model ids', async () => {
    vi.stubEnv('GOOGLE_BASE_URL', 'https://gateway.example/v1beta/');
    const urls: string[] = [];
    const recordingFetch: typeof globalThis.fetch = async (input) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return Response.json(fixture('gemini-text.json'));
    };
    await createGoogle({ apiKey, fetch: recordingFetch })('tunedModels/my-model').doGenerate({ prompt });
    await createGoogle({ apiKey, fetch: recordingFetch })('gemini-2.5-pro').doGenerate({ prompt });
    expect(urls).toEqual([
      'https://gateway.example/v1beta/tunedModels/my-model:generateContent',
      'https://gateway.example/v1beta/models/gemini-2.5-pro:generateContent',
    ]);
    expect(googleModelPath('models/gemini-2.5-pro')).toBe('models/gemini-2.5-pro');
  });
});

describe('doGenerate', () => {
  it('sends the documented request: URL without key, x-goog-api-key header, mapped body', async () => {
    const { upstream, model } = setup({ headers: { 'x-extra': 'yes' } });
    upstream.enqueue({ type: 'json', body: fixture('gemini-text.json') });
    await model.doGenerate({ prompt, temperature: 0.5, maxOutputTokens: 100 });
    const call = upstream.calls[0]!;
    expect(call.url).toBe(`${baseURL}/models/gemini-2.5-flash:generateContent`);
    expect(call.url).not.toContain(apiKey);
    expect(new URL(call.url).searchParams.has('key')).toBe(false);
    expect(call.headers).toMatchObject({
      'x-goog-api-key': apiKey,
      'content-type': 'application/json',
      'x-extra': 'yes',
    });
    expect(call.bodyJson).toEqual({
      systemInstruction: { parts: [{ text: 'You are helpful.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello' }] },
        { role: 'user', parts: [{ text: 'How are you?' }] },
      ],
      generationConfig: { temperature: 0.5, maxOutputTokens: 100 },
    });
  });

  it('converts the response: content, stop, usage 5/2 and metadata', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'json', body: fixture('gemini-text.json') });
    const result = await model.doGenerate({ prompt });
    expect(result.content).toEqual([{ type: 'text', text: 'Hello!' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'STOP' });
    expect(result.usage).toEqual({ inputTokens: 5, outputTokens: 2, totalTokens: 7 });
    expect(result.response).toMatchObject({ id: 'mAitaLmkHPPlz7IPvtfUqQ4', modelId: 'gemini-2.5-flash' });
  });

  it('returns thoughts, parallel function calls with stable ids, tool-calls finish and thinking usage', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'json', body: fixture('gemini-function-call.json') });
    const result = await model.doGenerate({ prompt });
    expect(result.content).toEqual([
      { type: 'reasoning', text: 'Thinking about lights.' },
      {
        type: 'tool-call',
        toolCallId: 'resp-fc-1-call-0',
        toolName: 'set_light_values',
        input: '{"brightness":25,"color_temp":"warm"}',
      },
      {
        type: 'tool-call',
        toolCallId: 'resp-fc-1-call-1',
        toolName: 'get_weather',
        input: '{"location":"London"}',
      },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
    expect(result.usage).toEqual({
      inputTokens: 120,
      outputTokens: 42,
      cachedInputTokens: 100,
      reasoningTokens: 12,
      totalTokens: 162,
    });
  });

  it('completes a tool round trip: declarations and toolConfig out, functionCall in, functionResponse back', async () => {
    const { upstream, model } = setup();
    const tools: CallOptions['tools'] = [
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather',
        inputSchema: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
      },
    ];
    upstream.enqueue(
      geminiFunctionCall([{ name: 'get_weather', args: { city: 'Paris' } }]),
      geminiText('21°C in Paris.'),
    );
    const first = await model.doGenerate({
      prompt,
      tools,
      toolChoice: { type: 'tool', toolName: 'get_weather' },
    });
    const firstBody = upstream.calls[0]!.bodyJson as Record<string, unknown>;
    expect(firstBody.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Current weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        ],
      },
    ]);
    expect(firstBody.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    });
    const toolCall = first.content.find((part) => part.type === 'tool-call');
    if (toolCall?.type !== 'tool-call') throw new Error('expected a tool call');

    const second = await model.doGenerate({
      prompt: [
        ...prompt,
        { role: 'assistant', content: [toolCall] },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: toolCall.toolCallId, toolName: 'get_weather', output: '21' },
          ],
        },
      ],
      tools,
    });
    const contents = (upstream.calls[1]!.bodyJson as { contents: unknown[] }).contents;
    expect(contents.slice(-2)).toEqual([
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { content: 21 } } }] },
    ]);
    expect(second.content).toEqual([{ type: 'text', text: '21°C in Paris.' }]);
  });

  it('asks for JSON natively (responseMimeType + converted responseSchema) without warnings', async () => {
    const { upstream, model } = setup();
    const result = await model.doGenerate({
      prompt,
      responseFormat: { type: 'json', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } },
    });
    expect((upstream.calls[0]!.bodyJson as { generationConfig: unknown }).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { ok: { type: 'boolean' } } },
    });
    expect(result.warnings).toEqual([]);
  });

  it('maps a blocked prompt to content-filter with the block reason as raw', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(geminiBlocked('PROHIBITED_CONTENT'));
    const result = await model.doGenerate({ prompt });
    expect(result.content).toEqual([]);
    expect(result.finishReason).toEqual({ unified: 'content-filter', raw: 'PROHIBITED_CONTENT' });
    expect(result.usage.inputTokens).toBe(8);
  });

  it('maps HTTP errors with the vendor message; 400 not retryable, 429 retryable with retryAfterMs', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(
      { type: 'json', status: 400, body: fixture('gemini-error-invalid-key.json') },
      {
        type: 'json',
        status: 429,
        body: fixture('gemini-error-quota.json'),
        headers: { 'retry-after': '4' },
      },
    );
    const invalid = (await failure(model.doGenerate({ prompt }))) as ApiCallError;
    expect(ApiCallError.isInstance(invalid)).toBe(true);
    expect(invalid.message).toBe('Gemini INVALID_ARGUMENT: API key not valid. Please pass a valid API key.');
    expect(invalid.isRetryable).toBe(false);
    expect(invalid.url).toBe(`${baseURL}/models/gemini-2.5-flash:generateContent`);
    const quota = (await failure(model.doGenerate({ prompt }))) as ApiCallError;
    expect(quota.statusCode).toBe(429);
    expect(quota.isRetryable).toBe(true);
    expect(quota.retryAfterMs).toBe(4000);
  });

  it('rejects an empty body with InvalidResponseDataError', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'text', body: '', contentType: 'application/json' });
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

  it('passes the abort signal on', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'hang' });
    const controller = new AbortController();
    const pending = model.doGenerate({ prompt, abortSignal: controller.signal });
    controller.abort(new DOMException('user left', 'AbortError'));
    expect(await failure(pending)).toMatchObject({ name: 'AbortError', message: 'user left' });
  });
});

describe('doStream', () => {
  it('calls :streamGenerateContent?alt=sse and streams to a finish with the last usage', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'sse', events: fixtureEvents('gemini-text.chunks.txt') });
    const parts = await readAll((await model.doStream({ prompt })).stream);
    expect(upstream.calls[0]!.url).toBe(`${baseURL}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`);
    expect(upstream.calls[0]!.headers['x-goog-api-key']).toBe(apiKey);
    expect(parts).toEqual([
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'stream-1', modelId: 'gemini-2.5-flash' },
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
      { type: 'text-delta', delta: '!' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'STOP' },
        usage: { inputTokens: 8, outputTokens: 7, reasoningTokens: 4, totalTokens: 15 },
      },
    ]);
  });

  it('streams function calls and finishes with tool-calls', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(
      geminiFunctionCallStream([{ name: 'lookup', args: { q: 'x' }, id: 'call-from-gemini' }]),
    );
    const parts = await readAll((await model.doStream({ prompt })).stream);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call-from-gemini', toolName: 'lookup', input: '{"q":"x"}' },
    ]);
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
    });
  });

  it('ends a stream cut mid-way with an error part and no finish', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(geminiCutStream(['partial ', 'answer']));
    const parts = await readAll((await model.doStream({ prompt })).stream);
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(2);
    expect(parts.at(-1)?.type).toBe('error');
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('ends with an error part when the stream closes cleanly but without a finish reason', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'sse', events: geminiStreamEvents(['a', 'b']).slice(0, 1) });
    const parts = await readAll((await model.doStream({ prompt })).stream);
    const last = parts.at(-1);
    if (last?.type !== 'error') throw new Error('expected an error part');
    expect(InvalidResponseDataError.isInstance(last.error)).toBe(true);
  });

  it('rejects before the stream starts on an HTTP error', async () => {
    const { upstream, model } = setup();
    upstream.enqueue(geminiError(503, 'The model is overloaded. Please try again later.'));
    const error = (await failure(model.doStream({ prompt }))) as ApiCallError;
    expect(error.statusCode).toBe(503);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('overloaded');
  });

  it('stops with an error part when the caller aborts mid-stream', async () => {
    const { upstream, model } = setup();
    upstream.enqueue({ type: 'sse', events: geminiStreamEvents(['a', 'b', 'c', 'd']), eventDelayMs: 30 });
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
});
