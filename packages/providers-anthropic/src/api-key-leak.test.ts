import type { StreamPart } from '@tokenwise/spec';
import {
  anthropicCutStream,
  anthropicError,
  anthropicStreamError,
  createAnthropicMockUpstream,
} from '@tokenwise/testkit';
import { serializeError } from '@tokenwise/testkit/vitest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAnthropic } from './anthropic-provider.js';

const apiKey = 'sk-ant-api03-LEAKCHECK-9a8b7c6d5e4f';
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

describe('Anthropic API key hygiene', () => {
  it('keeps the key out of every error, error part and console output, even when the vendor echoes it', async () => {
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => serializeError(arg)).join(' '));
      });
    }
    const upstream = createAnthropicMockUpstream();
    const model = createAnthropic({ apiKey, fetch: upstream.fetch })('claude-x');
    upstream.enqueue(
      anthropicError(401, `invalid x-api-key: ${apiKey}`),
      anthropicError(529, `overloaded while serving ${apiKey}`),
      anthropicStreamError(['partial'], { type: 'api_error', message: `internal error for key ${apiKey}` }),
      anthropicCutStream(['x']),
    );
    const outcomes: unknown[] = [
      await collect(model.doGenerate({ prompt })),
      await collect(model.doGenerate({ prompt })),
      await lastPart((await model.doStream({ prompt })).stream),
      await lastPart((await model.doStream({ prompt })).stream),
    ];
    const offline = createAnthropic({
      apiKey,
      fetch: async () => {
        throw new TypeError(`getaddrinfo ENOTFOUND (x-api-key ${apiKey})`);
      },
    })('claude-x');
    outcomes.push(await collect(offline.doGenerate({ prompt })));

    expect(outcomes.every((outcome) => outcome !== undefined)).toBe(true);
    for (const outcome of outcomes) expect(serializeError(outcome)).not.toContain(apiKey);
    expect(logged.join('\n')).not.toContain(apiKey);
    // the key was really sent, so the redaction above is what kept it out:
    expect(upstream.calls.every((call) => call.headers['x-api-key'] === apiKey)).toBe(true);
  });
});
