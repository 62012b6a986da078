import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeningUpstream } from './create-mock-upstream.js';
import {
  createOpenAIMockUpstream,
  openaiError,
  openaiText,
  openaiToolCall,
  openaiToolCallStream,
} from './openai.js';

// the official SDK as a real client over loopback proves the mock speaks OpenAI's actual wire format
const upstream = createOpenAIMockUpstream();
let server: ListeningUpstream;
let client: OpenAI;

beforeAll(async () => {
  server = await upstream.listen();
  client = new OpenAI({ apiKey: 'sk-sdk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
});

afterAll(async () => {
  await server.close();
});

describe('the official openai SDK against the mock upstream', () => {
  it('reads a non-streaming completion with usage details', async () => {
    upstream.enqueue(
      openaiText('Hello!', {
        usage: { inputTokens: 19, outputTokens: 10, cachedInputTokens: 4, reasoningTokens: 2 },
      }),
    );
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello!');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.total_tokens).toBe(29);
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(4);
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(2);
    expect(upstream.calls.at(-1)?.headers.authorization).toBe('Bearer sk-sdk-test');
  });

  it('streams with include_usage (auto mode) and ends with the usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'one two three' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('echo: one two three');
    expect(finishReason).toBe('stop');
    expect(usage?.completion_tokens).toBe(5);
    expect(upstream.calls.at(-1)?.bodyJson).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('reads tool calls, whole and streamed', async () => {
    upstream.enqueue(
      openaiToolCall([{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }]),
      openaiToolCallStream([{ id: 'call_2', name: 'get_time', arguments: { zone: 'UTC' } }]),
    );
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'weather?' }],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function : undefined).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');

    const runner = client.chat.completions.stream({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'time?' }],
    });
    const final = await runner.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.id).toBe('call_2');
    expect(streamed?.type === 'function' ? streamed.function.arguments : undefined).toBe('{"zone":"UTC"}');
  });

  it('surfaces the error body and Retry-After as the SDK expects', async () => {
    upstream.enqueue(
      openaiError(429, 'Rate limit reached', { retryAfterSeconds: 7, code: 'rate_limit_exceeded' }),
    );
    const error = await client.chat.completions
      .create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(429);
    expect(apiError.code).toBe('rate_limit_exceeded');
    expect(apiError.message).toContain('Rate limit reached');
    expect(apiError.headers?.get('retry-after')).toBe('7');
  });
});
