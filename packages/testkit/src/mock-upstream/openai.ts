import type { ConformanceScript, MockUsage } from '../conformance-script.js';
import { createMockUpstream, type MockUpstream, type ScriptedRoute } from './create-mock-upstream.js';
import {
  type MockCall,
  type MockJsonReply,
  type MockReply,
  type MockSseEvent,
  type MockSseReply,
  malformedJsonReply,
} from './mock-reply.js';

/** A tool call in a scripted OpenAI answer; `arguments` objects are sent as JSON text. */
export interface OpenAIMockToolCall {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** Common options of the OpenAI reply builders. */
export interface OpenAIReplyOptions {
  usage?: MockUsage;
  /** Default `stop` (`tool_calls` for tool calls). */
  finishReason?: string;
  /** Default `gpt-4.1-mini-2025-04-14`. */
  model?: string;
  /** Default `chatcmpl-mock`. */
  id?: string;
}

const defaultModel = 'gpt-4.1-mini-2025-04-14';
const created = 1_767_225_600;

/** OpenAI's `usage` object: `prompt_tokens_details.cached_tokens`, `completion_tokens_details.reasoning_tokens`. */
export function openaiUsage(usage: MockUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
    ...(usage.cost === undefined ? {} : { cost: usage.cost }),
  };
}

/** A `chat.completion` body (the documented non-streaming response). */
export function openaiCompletionBody({
  text = null,
  toolCalls = [],
  ...options
}: OpenAIReplyOptions & { text?: string | null; toolCalls?: OpenAIMockToolCall[] }): Record<string, unknown> {
  return {
    id: options.id ?? 'chatcmpl-mock',
    object: 'chat.completion',
    created,
    model: options.model ?? defaultModel,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text,
          refusal: null,
          annotations: [],
          ...(toolCalls.length === 0
            ? {}
            : {
                tool_calls: toolCalls.map((call, index) => ({
                  id: call.id ?? `call_mock_${index}`,
                  type: 'function',
                  function: { name: call.name, arguments: argumentsText(call) },
                })),
              }),
        },
        logprobs: null,
        finish_reason: options.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
    usage: openaiUsage(options.usage ?? { inputTokens: 10, outputTokens: 5 }),
    service_tier: 'default',
    system_fingerprint: 'fp_mock',
  };
}

/** A 200 JSON text answer. */
export function openaiText(text: string, options: OpenAIReplyOptions = {}): MockJsonReply {
  return { type: 'json', body: openaiCompletionBody({ ...options, text }) };
}

/** A 200 JSON answer with tool calls (`finish_reason: tool_calls`). */
export function openaiToolCall(calls: OpenAIMockToolCall[], options: OpenAIReplyOptions = {}): MockJsonReply {
  return { type: 'json', body: openaiCompletionBody({ ...options, toolCalls: calls }) };
}

/** Options of the stream builders. */
export interface OpenAIStreamOptions extends OpenAIReplyOptions {
  /** Send the usage chunk (what `stream_options.include_usage` asks for). Default true. */
  includeUsage?: boolean;
  /** Put usage on the finish chunk itself instead of a separate `choices: []` chunk (some compatible servers). */
  usageOnFinishChunk?: boolean;
  /** Tool calls to stream after the text; arguments are split in two fragments. */
  toolCalls?: OpenAIMockToolCall[];
}

/** The SSE events of a streamed answer, `[DONE]` included. */
export function openaiStreamEvents(deltas: string[], options: OpenAIStreamOptions = {}): MockSseEvent[] {
  const { includeUsage = true, usageOnFinishChunk = false, toolCalls = [] } = options;
  const usage = options.usage ?? { inputTokens: 10, outputTokens: deltas.length };
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    data: {
      id: options.id ?? 'chatcmpl-mock',
      object: 'chat.completion.chunk',
      created,
      model: options.model ?? defaultModel,
      system_fingerprint: 'fp_mock',
      choices,
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    },
  });
  const events: MockSseEvent[] = [
    chunk([
      {
        index: 0,
        delta: { role: 'assistant', content: '', refusal: null },
        logprobs: null,
        finish_reason: null,
      },
    ]),
  ];
  for (const delta of deltas) {
    events.push(chunk([{ index: 0, delta: { content: delta }, logprobs: null, finish_reason: null }]));
  }
  toolCalls.forEach((call, index) => {
    const text = argumentsText(call);
    const half = Math.ceil(text.length / 2);
    events.push(
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index,
                id: call.id ?? `call_mock_${index}`,
                type: 'function',
                function: { name: call.name, arguments: '' },
              },
            ],
          },
          logprobs: null,
          finish_reason: null,
        },
      ]),
    );
    for (const fragment of [text.slice(0, half), text.slice(half)]) {
      events.push(
        chunk([
          {
            index: 0,
            delta: { tool_calls: [{ index, function: { arguments: fragment } }] },
            logprobs: null,
            finish_reason: null,
          },
        ]),
      );
    }
  });
  const finishReason = options.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
  const finishChoice = { index: 0, delta: {}, logprobs: null, finish_reason: finishReason };
  if (includeUsage && usageOnFinishChunk) {
    events.push(chunk([finishChoice], { usage: openaiUsage(usage) }));
  } else {
    events.push(chunk([finishChoice]));
    if (includeUsage) events.push(chunk([], { usage: openaiUsage(usage) }));
  }
  events.push({ data: '[DONE]' });
  return events;
}

/** A streamed text answer (SSE). */
export function openaiStream(deltas: string[], options: OpenAIStreamOptions = {}): MockSseReply {
  return { type: 'sse', events: openaiStreamEvents(deltas, options) };
}

/** A streamed tool-call answer (SSE, `finish_reason: tool_calls`). */
export function openaiToolCallStream(
  calls: OpenAIMockToolCall[],
  options: OpenAIStreamOptions = {},
): MockReply {
  return { type: 'sse', events: openaiStreamEvents([], { ...options, toolCalls: calls }) };
}

/** A stream that sends the deltas and drops the connection before any finish chunk or `[DONE]`. */
export function openaiCutStream(deltas: string[], options: OpenAIStreamOptions = {}): MockSseReply {
  const events = openaiStreamEvents(deltas, options).slice(0, deltas.length + 1);
  return { type: 'sse', events, cut: true };
}

/**
 * A stream that ignores max_tokens: the role chunk, then `delta` again and again (spaced by `eventDelayMs`,
 * default 2 ms) with no finish chunk, until the client goes away.
 */
export function openaiEndlessStream(
  delta = 'word ',
  options: OpenAIStreamOptions & { eventDelayMs?: number } = {},
): MockSseReply {
  const events = openaiStreamEvents([delta], options);
  return {
    type: 'sse',
    events: events.slice(0, 1),
    forever: events[1]!,
    eventDelayMs: options.eventDelayMs ?? 2,
  };
}

/** Options of `openaiError`. */
export interface OpenAIErrorOptions {
  /** Default by status: `invalid_request_error`, `authentication_error`, `rate_limit_error`, `server_error`… */
  type?: string;
  code?: string | null;
  param?: string | null;
  /** Sets `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}

/** An error response with OpenAI's body `{ error: { message, type, param, code } }`. */
export function openaiError(status: number, message: string, options: OpenAIErrorOptions = {}): MockReply {
  return {
    type: 'json',
    status,
    body: {
      error: {
        message,
        type: options.type ?? openaiErrorType(status),
        param: options.param ?? null,
        code: options.code ?? null,
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

function openaiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/**
 * The auto mode: answers any chat request with `echo: <last user text>`, as JSON or as a stream (with the usage
 * chunk when `stream_options.include_usage` is set). Token counts are characters / 4, rounded up; a
 * `max_tokens` / `max_completion_tokens` below the reply length truncates it with `finish_reason: length`.
 */
export function openaiAutoReply(
  call: MockCall,
  extra: { cost?: (usage: MockUsage) => number } = {},
): MockReply {
  const body = (call.bodyJson ?? {}) as Record<string, unknown>;
  const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  const promptText = messages.map((message) => messageText(message.content)).join('\n');
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  let text = `echo: ${messageText(lastUser?.content)}`;
  let finishReason = 'stop';
  const limit = Number(body.max_completion_tokens ?? body.max_tokens ?? Number.POSITIVE_INFINITY);
  if (Number.isFinite(limit) && Math.ceil(text.length / 4) > limit) {
    text = text.slice(0, Math.max(0, limit * 4));
    finishReason = 'length';
  }
  const usage: MockUsage = {
    inputTokens: Math.max(1, Math.ceil(promptText.length / 4)),
    outputTokens: Math.ceil(text.length / 4),
  };
  if (extra.cost !== undefined) usage.cost = extra.cost(usage);
  const model = typeof body.model === 'string' ? body.model : defaultModel;
  if (body.stream === true) {
    const includeUsage =
      (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    const deltas = text.match(/\S+\s*|\s+/g) ?? [];
    return openaiStream(deltas, { usage, finishReason, model, includeUsage });
  }
  return openaiText(text, { usage, finishReason, model });
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part as { type?: unknown; text?: unknown }).text)
    .filter((text): text is string => typeof text === 'string')
    .join('');
}

function argumentsText(call: OpenAIMockToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

/** Options of `createOpenAIMockUpstream`. */
export interface OpenAIMockUpstreamOptions {
  /** Path prefix of the API, default `/v1` (so clients use `<url>/v1` as base URL). */
  basePath?: string;
  /** Extra fixed routes (logged, not scripted). */
  fixedRoutes?: Parameters<typeof createMockUpstream>[0]['fixedRoutes'];
  /** Replaces the auto mode. */
  auto?: (call: MockCall) => MockReply;
}

/**
 * A mock of OpenAI's Chat Completions API: `POST {basePath}/chat/completions` answered from the script, in
 * auto mode by default. Works for any OpenAI-compatible client (the official `openai` SDK included).
 */
export function createOpenAIMockUpstream({
  basePath = '/v1',
  fixedRoutes,
  auto = (call) => openaiAutoReply(call),
}: OpenAIMockUpstreamOptions = {}): MockUpstream {
  const routes: ScriptedRoute[] = [{ method: 'POST', path: `${basePath}/chat/completions` }];
  return createMockUpstream({ routes, auto, fixedRoutes });
}

/** The OpenAI reply builders the conformance suite uses. */
export const openaiConformanceScript: ConformanceScript = {
  text: (text, usage) => openaiText(text, { usage }),
  stopReasonRaw: 'stop',
  stream: (deltas, usage) => openaiStream(deltas, { usage }),
  error: (status, message, options) => openaiError(status, message, options),
  malformed: () => malformedJsonReply(),
  cutStream: (deltas) => openaiCutStream(deltas),
};
