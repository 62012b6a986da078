import type { StreamPart } from '@tokenwise/spec';
import {
  createGoogleMockUpstream,
  geminiCutStream,
  geminiError,
  geminiStreamEvents,
} from '@tokenwise/testkit';
import { serializeError } from '@tokenwise/testkit/vitest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGoogle } from './google-provider.js';

const apiKey = 'AIzaSy-LEAKCHECK-1234567890abcdef';
const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];

async function collect(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    return error;
  }
}

async function lastPart(stream: ReadableStream<StreamPart>): Promise<StreamPart | undefined> {
  let last: StreamPart | undefined;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return last;
    last = value;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Google API key hygiene', () => {
  it('never puts the key in the URL and keeps it out of every error, error part and console output', async () => {
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => serializeError(arg)).join(' '));
      });
    }
    const upstream = createGoogleMockUpstream();
    const model = createGoogle({ apiKey, fetch: upstream.fetch })('gemini-2.5-flash');
    upstream.enqueue(
      geminiError(400, `API key not valid: ${apiKey}`),
      geminiError(500, `internal error for ${apiKey}`),
      {
        type: 'sse',
        events: [
          ...geminiStreamEvents(['a', 'b']).slice(0, 1),
          { data: { error: { code: 503, message: `overloaded for ${apiKey}`, status: 'UNAVAILABLE' } } },
        ],
      },
      geminiCutStream(['x']),
    );
    const outcomes: unknown[] = [
      await collect(model.doGenerate({ prompt })),
      await collect(model.doGenerate({ prompt })),
      await lastPart((await model.doStream({ prompt })).stream),
      await lastPart((await model.doStream({ prompt })).stream),
    ];
    const offline = createGoogle({
      apiKey,
      fetch: async (input) => {
        throw new TypeError(`fetch failed for ${String(input)} with key ${apiKey}`);
      },
    })('gemini-2.5-flash');
    outcomes.push(await collect(offline.doGenerate({ prompt })));

    expect(outcomes.every((outcome) => outcome !== undefined)).toBe(true);
    for (const outcome of outcomes) expect(serializeError(outcome)).not.toContain(apiKey);
    expect(logged.join('\n')).not.toContain(apiKey);
    for (const call of upstream.calls) {
      expect(call.url).not.toContain(apiKey);
      expect(call.headers['x-goog-api-key']).toBe(apiKey);
    }
  });
});
