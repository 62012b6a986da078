// Test helper: hand-written fake models that return scripted results, errors and streams. The thing under test
// is the budget logic around a model, not a provider, so no wire format is involved here.
import {
  ApiCallError,
  type CallOptions,
  type GenerateResult,
  type LanguageModelV1,
  type ModelInfo,
  type StreamPart,
  type StreamResult,
  type Usage,
} from '@tokenwise/spec';

/** One scripted `doGenerate` answer: a result, an error to throw, or a function of the call options. */
export type GenerateScript =
  | GenerateResult
  | { error: unknown }
  | ((options: CallOptions) => GenerateResult | Promise<GenerateResult>);

/** One scripted stream: its parts (a `{ throw }` step makes the upstream read fail), or an error from doStream. */
export type StreamScript = Array<StreamPart | { throw: unknown }> | { error: unknown };

/** A fake model with the options of every call and the reasons its streams were cancelled with. */
export interface FakeModel extends LanguageModelV1 {
  calls: CallOptions[];
  cancelled: unknown[];
}

/** Scripts are used in order; the last one repeats. */
export function createFakeModel(options: {
  provider?: string;
  modelId?: string;
  generate?: GenerateScript[];
  stream?: StreamScript[];
}): FakeModel {
  const calls: CallOptions[] = [];
  const cancelled: unknown[] = [];
  const pick = <T>(scripts: T[] | undefined): T => {
    if (!scripts || scripts.length === 0) throw new Error('fake model: no script');
    return scripts[Math.min(calls.length - 1, scripts.length - 1)]!;
  };
  return {
    specificationVersion: 'v1',
    provider: options.provider ?? 'fake',
    modelId: options.modelId ?? 'fake-model',
    calls,
    cancelled,
    async doGenerate(callOptions) {
      calls.push(callOptions);
      const script = pick(options.generate);
      if (typeof script === 'function') return script(callOptions);
      if ('error' in script) throw script.error;
      return script;
    },
    async doStream(callOptions): Promise<StreamResult> {
      calls.push(callOptions);
      const script = pick(options.stream);
      if (!Array.isArray(script)) throw script.error;
      let index = 0;
      const stream = new ReadableStream<StreamPart>({
        pull(controller) {
          const step = script[index++];
          if (step === undefined) {
            controller.close();
            return;
          }
          if ('throw' in step) {
            controller.error(step.throw);
            return;
          }
          controller.enqueue(step);
        },
        cancel(reason) {
          cancelled.push(reason);
        },
      });
      return { stream };
    },
  };
}

/** A catalog entry priced $1 / M input and $2 / M output unless overridden. */
export function fakeInfo(overrides: Partial<ModelInfo> = {}): ModelInfo {
  return {
    id: 'fake/model',
    name: 'Fake',
    provider: 'fake',
    pricing: { inputPerMillion: 1, outputPerMillion: 2 },
    contextWindow: 128_000,
    maxOutputTokens: 16_000,
    capabilities: ['general'],
    tier: 'budget',
    inputModalities: ['text'],
    supportedParameters: [],
    ...overrides,
  };
}

/** Usage with the two main counts. */
export function usageOf(inputTokens: number | undefined, outputTokens: number | undefined): Usage {
  return { inputTokens, outputTokens };
}

/** A plain text answer. */
export function textResult(text: string, usage: Usage): GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage,
    warnings: [],
  };
}

/** Reads a whole stream. */
export async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const parts: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

/** A counter that says every prompt has `tokens` tokens. */
export const fixedTokens = (tokens: number) => () => tokens;

/** The part every stream opens with. */
export const streamStart: StreamPart = { type: 'stream-start', warnings: [] };

/** A text part of a stream. */
export const textDelta = (delta: string): StreamPart => ({ type: 'text-delta', delta });

/** A one-message prompt: the user says "hi". */
export const hiPrompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];

/** An upstream HTTP error with this status, as a provider adapter raises it. */
export function apiError(statusCode: number): ApiCallError {
  return new ApiCallError({
    message: `status ${statusCode}`,
    provider: 'fake',
    url: 'https://fake.test',
    statusCode,
  });
}
