import { readFileSync } from 'node:fs';
import { ApiCallError, InvalidResponseDataError, type StreamPart } from '@tokenwise/spec';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { anthropicStreamEventSchema } from './anthropic-api.js';
import {
  type AnthropicStreamChunk,
  createAnthropicStreamTransformer,
} from './anthropic-stream-transformer.js';

function fixtureEvents(name: string): AnthropicStreamChunk[] {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ success: true, value: v.parse(anthropicStreamEventSchema, JSON.parse(line)) }));
}

async function run(chunks: AnthropicStreamChunk[]): Promise<StreamPart[]> {
  const source = new ReadableStream<AnthropicStreamChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const parts: StreamPart[] = [];
  const reader = source.pipeThrough(createAnthropicStreamTransformer({ warnings: [], url: 'u' })).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

describe('createAnthropicStreamTransformer', () => {
  it('streams text and ends with a finish part carrying usage from message_start and message_delta', async () => {
    const parts = await run(fixtureEvents('anthropic-text.chunks.txt'));
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

  it('streams reasoning, tool argument fragments and completed tool calls', async () => {
    const parts = await run(fixtureEvents('anthropic-tool-use.chunks.txt'));
    expect(parts.filter((part) => part.type !== 'stream-start' && part.type !== 'response-metadata')).toEqual(
      [
        { type: 'reasoning-delta', delta: 'Need the weather.' },
        { type: 'reasoning-signature', signature: 'EqQBCgIYAhIM' },
        { type: 'text-delta', delta: "Okay, let's check the weather for San Francisco, CA:" },
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
          toolName: 'get_weather',
          inputDelta: '{"location":',
        },
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
          toolName: 'get_weather',
          inputDelta: ' "San Francisco, CA"}',
        },
        {
          type: 'tool-call',
          toolCallId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
          toolName: 'get_weather',
          input: '{"location": "San Francisco, CA"}',
        },
        { type: 'tool-call', toolCallId: 'toolu_02', toolName: 'get_time', input: '{}' },
        {
          type: 'finish',
          finishReason: { unified: 'tool-calls', raw: 'tool_use' },
          usage: { inputTokens: 472, outputTokens: 89, totalTokens: 561 },
        },
      ],
    );
  });

  it('ends with an error part (and no finish) when the stream is cut before message_stop', async () => {
    const events = fixtureEvents('anthropic-text.chunks.txt').slice(0, 4);
    const parts = await run(events);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(InvalidResponseDataError.isInstance((last as { error: unknown }).error)).toBe(true);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('turns a mid-stream error event into a retryable ApiCallError part and stops there', async () => {
    const events = fixtureEvents('anthropic-text.chunks.txt').slice(0, 3);
    const parts = await run([
      ...events,
      { success: true, value: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
      ...fixtureEvents('anthropic-text.chunks.txt').slice(3),
    ]);
    const last = parts.at(-1) as { type: string; error: ApiCallError };
    expect(last.type).toBe('error');
    expect(ApiCallError.isInstance(last.error)).toBe(true);
    expect(last.error.statusCode).toBe(529);
    expect(last.error.isRetryable).toBe(true);
    expect(last.error.message).toContain('Overloaded');
    expect(parts.filter((part) => part.type === 'error')).toHaveLength(1);
  });

  it('ignores event types it does not know, but rejects a known event with a broken shape', () => {
    expect(v.parse(anthropicStreamEventSchema, { type: 'content_block_citation', data: 1 })).toEqual({
      type: 'unknown',
    });
    expect(v.safeParse(anthropicStreamEventSchema, { type: 'message_start' }).success).toBe(false);
  });

  it('passes an invalid event on as an error part', async () => {
    const failure = new InvalidResponseDataError({ message: 'bad event' });
    const parts = await run([
      ...fixtureEvents('anthropic-text.chunks.txt').slice(0, 2),
      { success: false, error: failure },
    ]);
    expect(parts.at(-1)).toEqual({ type: 'error', error: failure });
  });
});
