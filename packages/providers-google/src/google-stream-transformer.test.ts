import { readFileSync } from 'node:fs';
import { ApiCallError, InvalidResponseDataError, type StreamPart } from '@tokenwise/spec';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { googleStreamEventSchema } from './google-api.js';
import { createGoogleStreamTransformer, type GoogleStreamChunk } from './google-stream-transformer.js';

function fixtureEvents(name: string): GoogleStreamChunk[] {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ success: true, value: v.parse(googleStreamEventSchema, JSON.parse(line)) }));
}

async function run(chunks: GoogleStreamChunk[]): Promise<StreamPart[]> {
  const source = new ReadableStream<GoogleStreamChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const parts: StreamPart[] = [];
  const reader = source.pipeThrough(createGoogleStreamTransformer({ warnings: [], url: 'u' })).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

describe('createGoogleStreamTransformer', () => {
  it('streams text and ends with a finish part carrying the last usage', async () => {
    expect(await run(fixtureEvents('gemini-text.chunks.txt'))).toEqual([
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

  it('emits whole function calls with generated ids and finishes with tool-calls', async () => {
    const parts = await run(fixtureEvents('gemini-function-call.chunks.txt'));
    expect(parts.slice(2)).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        toolCallId: 'stream-fc-call-0',
        toolName: 'get_weather',
        inputDelta: '{"location":"Paris"}',
      },
      {
        type: 'tool-call',
        toolCallId: 'stream-fc-call-0',
        toolName: 'get_weather',
        input: '{"location":"Paris"}',
      },
      {
        type: 'finish',
        finishReason: { unified: 'tool-calls', raw: 'STOP' },
        usage: { inputTokens: 40, outputTokens: 6, totalTokens: 46 },
      },
    ]);
  });

  it('finishes with content-filter when the prompt was blocked', async () => {
    const parts = await run([
      {
        success: true,
        value: { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4 } },
      },
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: { unified: 'content-filter', raw: 'SAFETY' },
      usage: { inputTokens: 4, outputTokens: 0, totalTokens: 4 },
    });
  });

  it('ends with an error part when the stream closes without a finish reason', async () => {
    const parts = await run(fixtureEvents('gemini-text.chunks.txt').slice(0, 2));
    const last = parts.at(-1) as { type: string; error: unknown };
    expect(last.type).toBe('error');
    expect(InvalidResponseDataError.isInstance(last.error)).toBe(true);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('turns an error object sent in the stream into an ApiCallError part', async () => {
    const parts = await run([
      ...fixtureEvents('gemini-text.chunks.txt').slice(0, 1),
      {
        success: true,
        value: { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } },
      },
      ...fixtureEvents('gemini-text.chunks.txt').slice(1),
    ]);
    const last = parts.at(-1) as { type: string; error: ApiCallError };
    expect(ApiCallError.isInstance(last.error)).toBe(true);
    expect(last.error.statusCode).toBe(503);
    expect(last.error.isRetryable).toBe(true);
    expect(parts.filter((part) => part.type === 'error' || part.type === 'finish')).toHaveLength(1);
  });
});
