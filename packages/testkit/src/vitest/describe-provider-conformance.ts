import {
  ApiCallError,
  InvalidResponseDataError,
  type LanguageModelV1,
  type StreamPart,
} from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import type { ConformanceScript } from '../conformance-script.js';
import type { MockUpstream } from '../mock-upstream/create-mock-upstream.js';
import { hangReply } from '../mock-upstream/mock-reply.js';
import { runawayFetch } from '../runaway-fetch.js';

/** Options of `describeProviderConformance`. */
export interface ProviderConformanceOptions {
  /** Suite name, e.g. `openai`. */
  name: string;
  /** A fresh mock upstream of the provider's dialect. */
  createUpstream: () => MockUpstream;
  /** The model under test, wired to the mock through `fetch` and using exactly `apiKey`. */
  createModel: (options: { fetch: typeof globalThis.fetch; apiKey: string }) => LanguageModelV1;
  /** The dialect's reply builders. */
  script: ConformanceScript;
  /** A fake key; the suite checks it appears in no error. Default `sk-conformance-SECRET-0123456789abcdef`. */
  apiKey?: string;
}

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Say hello' }] }];

/**
 * The behaviour every provider adapter must share, as one vitest `describe` block: text generation with usage,
 * streams ending in a `finish` with usage, `finishReason.raw` kept, HTTP errors as `ApiCallError` (401 not
 * retryable; 429 retryable with `retryAfterMs`; 500 retryable), malformed JSON as `InvalidResponseDataError`, a
 * cut stream as a final `error` part, a body past `maxResponseBytes` cut off as `InvalidResponseDataError`
 * (billed, unread), aborts rejecting with the caller's abort reason (an `AbortError`), and the API key absent
 * from every error (all own fields, `cause` chain and stack, even when the vendor echoes it).
 */
export function describeProviderConformance({
  name,
  createUpstream,
  createModel,
  script,
  apiKey = 'sk-conformance-SECRET-0123456789abcdef',
}: ProviderConformanceOptions): void {
  const setup = () => {
    const upstream = createUpstream();
    const model = createModel({ fetch: upstream.fetch, apiKey });
    return { upstream, model };
  };

  describe(`${name} provider conformance`, () => {
    it('generates text with usage and keeps the raw finish reason', async () => {
      const { upstream, model } = setup();
      upstream.enqueue(script.text('Hello there!', { inputTokens: 12, outputTokens: 4 }));
      const result = await model.doGenerate({ prompt });
      const text = result.content
        .filter((part) => part.type === 'text')
        .map((part) => part.text)
        .join('');
      expect(text).toBe('Hello there!');
      expect(result.usage.inputTokens).toBe(12);
      expect(result.usage.outputTokens).toBe(4);
      expect(result.finishReason).toEqual({ unified: 'stop', raw: script.stopReasonRaw });
      expect(upstream.calls).toHaveLength(1);
    });

    it('streams text and ends with exactly one finish part carrying usage', async () => {
      const { upstream, model } = setup();
      upstream.enqueue(script.stream(['Hel', 'lo', '!'], { inputTokens: 9, outputTokens: 3 }));
      const parts = await readAll((await model.doStream({ prompt })).stream);
      const text = parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
      expect(text).toBe('Hello!');
      const last = parts.at(-1);
      expect(last?.type).toBe('finish');
      expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
      expect(parts.some((part) => part.type === 'error')).toBe(false);
      if (last?.type !== 'finish') throw new Error('unreachable');
      expect(last.usage.inputTokens).toBe(9);
      expect(last.usage.outputTokens).toBe(3);
      expect(last.finishReason).toEqual({ unified: 'stop', raw: script.stopReasonRaw });
    });

    it('maps 401 to a non-retryable ApiCallError with the vendor message', async () => {
      const { upstream, model } = setup();
      upstream.enqueue(script.error(401, 'Invalid authentication credentials'));
      const error = await rejection(model.doGenerate({ prompt }));
      expect(ApiCallError.isInstance(error)).toBe(true);
      const apiError = error as ApiCallError;
      expect(apiError.statusCode).toBe(401);
      expect(apiError.isRetryable).toBe(false);
      expect(apiError.message).toContain('Invalid authentication credentials');
      expect(apiError.provider).toBe(model.provider);
    });

    it('maps 429 with Retry-After to a retryable ApiCallError with retryAfterMs', async () => {
      const { upstream, model } = setup();
      upstream.enqueue(script.error(429, 'Rate limit reached', { retryAfterSeconds: 2 }));
      const error = (await rejection(model.doGenerate({ prompt }))) as ApiCallError;
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error.statusCode).toBe(429);
      expect(error.isRetryable).toBe(true);
      expect(error.retryAfterMs).toBe(2000);
    });

    it('maps 500 to a retryable ApiCallError, in doStream too', async () => {
      const { upstream, model } = setup();
      upstream.enqueue(script.error(500, 'The server had an error'), script.error(503, 'Overloaded'));
      const generateError = (await rejection(model.doGenerate({ prompt }))) as ApiCallError;
      expect(generateError.statusCode).toBe(500);
      expect(generateError.isRetryable).toBe(true);
      const streamError = (await rejection(model.doStream({ prompt }))) as ApiCallError;
      expect(ApiCallError.isInstance(streamError)).toBe(true);
      expect(streamError.statusCode).toBe(503);
      expect(streamError.isRetryable).toBe(true);
    });

    it('rejects malformed JSON with InvalidResponseDataError', async () => {
      const { upstream, model } = setup();
      upstream.enqueue(script.malformed());
      const error = await rejection(model.doGenerate({ prompt }));
      expect(InvalidResponseDataError.isInstance(error)).toBe(true);
    });

    it('ends a cut stream with an error part and no finish part', async () => {
      const { upstream, model } = setup();
      upstream.enqueue(script.cutStream(['partial ', 'answer']));
      const parts = await readAll((await model.doStream({ prompt })).stream);
      expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(0);
      expect(parts.at(-1)?.type).toBe('error');
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
    });

    it('rejects with the caller abort reason (AbortError) when aborted while waiting', async () => {
      const { upstream, model } = setup();
      upstream.enqueue(hangReply(), hangReply());
      const controller = new AbortController();
      const pending = model.doGenerate({ prompt, abortSignal: controller.signal });
      setTimeout(() => controller.abort(), 10);
      const error = await rejection(pending);
      expect((error as Error).name).toBe('AbortError');

      const streamController = new AbortController();
      const pendingStream = model.doStream({ prompt, abortSignal: streamController.signal });
      setTimeout(() => streamController.abort(), 10);
      expect(((await rejection(pendingStream)) as Error).name).toBe('AbortError');
    });

    it('never shows the API key in any error, even when the vendor echoes it', async () => {
      const { upstream, model } = setup();
      upstream.enqueue(
        script.error(401, `Incorrect API key provided: ${apiKey}`),
        script.error(500, `internal error for ${apiKey}`),
        script.malformed(),
      );
      const errors = [
        await rejection(model.doGenerate({ prompt })),
        await rejection(model.doGenerate({ prompt })),
        await rejection(model.doGenerate({ prompt })),
      ];
      const brokenModel = createModel({
        apiKey,
        fetch: async () => {
          throw new TypeError(`fetch failed: connect ECONNREFUSED (key ${apiKey})`, {
            cause: new Error(`socket closed for ${apiKey}`),
          });
        },
      });
      errors.push(await rejection(brokenModel.doGenerate({ prompt })));
      upstream.enqueue(script.cutStream(['x']));
      const parts = await readAll((await model.doStream({ prompt })).stream);
      errors.push(parts.at(-1));
      for (const error of errors) {
        expect(error).toBeDefined();
        expect(serializeError(error)).not.toContain(apiKey);
      }
    });

    it('stops reading a non-streamed body past maxResponseBytes and reports it as billed (InvalidResponseDataError)', async () => {
      const { fetch, state } = runawayFetch();
      const model = createModel({ fetch, apiKey });
      const error = await Promise.resolve(
        model.doGenerate({ prompt, maxOutputTokens: 10, maxResponseBytes: 200_000 }),
      ).catch((e: unknown) => e);
      expect(InvalidResponseDataError.isInstance(error)).toBe(true);
      expect(state.cancelled).toBe(true);
      expect(state.chunks).toBeLessThan(10);
    });
  });
}

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

async function readAll(stream: ReadableStream<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

/**
 * Every own property (enumerable or not), the `cause` chain, stacks and nested objects of an error as one
 * string, for "the secret appears nowhere" assertions.
 */
export function serializeError(error: unknown): string {
  const seen = new Set<unknown>();
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 8) return value;
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(value)) {
      out[key] = walk((value as Record<string, unknown>)[key], depth + 1);
    }
    return out;
  };
  return `${JSON.stringify(walk(error, 0))}\n${String(error)}\n${(error as { stack?: unknown } | null)?.stack ?? ''}`;
}
