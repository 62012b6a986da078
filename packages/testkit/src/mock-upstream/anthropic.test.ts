import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  anthropicAutoReply,
  anthropicCutStream,
  anthropicError,
  anthropicStream,
  anthropicStreamError,
  anthropicText,
  anthropicToolUse,
  anthropicToolUseStream,
  createAnthropicMockUpstream,
} from './anthropic.js';
import type { ListeningUpstream } from './create-mock-upstream.js';

const upstream = createAnthropicMockUpstream();
let server: ListeningUpstream;
let client: Anthropic;

beforeAll(async () => {
  server = await upstream.listen();
  client = new Anthropic({ apiKey: 'sk-ant-mock', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  upstream.reset();
});

describe('createAnthropicMockUpstream with the official SDK over loopback', () => {
  it('answers messages.create in auto mode with an echo and logs the request', async () => {
    const message = await client.messages.create({
      model: 'claude-test',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello mock' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'echo: Hello mock' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.model).toBe('claude-test');
    expect(message.usage.output_tokens).toBe(Math.ceil('echo: Hello mock'.length / 4));
    const call = upstream.calls[0]!;
    expect(call.path).toBe('/v1/messages');
    // SDK 1.x sends the key as a bearer token and a newer anthropic-version; the mock accepts both forms:
    expect(call.headers['x-api-key'] ?? call.headers.authorization).toMatch(/sk-ant-mock$/);
    expect(call.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(call.bodyJson).toMatchObject({ model: 'claude-test', max_tokens: 100, system: 'Be brief.' });
  });

  it('streams scripted text with usage through the SDK stream helper', async () => {
    upstream.enqueue(
      anthropicStream(['Hel', 'lo'], { usage: { inputTokens: 12, outputTokens: 2, cachedInputTokens: 4 } }),
    );
    const stream = client.messages.stream({
      model: 'claude-test',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const final = await stream.finalMessage();
    expect(deltas).toEqual(['Hel', 'lo']);
    expect(final.content).toMatchObject([{ type: 'text', text: 'Hello' }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage).toMatchObject({ input_tokens: 8, cache_read_input_tokens: 4, output_tokens: 2 });
  });

  it('answers with tool_use blocks, JSON and streamed', async () => {
    upstream.enqueue(
      anthropicToolUse([{ id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }], {
        text: 'Checking.',
      }),
      anthropicToolUseStream([{ id: 'toolu_2', name: 'get_time', input: { zone: 'UTC' } }]),
    );
    const request = {
      model: 'claude-test',
      max_tokens: 100,
      tools: [{ name: 'get_weather', input_schema: { type: 'object' as const } }],
      messages: [{ role: 'user' as const, content: 'Weather?' }],
    };
    const message = await client.messages.create(request);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[1]).toEqual({
      type: 'tool_use',
      id: 'toolu_1',
      name: 'get_weather',
      input: { city: 'Paris' },
    });
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.content[0]).toMatchObject({
      type: 'tool_use',
      id: 'toolu_2',
      name: 'get_time',
      input: { zone: 'UTC' },
    });
  });

  it('sends vendor-shaped errors the SDK maps to its error classes', async () => {
    upstream.enqueue(
      anthropicError(529, 'Overloaded'),
      anthropicError(429, 'Slow down', { retryAfterSeconds: 3 }),
    );
    const request = {
      model: 'claude-test',
      max_tokens: 10,
      messages: [{ role: 'user' as const, content: 'x' }],
    };
    const overloaded = await client.messages.create(request).catch((error: unknown) => error);
    expect(overloaded).toBeInstanceOf(Anthropic.APIError);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).error).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    const limited = await client.messages.create(request).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBe('3');
  });

  it('delivers a mid-stream error event that the SDK raises', async () => {
    upstream.enqueue(anthropicStreamError(['partial']));
    const stream = client.messages.stream({
      model: 'claude-test',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow(/Overloaded/);
  });
});

describe('anthropic builders', () => {
  it('auto mode refuses a request without max_tokens like the real API', () => {
    const reply = anthropicAutoReply({
      url: 'http://x/v1/messages',
      method: 'POST',
      path: '/v1/messages',
      headers: {},
      bodyText: '',
      bodyJson: { model: 'm', messages: [] },
    });
    expect(reply).toMatchObject({
      type: 'json',
      status: 400,
      body: { error: { type: 'invalid_request_error' } },
    });
  });

  it('auto mode truncates to max_tokens with stop_reason max_tokens', () => {
    const reply = anthropicAutoReply({
      url: 'http://x/v1/messages',
      method: 'POST',
      path: '/v1/messages',
      headers: {},
      bodyText: '',
      bodyJson: { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'a long question' }] },
    });
    expect(reply).toMatchObject({
      type: 'json',
      body: { stop_reason: 'max_tokens', content: [{ text: 'echo' }] },
    });
  });

  it('writes TokenWise usage as Anthropic usage (input excludes cache reads and writes)', () => {
    const reply = anthropicText('x', {
      usage: { inputTokens: 100, outputTokens: 3, cachedInputTokens: 60 },
      cacheWriteTokens: 10,
    });
    expect(reply).toMatchObject({
      body: {
        usage: {
          input_tokens: 30,
          cache_read_input_tokens: 60,
          cache_creation_input_tokens: 10,
          output_tokens: 3,
        },
      },
    });
  });

  it('cut streams stop before message_delta and drop the connection', () => {
    const reply = anthropicCutStream(['a']);
    if (reply.type !== 'sse') throw new Error('expected sse');
    expect(reply.cut).toBe(true);
    expect(reply.events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
    ]);
  });
});
