import { BudgetExceededError, type GenerateResult, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { AnthropicHttpError } from './anthropic-http-error.js';
import { countTokens } from './count-tokens.js';
import { parseCountTokensRequest, parseMessagesRequest } from './parse-request.js';
import { createAnthropicStreamEncoder } from './stream-encoder.js';
import { toAnthropicError } from './to-anthropic-error.js';
import { toCall } from './to-call.js';
import { toMessage } from './to-message.js';

const base = { model: 'claude-sonnet-4-5', max_tokens: 1024 };

function refusal(body: unknown): string {
  try {
    parseMessagesRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(AnthropicHttpError);
    expect((error as AnthropicHttpError).status).toBe(400);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('Messages door: request', () => {
  it('requires max_tokens, as Anthropic does', () => {
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).toContain('max_tokens');
  });

  it('names an unsupported block type and a server tool', () => {
    expect(
      refusal({ ...base, messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }),
    ).toContain('document');
    const request = parseMessagesRequest({
      ...base,
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
    });
    expect(() => toCall(request)).toThrow(/web_search_20250305/);
  });

  it('turns every field into the engine call, keeping Anthropic-native features', () => {
    const request = parseMessagesRequest({
      ...base,
      max_tokens: 32000,
      system: [{ type: 'text', text: 'Be terse.', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need a tool.', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '18°C' }] },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
      tools: [{ name: 'weather', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.5,
      top_k: 40,
      thinking: { type: 'enabled', budget_tokens: 31999 },
      metadata: { user_id: 'u-1' },
      stream: true,
      tokenwise: { strategy: 'cheapest', budget: 0.5 },
    });
    const call = toCall(request, {
      'anthropic-beta': 'interleaved-thinking-2025-05-14',
      'anthropic-version': '2023-06-01',
    });
    expect(call).toMatchObject({
      model: 'claude-sonnet-4-5',
      stream: true,
      requestedMaxOutputTokens: 32000,
      extension: { strategy: 'cheapest', budget: 0.5 },
    });
    expect(call.options).toMatchObject({
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
      stopSequences: ['END'],
      temperature: 0.5,
      topK: 40,
      thinking: { type: 'enabled', budgetTokens: 31999 },
      user: 'u-1',
      headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'anthropic-version': '2023-06-01' },
      tools: [
        {
          type: 'function',
          name: 'weather',
          inputSchema: { type: 'object' },
          cacheControl: { type: 'ephemeral' },
        },
      ],
    });
    expect(call.options.prompt).toEqual([
      { role: 'system', content: 'Be terse.', cacheControl: { type: 'ephemeral' } },
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Need a tool.', signature: 'sig' },
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'weather', input: '{"city":"Paris"}' },
        ],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'toolu_1', toolName: 'weather', output: '18°C' }],
      },
      { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
    ]);
  });

  it('refuses a tool_result that answers no tool_use', () => {
    const request = parseMessagesRequest({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'nope', content: 'x' }] }],
    });
    expect(() => toCall(request)).toThrow(/no earlier tool_use/);
  });
});

describe('Messages door: response, stream, errors, count_tokens', () => {
  const result: GenerateResult = {
    content: [
      { type: 'reasoning', text: 'hm', signature: 'sig' },
      { type: 'text', text: 'Hi' },
      { type: 'tool-call', toolCallId: 'toolu_9', toolName: 'f', input: '{"a":1}' },
    ],
    finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    usage: { inputTokens: 120, outputTokens: 7, cachedInputTokens: 100, cacheWriteTokens: 10 },
    warnings: [],
  };

  it('builds the message object with Anthropic usage (uncached input) and our cost', () => {
    const message = toMessage(result, { id: 'msg_1', model: 'claude-sonnet-4-5', cost: usd('0.0015') });
    expect(message).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'hm', signature: 'sig' },
        { type: 'text', text: 'Hi' },
        { type: 'tool_use', id: 'toolu_9', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        output_tokens: 7,
        cache_creation_input_tokens: 10,
        cache_read_input_tokens: 100,
        cost: 0.0015,
      },
    });
  });

  it('maps a budget refusal to 402 billing_error, never overloaded_error', () => {
    const error = toAnthropicError(
      new BudgetExceededError({ message: 'over', required: usd('0.02'), remaining: usd('0.01') }),
    );
    expect(error.status).toBe(402);
    expect(error.toBody()).toMatchObject({ type: 'error', error: { type: 'billing_error' } });
    expect(error.message).toContain('Budget exceeded');
  });

  it('maps other failures by status and keeps its own 400s', () => {
    expect(toAnthropicError(new Error('boom')).toBody().error.type).toBe('api_error');
    const own = new AnthropicHttpError({ status: 400, type: 'invalid_request_error', message: 'x' });
    expect(toAnthropicError(own)).toBe(own);
  });

  it('streams blocks in order and closes with message_delta + message_stop', () => {
    const encoder = createAnthropicStreamEncoder({ id: 'msg_1', model: 'claude' });
    const frames = [
      encoder.start(12),
      encoder.part({ type: 'reasoning-delta', delta: 'a' }),
      encoder.part({ type: 'reasoning-signature', signature: 'S' }),
      encoder.part({ type: 'text-delta', delta: 'Hi' }),
      encoder.part({ type: 'tool-call-delta', index: 0, toolCallId: 't', toolName: 'f', inputDelta: '{"a"' }),
      encoder.part({ type: 'tool-call-delta', index: 0, toolCallId: 't', toolName: 'f', inputDelta: ':1}' }),
      encoder.part({ type: 'tool-call', toolCallId: 't', toolName: 'f', input: '{"a":1}' }),
      encoder.finish(
        {
          type: 'finish',
          finishReason: { unified: 'tool-calls', raw: undefined },
          usage: { inputTokens: 12, outputTokens: 5 },
        },
        usd('0.001'),
      ),
    ].join('');
    const events = [...frames.matchAll(/^event: (\S+)$/gm)].map((match) => match[1]);
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(frames).toContain('"stop_reason":"tool_use"');
    expect(frames).toContain('"cost":0.001');
  });

  it('counts tokens with the given counter, system and tools included', () => {
    const request = parseCountTokensRequest({
      model: 'claude-sonnet-4-5',
      system: 'sys',
      messages: [{ role: 'user', content: 'hello' }],
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
    });
    const seen: unknown[] = [];
    const answer = countTokens(request, (input) => {
      seen.push(input);
      return input.prompt.length * 10 + input.tools.length;
    });
    expect(answer).toEqual({ input_tokens: 21 });
    expect(seen[0]).toMatchObject({ model: 'claude-sonnet-4-5' });
  });
});
