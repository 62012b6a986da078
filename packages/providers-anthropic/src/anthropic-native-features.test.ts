import type { CallOptions, StreamPart } from '@tokenwise/spec';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { anthropicMessageResponseSchema, anthropicStreamEventSchema } from './anthropic-api.js';
import { createAnthropicStreamTransformer } from './anthropic-stream-transformer.js';
import { buildAnthropicRequest } from './build-anthropic-request.js';
import { convertAnthropicResponse } from './convert-anthropic-response.js';

const ephemeral = { type: 'ephemeral' as const };

describe('Anthropic native features: outgoing body', () => {
  it('sends thinking with its signature, redacted thinking and cache_control where they were', () => {
    const options: CallOptions = {
      prompt: [
        { role: 'system', content: 'You are terse.', cacheControl: { type: 'ephemeral', ttl: '1h' } },
        { role: 'user', content: [{ type: 'text', text: 'Q', cacheControl: ephemeral }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Let me think', signature: 'sig-1' },
            { type: 'reasoning', text: '', redactedData: 'ENCRYPTED' },
            { type: 'tool-call', toolCallId: 't1', toolName: 'f', input: '{"a":1}' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 't1', toolName: 'f', output: '2', cacheControl: ephemeral },
          ],
        },
      ],
      tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' }, cacheControl: ephemeral }],
      topK: 20,
      thinking: { type: 'enabled', budgetTokens: 2048 },
      maxOutputTokens: 4096,
      parallelToolCalls: false,
      toolChoice: { type: 'auto' },
    };
    const { body, warnings } = buildAnthropicRequest('claude-sonnet-4-5', options, { stream: false });
    expect(body.system).toEqual([
      { type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Q', cache_control: ephemeral }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Let me think', signature: 'sig-1' },
          { type: 'redacted_thinking', data: 'ENCRYPTED' },
          { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 't1', content: '2', cache_control: ephemeral }],
      },
    ]);
    expect(body.tools).toEqual([{ name: 'f', input_schema: { type: 'object' }, cache_control: ephemeral }]);
    expect(body).toMatchObject({
      top_k: 20,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    });
    expect(warnings).toEqual([]);
  });

  it('keeps a single uncached system message a plain string', () => {
    const { body } = buildAnthropicRequest(
      'm',
      { prompt: [{ role: 'system', content: 's' }] },
      { stream: false },
    );
    expect(body.system).toBe('s');
  });

  it('reports OpenAI-only settings instead of dropping them silently', () => {
    const { body, warnings } = buildAnthropicRequest(
      'm',
      {
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
        presencePenalty: 1,
        logitBias: { '1': 2 },
        logprobs: true,
        reasoningEffort: 'high',
        parallelToolCalls: false,
      },
      { stream: false },
    );
    expect(warnings.map((warning) => warning.setting)).toEqual([
      'presencePenalty',
      'logitBias',
      'logprobs',
      'reasoningEffort',
      'parallelToolCalls',
    ]);
    expect(body).not.toHaveProperty('presence_penalty');
    expect(body).not.toHaveProperty('tool_choice');
  });
});

describe('Anthropic native features: results', () => {
  it('keeps the thinking signature and redacted thinking of a response', () => {
    const response = v.parse(anthropicMessageResponseSchema, {
      id: 'msg_1',
      model: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig-xyz' },
        { type: 'redacted_thinking', data: 'BLOB' },
        { type: 'text', text: 'answer' },
      ],
      stop_reason: 'end_turn',
      usage: {
        input_tokens: 10,
        output_tokens: 5,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 7,
      },
    });
    const converted = convertAnthropicResponse(response);
    expect(converted.content).toEqual([
      { type: 'reasoning', text: 'hmm', signature: 'sig-xyz' },
      { type: 'reasoning', text: '', redactedData: 'BLOB' },
      { type: 'text', text: 'answer' },
    ]);
    expect(converted.usage).toMatchObject({ inputTokens: 117, cachedInputTokens: 100, cacheWriteTokens: 7 });
  });

  it('streams signature_delta and redacted_thinking blocks as their own parts', async () => {
    const events = [
      {
        type: 'message_start',
        message: { id: 'm', model: 'c', usage: { input_tokens: 3, output_tokens: 1 } },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'a' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'S1' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'R' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ];
    const source = new ReadableStream({
      start(controller) {
        for (const event of events) {
          controller.enqueue({ success: true as const, value: v.parse(anthropicStreamEventSchema, event) });
        }
        controller.close();
      },
    });
    const parts: StreamPart[] = [];
    const reader = source
      .pipeThrough(createAnthropicStreamTransformer({ warnings: [], url: 'u' }))
      .getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start',
      'response-metadata',
      'reasoning-delta',
      'reasoning-signature',
      'redacted-reasoning',
      'finish',
    ]);
    expect(parts[3]).toEqual({ type: 'reasoning-signature', signature: 'S1' });
    expect(parts[4]).toEqual({ type: 'redacted-reasoning', data: 'R' });
  });
});

describe('Anthropic native features: unsigned reasoning', () => {
  it('leaves out reasoning without a signature (another vendor produced it; Anthropic would reject it)', () => {
    const { body } = buildAnthropicRequest(
      'm',
      {
        prompt: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'r' },
              { type: 'text', text: 'a' },
            ],
          },
        ],
      },
      { stream: false },
    );
    expect((body.messages as Array<{ content: unknown }>)[1]?.content).toEqual([{ type: 'text', text: 'a' }]);
  });
});
