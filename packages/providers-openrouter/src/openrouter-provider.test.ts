import { readFileSync } from 'node:fs';
import { convertReadableStreamToArray } from '@tokenwise/provider-utils';
import { ApiCallError, LoadApiKeyError, type Prompt, type StreamPart } from '@tokenwise/spec';
import {
  createOpenRouterMockUpstream,
  type MockReply,
  openaiError,
  openaiText,
  openrouterConformanceScript,
  openrouterModelsFixture,
} from '@tokenwise/testkit';
import { describeProviderConformance, serializeError } from '@tokenwise/testkit/vitest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchOpenRouterModels } from './fetch-open-router-models.js';
import { createOpenRouter } from './openrouter-provider.js';

const apiKey = 'sk-or-v1-TEST-openrouter-key-0123456789';
const prompt: Prompt = [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }];
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function setup(settings: Parameters<typeof createOpenRouter>[0] = {}) {
  const upstream = createOpenRouterMockUpstream();
  const provider = createOpenRouter({ apiKey, fetch: upstream.fetch, ...settings });
  return { upstream, provider };
}

function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describeProviderConformance({
  name: 'openrouter',
  createUpstream: () => createOpenRouterMockUpstream(),
  createModel: ({ fetch, apiKey: key }) => createOpenRouter({ apiKey: key, fetch })('openai/gpt-4.1-mini'),
  script: openrouterConformanceScript,
});

describe('createOpenRouter', () => {
  it('posts to https://openrouter.ai/api/v1/chat/completions with the full vendor/model id and reads the content', async () => {
    const { upstream, provider } = setup();
    upstream.enqueue(openaiText('Hi from OR', { model: 'anthropic/claude-sonnet-4' }));
    const result = await provider('anthropic/claude-sonnet-4').doGenerate({ prompt, maxOutputTokens: 64 });
    expect(result.content).toEqual([{ type: 'text', text: 'Hi from OR' }]);
    const call = upstream.calls[0];
    expect(call?.url).toBe('https://openrouter.ai/api/v1/chat/completions');
    expect(call?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(call?.bodyJson).toEqual({
      model: 'anthropic/claude-sonnet-4',
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 64,
      usage: { include: true },
    });
  });

  it('is named "openrouter"', () => {
    const provider = createOpenRouter({ apiKey });
    expect(provider.id).toBe('openrouter');
    expect(provider('openai/gpt-4.1-mini').provider).toBe('openrouter');
    expect(provider.languageModel('x/y:free').modelId).toBe('x/y:free');
  });

  it('sends the optional attribution headers only when set', async () => {
    const { upstream, provider } = setup({ appUrl: 'https://tokenwise.dev', appName: 'TokenWise' });
    await provider('openai/gpt-4.1-mini').doGenerate({ prompt });
    expect(upstream.calls[0]?.headers['http-referer']).toBe('https://tokenwise.dev');
    expect(upstream.calls[0]?.headers['x-title']).toBe('TokenWise');
    const plain = setup();
    await plain.provider('openai/gpt-4.1-mini').doGenerate({ prompt });
    expect(plain.upstream.calls[0]?.headers['http-referer']).toBeUndefined();
    expect(plain.upstream.calls[0]?.headers['x-title']).toBeUndefined();
  });

  it('leaves reasoning-model parameters to OpenRouter and merges providerOptions.openrouter', async () => {
    const { upstream, provider } = setup();
    await provider('openai/o3').doGenerate({
      prompt,
      maxOutputTokens: 10,
      temperature: 0.3,
      providerOptions: { openrouter: { provider: { order: ['OpenAI'] } }, openai: { ignored: true } },
    });
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      max_tokens: 10,
      temperature: 0.3,
      provider: { order: ['OpenAI'] },
    });
    expect(upstream.calls[0]?.bodyJson).not.toHaveProperty('ignored');
  });

  it('reads OPENROUTER_API_KEY lazily and names it when missing; honours OPENROUTER_BASE_URL', async () => {
    const upstream = createOpenRouterMockUpstream();
    vi.stubEnv('OPENROUTER_API_KEY', '');
    const model = createOpenRouter({ fetch: upstream.fetch })('openai/gpt-4.1-mini');
    const error = await failure(model.doGenerate({ prompt }));
    expect(LoadApiKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('OPENROUTER_API_KEY');
    vi.stubEnv('OPENROUTER_API_KEY', 'sk-or-env');
    vi.stubEnv('OPENROUTER_BASE_URL', 'https://proxy.example/api/v1/');
    await model.doGenerate({ prompt });
    expect(upstream.calls[0]?.url).toBe('https://proxy.example/api/v1/chat/completions');
    expect(upstream.calls[0]?.headers.authorization).toBe('Bearer sk-or-env');
  });

  it('reads usage.cost into reportedCostUsd with cached and reasoning tokens (documented response)', async () => {
    const { upstream, provider } = setup();
    upstream.enqueue({ type: 'json', body: JSON.parse(fixture('openrouter-text.json')) });
    const result = await provider('openai/gpt-4.1-mini').doGenerate({ prompt });
    expect(result.content).toEqual([{ type: 'text', text: 'Hello from OpenRouter!' }]);
    expect(result.usage).toEqual({
      inputTokens: 14,
      outputTokens: 6,
      totalTokens: 20,
      cachedInputTokens: 0,
      reasoningTokens: 0,
      reportedCostUsd: 0.0000152,
    });
    expect(result.response?.id).toBe('gen-1747930000-AbCdEfGhIjKlMnOp');
  });

  it('streams the documented chunks with cost, cached tokens and the finish usage', async () => {
    const { upstream, provider } = setup();
    const chunks = fixture('openrouter-text.chunks.txt').split('\n').filter(Boolean);
    const reply: MockReply = {
      type: 'sse',
      events: [
        { data: chunks[0] },
        { data: chunks[1] },
        { data: chunks[2] },
        { data: chunks[3] },
        { data: '[DONE]' },
      ],
    };
    upstream.enqueue(reply);
    const { stream } = await provider('anthropic/claude-sonnet-4').doStream({ prompt });
    const parts = await convertReadableStreamToArray(stream);
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      usage: { include: true },
    });
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta)).toEqual([
      'Bon',
      'jour',
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: 12,
        outputTokens: 4,
        totalTokens: 16,
        cachedInputTokens: 8,
        reasoningTokens: 0,
        reportedCostUsd: 0.000096,
      },
    });
  });

  it('ignores the SSE comment lines (: OPENROUTER PROCESSING) OpenRouter sends while waiting', async () => {
    const chunks = fixture('openrouter-text.chunks.txt').split('\n').filter(Boolean);
    const wire = `: OPENROUTER PROCESSING\n\n${chunks.map((chunk) => `data: ${chunk}\n\n: OPENROUTER PROCESSING\n\n`).join('')}data: [DONE]\n\n`;
    const provider = createOpenRouter({
      apiKey,
      fetch: async () => new Response(wire, { headers: { 'content-type': 'text/event-stream' } }),
    });
    const parts = await convertReadableStreamToArray((await provider('a/b').doStream({ prompt })).stream);
    expect(parts.some((part) => part.type === 'error')).toBe(false);
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('turns a mid-stream error chunk into one error part with the upstream status', async () => {
    const { upstream, provider } = setup();
    upstream.enqueue({
      type: 'sse',
      events: [
        {
          data: {
            id: 'gen-1',
            model: 'a/b',
            choices: [{ index: 0, delta: { content: 'par' }, finish_reason: null }],
          },
        },
        { data: { id: 'gen-1', error: { code: 502, message: 'Provider disconnected' } } },
      ],
    });
    const parts = await convertReadableStreamToArray((await provider('a/b').doStream({ prompt })).stream);
    const last = parts.at(-1) as Extract<StreamPart, { type: 'error' }>;
    expect(last.type).toBe('error');
    expect((last.error as ApiCallError).statusCode).toBe(502);
    expect((last.error as ApiCallError).message).toBe('Provider disconnected');
  });

  it('maps 402 (no credits) to a non-retryable ApiCallError with the vendor message and no key anywhere', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    const { upstream, provider } = setup();
    upstream.enqueue(openaiError(402, `Insufficient credits for key ${apiKey}`, { code: '402' }));
    const error = (await failure(provider('a/b').doGenerate({ prompt }))) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(402);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('Insufficient credits');
    expect(serializeError(error)).not.toContain(apiKey);
    const logged = spies.flatMap((spy) => spy.mock.calls).map((args) => args.map(String).join(' '));
    expect(logged.join('\n')).not.toContain(apiKey);
    for (const spy of spies) spy.mockRestore();
  });

  it('exposes reasoning text (message.reasoning / delta.reasoning) as reasoning content', async () => {
    const { upstream, provider } = setup();
    upstream.enqueue(
      {
        type: 'json',
        body: {
          id: 'gen-r',
          model: 'deepseek/deepseek-r1',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: '42', reasoning: 'Think first.' },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12, cost: 0.00001 },
        },
      },
      {
        type: 'sse',
        events: [
          {
            data: {
              id: 'gen-s',
              choices: [{ index: 0, delta: { reasoning: 'Hmm. ' }, finish_reason: null }],
            },
          },
          { data: { id: 'gen-s', choices: [{ index: 0, delta: { content: '42' }, finish_reason: 'stop' }] } },
          { data: '[DONE]' },
        ],
      },
    );
    const model = provider('deepseek/deepseek-r1');
    const result = await model.doGenerate({ prompt });
    expect(result.content).toEqual([
      { type: 'reasoning', text: 'Think first.' },
      { type: 'text', text: '42' },
    ]);
    const parts = await convertReadableStreamToArray((await model.doStream({ prompt })).stream);
    expect(parts.filter((part) => part.type === 'reasoning-delta' || part.type === 'text-delta')).toEqual([
      { type: 'reasoning-delta', delta: 'Hmm. ' },
      { type: 'text-delta', delta: '42' },
    ]);
    expect(parts.at(-1)?.type).toBe('finish');
  });
});

describe('fetchOpenRouterModels', () => {
  it('GETs {base}/models without a key and returns the raw body', async () => {
    const upstream = createOpenRouterMockUpstream();
    const body = await fetchOpenRouterModels({ fetch: upstream.fetch });
    expect(body).toEqual(openrouterModelsFixture);
    expect(upstream.calls[0]).toMatchObject({ method: 'GET', url: 'https://openrouter.ai/api/v1/models' });
    expect(upstream.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('honours baseURL, and reports errors and malformed bodies as typed errors', async () => {
    const upstream = createOpenRouterMockUpstream();
    await fetchOpenRouterModels({ fetch: upstream.fetch, baseURL: 'https://mirror.example/api/v1/' }).then(
      undefined,
      () => undefined,
    );
    expect(upstream.calls[0]?.url).toBe('https://mirror.example/api/v1/models');

    const failing = createOpenRouterMockUpstream({ models: { unexpected: true } });
    const shapeError = await failure(fetchOpenRouterModels({ fetch: failing.fetch }));
    expect((shapeError as Error).name).toBe('TokenwiseInvalidResponseDataError');

    const down = await failure(
      fetchOpenRouterModels({
        fetch: async () => Response.json({ error: { message: 'Service unavailable' } }, { status: 503 }),
      }),
    );
    expect(ApiCallError.isInstance(down)).toBe(true);
    expect((down as ApiCallError).isRetryable).toBe(true);
  });

  it('propagates an abort', async () => {
    const upstream = createOpenRouterMockUpstream();
    const error = await failure(
      fetchOpenRouterModels({ fetch: upstream.fetch, signal: AbortSignal.abort() }),
    );
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('createOpenRouter: extended settings', () => {
  it('sends top_k, penalties and reasoning { effort, max_tokens } in OpenRouter spelling', async () => {
    const upstream = createOpenRouterMockUpstream();
    upstream.enqueue(openaiText('ok'));
    const model = createOpenRouter({ apiKey: 'sk-or-test-key-123456', fetch: upstream.fetch })(
      'anthropic/claude-sonnet-4.5',
    );
    const result = await model.doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      topK: 4,
      presencePenalty: 0.1,
      reasoningEffort: 'high',
      thinking: { type: 'enabled', budgetTokens: 2000 },
    });
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      top_k: 4,
      presence_penalty: 0.1,
      reasoning: { effort: 'high', max_tokens: 2000 },
    });
    expect(result.warnings).toEqual([]);
  });
});
