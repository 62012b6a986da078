import type { ConformanceScript, MockUsage } from '../conformance-script.js';
import { createMockUpstream, type MockUpstream, type ScriptedRoute } from './create-mock-upstream.js';
import { type MockCall, type MockReply, type MockSseEvent, malformedJsonReply } from './mock-reply.js';

/** A function call in a scripted Gemini answer (Gemini calls carry no id unless `id` is set). */
export interface GeminiMockFunctionCall {
  name: string;
  args: Record<string, unknown>;
  id?: string;
}

/** Common options of the Gemini reply builders. */
export interface GeminiReplyOptions {
  /** TokenWise-convention counts: `outputTokens` includes `reasoningTokens` (written as `thoughtsTokenCount`). */
  usage?: MockUsage;
  /** Default `STOP`. */
  finishReason?: string;
  /** Default `gemini-2.5-flash`. */
  modelVersion?: string;
  /** Default `mock-response`. */
  responseId?: string;
  /** A thought part (`thought: true`) placed before the answer. */
  thought?: string;
}

const defaultModel = 'gemini-2.5-flash';

/** Gemini's `usageMetadata`: thoughts are counted apart from candidates, cached tokens inside the prompt count. */
export function geminiUsage(usage: MockUsage): Record<string, unknown> {
  const thoughts = usage.reasoningTokens ?? 0;
  return {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - thoughts),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    ...(usage.cachedInputTokens === undefined ? {} : { cachedContentTokenCount: usage.cachedInputTokens }),
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  };
}

/** A `GenerateContentResponse` body with one candidate. */
export function geminiResponseBody({
  parts,
  usage,
  ...options
}: Omit<GeminiReplyOptions, 'usage'> & { parts: unknown[]; usage?: MockUsage | null }): Record<
  string,
  unknown
> {
  return {
    candidates: [
      {
        content: { role: 'model', parts },
        ...(options.finishReason === undefined ? {} : { finishReason: options.finishReason }),
        index: 0,
      },
    ],
    ...(usage == null ? {} : { usageMetadata: geminiUsage(usage) }),
    modelVersion: options.modelVersion ?? defaultModel,
    responseId: options.responseId ?? 'mock-response',
  };
}

function thoughtParts(options: GeminiReplyOptions): unknown[] {
  return options.thought === undefined ? [] : [{ text: options.thought, thought: true }];
}

/** A 200 JSON text answer. */
export function geminiText(text: string, options: GeminiReplyOptions = {}): MockReply {
  return {
    type: 'json',
    body: geminiResponseBody({
      ...options,
      parts: [...thoughtParts(options), { text }],
      finishReason: options.finishReason ?? 'STOP',
      usage: options.usage ?? { inputTokens: 10, outputTokens: 5 },
    }),
  };
}

/** A 200 JSON answer with `functionCall` parts (Gemini says `STOP` for these too). */
export function geminiFunctionCall(
  calls: GeminiMockFunctionCall[],
  options: GeminiReplyOptions = {},
): MockReply {
  return {
    type: 'json',
    body: geminiResponseBody({
      ...options,
      parts: [...thoughtParts(options), ...calls.map(functionCallPart)],
      finishReason: options.finishReason ?? 'STOP',
      usage: options.usage ?? { inputTokens: 10, outputTokens: 5 },
    }),
  };
}

/** A 200 answer whose prompt was blocked: no candidates, `promptFeedback.blockReason`. */
export function geminiBlocked(
  blockReason = 'SAFETY',
  usage: MockUsage = { inputTokens: 8, outputTokens: 0 },
): MockReply {
  return {
    type: 'json',
    body: {
      promptFeedback: {
        blockReason,
        safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }],
      },
      usageMetadata: { promptTokenCount: usage.inputTokens, totalTokenCount: usage.inputTokens },
      modelVersion: defaultModel,
    },
  };
}

function functionCallPart(call: GeminiMockFunctionCall): unknown {
  return {
    functionCall: { ...(call.id === undefined ? {} : { id: call.id }), name: call.name, args: call.args },
  };
}

/** Options of the stream builders. */
export interface GeminiStreamOptions extends GeminiReplyOptions {
  /** Function calls sent whole in one chunk after the text (Gemini never splits them). */
  functionCalls?: GeminiMockFunctionCall[];
}

/**
 * The SSE events of `streamGenerateContent?alt=sse`: one `GenerateContentResponse` per event (no `event:` names,
 * no end marker), running usage on every chunk, the finish reason and final usage on the last one.
 */
export function geminiStreamEvents(deltas: string[], options: GeminiStreamOptions = {}): MockSseEvent[] {
  const usage = options.usage ?? { inputTokens: 10, outputTokens: Math.max(1, deltas.length) };
  const calls = options.functionCalls ?? [];
  const chunks: unknown[][] = [];
  if (options.thought !== undefined) chunks.push(thoughtParts(options));
  for (const text of deltas) chunks.push([{ text }]);
  if (calls.length > 0) chunks.push(calls.map(functionCallPart));
  if (chunks.length === 0) chunks.push([{ text: '' }]);
  return chunks.map((parts, index) => {
    const last = index === chunks.length - 1;
    // running counts: the prompt is known from the first chunk, output grows until the last:
    const running: MockUsage = last
      ? usage
      : {
          inputTokens: usage.inputTokens,
          outputTokens: Math.floor((usage.outputTokens * (index + 1)) / chunks.length),
        };
    const { thought: _thought, ...rest } = options;
    return {
      data: geminiResponseBody({
        ...rest,
        parts,
        usage: running,
        ...(last ? { finishReason: options.finishReason ?? 'STOP' } : {}),
      }),
    };
  });
}

/** A streamed text answer (SSE). */
export function geminiStream(deltas: string[], options: GeminiStreamOptions = {}): MockReply {
  return { type: 'sse', events: geminiStreamEvents(deltas, options) };
}

/** A streamed function-call answer (SSE). */
export function geminiFunctionCallStream(
  calls: GeminiMockFunctionCall[],
  options: GeminiStreamOptions = {},
): MockReply {
  return { type: 'sse', events: geminiStreamEvents([], { ...options, functionCalls: calls }) };
}

/** A stream that sends the text deltas without any finish reason and drops the connection. */
export function geminiCutStream(deltas: string[], options: GeminiStreamOptions = {}): MockReply {
  const events = geminiStreamEvents([...deltas, ''], options).slice(0, deltas.length);
  return { type: 'sse', events, cut: true };
}

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Options of `geminiError`. */
export interface GeminiErrorOptions {
  /** The `google.rpc.Code` name; default by HTTP status (`INVALID_ARGUMENT`, `RESOURCE_EXHAUSTED`, …). */
  status?: string;
  /** Sets `Retry-After` (seconds); Google also puts a `RetryInfo` detail in the body. */
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}

/** An error response with Google's body `{ error: { code, message, status } }`. */
export function geminiError(status: number, message: string, options: GeminiErrorOptions = {}): MockReply {
  return {
    type: 'json',
    status,
    body: {
      error: {
        code: status,
        message,
        status: options.status ?? statusNames[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'),
        ...(options.retryAfterSeconds === undefined
          ? {}
          : {
              details: [
                {
                  '@type': 'type.googleapis.com/google.rpc.RetryInfo',
                  retryDelay: `${options.retryAfterSeconds}s`,
                },
              ],
            }),
      },
    },
    headers: {
      ...(options.retryAfterSeconds === undefined
        ? {}
        : { 'retry-after': String(options.retryAfterSeconds) }),
      ...options.headers,
    },
  };
}

/** The model id and method of a Gemini request path (`…/models/gemini-2.5-flash:streamGenerateContent`). */
export function parseGeminiPath(path: string): { model: string; method: string } | undefined {
  const match = /\/models\/([^/:]+):([A-Za-z]+)$/.exec(path);
  return match === null ? undefined : { model: decodeURIComponent(match[1]!), method: match[2]! };
}

/**
 * The auto mode: answers `generateContent` / `streamGenerateContent` with `echo: <last user text>`. A key in the
 * query string is refused with a 400 (TokenWise must send it as `x-goog-api-key`); other methods get a 404.
 * Token counts are characters / 4, rounded up; a `maxOutputTokens` below the reply length truncates it with
 * `MAX_TOKENS`.
 */
export function geminiAutoReply(call: MockCall): MockReply {
  if (new URL(call.url).searchParams.has('key')) {
    return geminiError(400, 'mock upstream: send the API key in the x-goog-api-key header, not the URL.');
  }
  const target = parseGeminiPath(call.path);
  if (
    target === undefined ||
    (target.method !== 'generateContent' && target.method !== 'streamGenerateContent')
  ) {
    return geminiError(404, `mock upstream: method not found: ${call.path}`);
  }
  const body = (call.bodyJson ?? {}) as Record<string, unknown>;
  const contents = Array.isArray(body.contents) ? (body.contents as Array<Record<string, unknown>>) : [];
  const system = partsText((body.systemInstruction as { parts?: unknown } | undefined)?.parts);
  const promptText = [system, ...contents.map((content) => partsText(content.parts))].join('\n');
  const lastUser = [...contents].reverse().find((content) => content.role === 'user');
  let text = `echo: ${partsText(lastUser?.parts)}`;
  let finishReason = 'STOP';
  const limit = Number(
    (body.generationConfig as { maxOutputTokens?: unknown } | undefined)?.maxOutputTokens ??
      Number.POSITIVE_INFINITY,
  );
  if (Number.isFinite(limit) && Math.ceil(text.length / 4) > limit) {
    text = text.slice(0, Math.max(0, limit * 4));
    finishReason = 'MAX_TOKENS';
  }
  const usage: MockUsage = {
    inputTokens: Math.max(1, Math.ceil(promptText.length / 4)),
    outputTokens: Math.ceil(text.length / 4),
  };
  const options = { usage, finishReason, modelVersion: target.model };
  if (target.method === 'streamGenerateContent')
    return geminiStream(text.match(/\S+\s*|\s+/g) ?? [], options);
  return geminiText(text, options);
}

function partsText(parts: unknown): string {
  if (!Array.isArray(parts)) return '';
  return parts
    .map((part) => {
      const { text, functionResponse } = part as { text?: unknown; functionResponse?: unknown };
      if (typeof text === 'string') return text;
      return functionResponse === undefined ? '' : JSON.stringify(functionResponse);
    })
    .join('');
}

/** Options of `createGoogleMockUpstream`. */
export interface GoogleMockUpstreamOptions {
  /** The API version prefix, default `/v1beta` (clients use the mock's URL + `/v1beta` as base URL). */
  basePath?: string;
  /** Replaces the auto mode. */
  auto?: (call: MockCall) => MockReply;
}

/**
 * A mock of the Gemini API: `POST {basePath}/models/{model}:{method}` answered from the script, in auto mode by
 * default. The colon inside the last segment is not a Hono parameter, so the route takes the whole tail and the
 * auto mode parses it (`parseGeminiPath`). The official `@google/genai` SDK works against it with
 * `httpOptions.baseUrl` set to the mock's URL.
 */
export function createGoogleMockUpstream({
  basePath = '/v1beta',
  auto = geminiAutoReply,
}: GoogleMockUpstreamOptions = {}): MockUpstream {
  const routes: ScriptedRoute[] = [{ method: 'POST', path: `${basePath}/models/:tail{.+}` }];
  return createMockUpstream({ routes, auto });
}

/** The Gemini reply builders the conformance suite uses. */
export const geminiConformanceScript: ConformanceScript = {
  text: (text, usage) => geminiText(text, { usage }),
  stopReasonRaw: 'STOP',
  stream: (deltas, usage) => geminiStream(deltas, { usage }),
  error: (status, message, options) => geminiError(status, message, options),
  malformed: () => malformedJsonReply(),
  cutStream: (deltas) => geminiCutStream(deltas),
};
