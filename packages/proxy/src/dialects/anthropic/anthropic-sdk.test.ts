import Anthropic from '@anthropic-ai/sdk';
import { BudgetExceededError, type GenerateResult, type StreamPart, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import type { DoorCall } from '../shared/door-call.js';
import { countTokens } from './count-tokens.js';
import { parseCountTokensRequest, parseMessagesRequest } from './parse-request.js';
import { createAnthropicStreamEncoder } from './stream-encoder.js';
import { toAnthropicError } from './to-anthropic-error.js';
import { toCall } from './to-call.js';
import { toMessage } from './to-message.js';

/** What the fake engine answers for one call. */
type Answer = { result: GenerateResult } | { parts: StreamPart[] } | { error: unknown };

/**
 * A fetch that plays the Messages door over a scripted engine: the SDK's real request goes through the door's
 * schema and `toCall`, the scripted answer through the door's encoders, back to the SDK's real parsers.
 */
function door(answer: (call: DoorCall) => Answer) {
  const calls: DoorCall[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    const body: unknown = JSON.parse(String(init?.body));
    try {
      if (url.pathname === '/v1/messages/count_tokens') {
        const counted = countTokens(parseCountTokensRequest(body), ({ prompt }) => 7 * prompt.length);
        return Response.json(counted);
      }
      const call = toCall(parseMessagesRequest(body), {
        'anthropic-version': headers.get('anthropic-version') ?? undefined,
        'anthropic-beta': headers.get('anthropic-beta') ?? undefined,
      });
      calls.push(call);
      const scripted = answer(call);
      if ('error' in scripted) throw scripted.error;
      if ('result' in scripted) {
        return Response.json(
          toMessage(scripted.result, { id: 'msg_tw1', model: call.model, cost: usd('0.0002') }),
        );
      }
      const encoder = createAnthropicStreamEncoder({ id: 'msg_tw1', model: call.model });
      let text = encoder.start(11) + encoder.ping();
      for (const part of scripted.parts) {
        text += part.type === 'finish' ? encoder.finish(part, usd('0.0003')) : encoder.part(part);
      }
      return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
    } catch (error) {
      const mapped = toAnthropicError(error);
      return Response.json(mapped.toBody(), { status: mapped.status });
    }
  };
  const client = new Anthropic({
    apiKey: 'sk-proxy-key',
    baseURL: 'http://proxy.test',
    fetch,
    maxRetries: 0,
  });
  return { client, calls };
}

const usage = { inputTokens: 11, outputTokens: 4 };

describe('@anthropic-ai/sdk against the Messages door', () => {
  it('messages.create reads text, thinking with signature and cache usage', async () => {
    const { client, calls } = door(() => ({
      result: {
        content: [
          { type: 'reasoning', text: 'Thinking…', signature: 'EqQB' },
          { type: 'text', text: 'Hello!' },
        ],
        finishReason: { unified: 'stop', raw: 'end_turn' },
        usage: { inputTokens: 111, outputTokens: 4, cachedInputTokens: 100 },
        warnings: [],
      },
    }));
    const message = await client.messages.create(
      {
        model: 'claude-sonnet-4-5',
        max_tokens: 16000,
        thinking: { type: 'enabled', budget_tokens: 15999 },
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'Hi' }],
      },
      { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } },
    );
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Thinking…', signature: 'EqQB' },
      { type: 'text', text: 'Hello!' },
    ]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 11, output_tokens: 4, cache_read_input_tokens: 100 });
    expect(calls[0]?.options.headers).toMatchObject({
      'anthropic-beta': 'interleaved-thinking-2025-05-14',
      // the SDK's own API version is forwarded as sent:
      'anthropic-version': expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(calls[0]?.options.thinking).toEqual({ type: 'enabled', budgetTokens: 15999 });
  });

  it('completes a tool_use round trip', async () => {
    const { client, calls } = door((call) =>
      call.options.prompt.some((message) => message.role === 'tool')
        ? {
            result: {
              content: [{ type: 'text', text: '18°C' }],
              finishReason: { unified: 'stop', raw: 'stop' },
              usage,
              warnings: [],
            },
          }
        : {
            result: {
              content: [
                { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: '{"city":"Paris"}' },
              ],
              finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
              usage,
              warnings: [],
            },
          },
    );
    const tools: Anthropic.Tool[] = [
      {
        name: 'weather',
        description: 'Weather by city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ];
    const first = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      tools,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ id: 'call_1', name: 'weather', input: { city: 'Paris' } });
    const second = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '18°C' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: '18°C' }]);
    expect(calls[1]?.options.prompt.at(-1)).toEqual({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'weather', output: '18°C' }],
    });
  });

  it('messages.stream assembles the final message: thinking, text and a streamed tool call', async () => {
    const { client } = door(() => ({
      parts: [
        { type: 'stream-start', warnings: [] },
        { type: 'reasoning-delta', delta: 'Let me ' },
        { type: 'reasoning-delta', delta: 'see.' },
        { type: 'reasoning-signature', signature: 'SIG' },
        { type: 'text-delta', delta: 'Checking ' },
        { type: 'text-delta', delta: 'now.' },
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'call_7',
          toolName: 'weather',
          inputDelta: '{"city":',
        },
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'call_7',
          toolName: 'weather',
          inputDelta: '"Oslo"}',
        },
        { type: 'tool-call', toolCallId: 'call_7', toolName: 'weather', input: '{"city":"Oslo"}' },
        {
          type: 'finish',
          finishReason: { unified: 'tool-calls', raw: 'tool_use' },
          usage: { inputTokens: 11, outputTokens: 30, cacheWriteTokens: 5 },
        },
      ],
    }));
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    const texts: string[] = [];
    stream.on('text', (delta) => texts.push(delta));
    const final = await stream.finalMessage();
    expect(texts.join('')).toBe('Checking now.');
    expect(final.content).toEqual([
      { type: 'thinking', thinking: 'Let me see.', signature: 'SIG' },
      { type: 'text', text: 'Checking now.' },
      { type: 'tool_use', id: 'call_7', name: 'weather', input: { city: 'Oslo' } },
    ]);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage).toMatchObject({ input_tokens: 6, output_tokens: 30, cache_creation_input_tokens: 5 });
  });

  it('countTokens returns input_tokens from the counter', async () => {
    const { client } = door(() => ({ error: new Error('not called') }));
    const counted = await client.messages.countTokens({
      model: 'claude-sonnet-4-5',
      system: 'sys',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(counted.input_tokens).toBe(14);
  });

  it('a budget refusal reaches the SDK as a 402 billing_error, not an overload', async () => {
    const { client } = door(() => ({
      error: new BudgetExceededError({ message: 'over', required: usd('0.5'), remaining: usd('0.01') }),
    }));
    const error = await client.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(402);
    expect(JSON.stringify((error as InstanceType<typeof Anthropic.APIError>).error)).toContain(
      'billing_error',
    );
  });

  it('an invalid request gets 400 invalid_request_error naming the field', async () => {
    const { client } = door(() => ({ error: new Error('not called') }));
    const error = await client.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 0, messages: [{ role: 'user', content: 'Hi' }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((error as Error).message)).toContain('max_tokens');
  });
});
