import type { ConformanceScript, MockUsage } from '../conformance-script.js';
import { createMockUpstream, type MockUpstream, type ScriptedRoute } from './create-mock-upstream.js';
import { type MockCall, type MockReply, type MockSseEvent, malformedJsonReply } from './mock-reply.js';

/** A tool call in a scripted Anthropic answer (`tool_use` block); `input` objects are sent as is. */
export interface AnthropicMockToolUse {
  id?: string;
  name: string;
  input: Record<string, unknown>;
}

/** Common options of the Anthropic reply builders. */
export interface AnthropicReplyOptions {
  /** TokenWise-convention counts: `inputTokens` includes `cachedInputTokens` (written as cache reads). */
  usage?: MockUsage;
  /** Prompt tokens written to the cache (`cache_creation_input_tokens`); counted inside `usage.inputTokens`. */
  cacheWriteTokens?: number;
  /** Default `end_turn` (`tool_use` for tool calls). */
  stopReason?: string;
  /** Default `claude-sonnet-4-5-20250929`. */
  model?: string;
  /** Default `msg_mock`. */
  id?: string;
  /** A `thinking` block placed before the answer. */
  thinking?: string;
}

const defaultModel = 'claude-sonnet-4-5-20250929';

/**
 * Anthropic's `usage` object. Anthropic's `input_tokens` excludes cache reads and writes, so they are taken out
 * of the TokenWise-convention `inputTokens`.
 */
export function anthropicUsage(usage: MockUsage, cacheWriteTokens = 0): Record<string, unknown> {
  const cacheRead = usage.cachedInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWriteTokens),
    cache_creation_input_tokens: cacheWriteTokens,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage.outputTokens,
  };
}

/** A Messages API response body (`type: message`). */
export function anthropicMessageBody({
  text,
  toolUses = [],
  ...options
}: AnthropicReplyOptions & { text?: string; toolUses?: AnthropicMockToolUse[] }): Record<string, unknown> {
  const content: unknown[] = [];
  if (options.thinking !== undefined) {
    content.push({ type: 'thinking', thinking: options.thinking, signature: 'mock-signature' });
  }
  if (text !== undefined) content.push({ type: 'text', text });
  toolUses.forEach((call, index) => {
    content.push({
      type: 'tool_use',
      id: call.id ?? `toolu_mock_${index}`,
      name: call.name,
      input: call.input,
    });
  });
  return {
    id: options.id ?? 'msg_mock',
    type: 'message',
    role: 'assistant',
    model: options.model ?? defaultModel,
    content,
    stop_reason: options.stopReason ?? (toolUses.length > 0 ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: anthropicUsage(options.usage ?? { inputTokens: 10, outputTokens: 5 }, options.cacheWriteTokens),
  };
}

/** A 200 JSON text answer. */
export function anthropicText(text: string, options: AnthropicReplyOptions = {}): MockReply {
  return { type: 'json', body: anthropicMessageBody({ ...options, text }) };
}

/** A 200 JSON answer with `tool_use` blocks (`stop_reason: tool_use`), optionally after some text. */
export function anthropicToolUse(
  calls: AnthropicMockToolUse[],
  options: AnthropicReplyOptions & { text?: string } = {},
): MockReply {
  return { type: 'json', body: anthropicMessageBody({ ...options, toolUses: calls }) };
}

/** Options of the stream builders. */
export interface AnthropicStreamOptions extends AnthropicReplyOptions {
  /** Tool calls streamed after the text; each input is split in two `input_json_delta` fragments. */
  toolUses?: AnthropicMockToolUse[];
}

/**
 * The named SSE events of a streamed answer, in the documented order: `message_start` (input usage),
 * `content_block_start/delta/stop` per block, a `ping`, `message_delta` (stop reason, cumulative output
 * tokens) and `message_stop`.
 */
export function anthropicStreamEvents(
  deltas: string[],
  options: AnthropicStreamOptions = {},
): MockSseEvent[] {
  const toolUses = options.toolUses ?? [];
  const usage = anthropicUsage(
    options.usage ?? { inputTokens: 10, outputTokens: Math.max(1, deltas.length) },
    options.cacheWriteTokens,
  );
  const event = (type: string, data: Record<string, unknown>): MockSseEvent => ({
    event: type,
    data: { type, ...data },
  });
  const events: MockSseEvent[] = [
    event('message_start', {
      message: {
        id: options.id ?? 'msg_mock',
        type: 'message',
        role: 'assistant',
        model: options.model ?? defaultModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
  ];
  let index = 0;
  if (options.thinking !== undefined) {
    events.push(
      event('content_block_start', {
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      }),
      event('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: options.thinking } }),
      event('content_block_delta', {
        index,
        delta: { type: 'signature_delta', signature: 'mock-signature' },
      }),
      event('content_block_stop', { index }),
    );
    index++;
  }
  if (deltas.length > 0) {
    events.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    events.push(event('ping', {}));
    for (const text of deltas)
      events.push(event('content_block_delta', { index, delta: { type: 'text_delta', text } }));
    events.push(event('content_block_stop', { index }));
    index++;
  }
  toolUses.forEach((call, ordinal) => {
    const input = JSON.stringify(call.input);
    const half = Math.ceil(input.length / 2);
    events.push(
      event('content_block_start', {
        index,
        content_block: {
          type: 'tool_use',
          id: call.id ?? `toolu_mock_${ordinal}`,
          name: call.name,
          input: {},
        },
      }),
      event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }),
      event('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: input.slice(0, half) },
      }),
      event('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: input.slice(half) },
      }),
      event('content_block_stop', { index }),
    );
    index++;
  });
  events.push(
    event('message_delta', {
      delta: {
        stop_reason: options.stopReason ?? (toolUses.length > 0 ? 'tool_use' : 'end_turn'),
        stop_sequence: null,
      },
      usage: { output_tokens: usage.output_tokens },
    }),
    event('message_stop', {}),
  );
  return events;
}

/** A streamed text answer (SSE). */
export function anthropicStream(deltas: string[], options: AnthropicStreamOptions = {}): MockReply {
  return { type: 'sse', events: anthropicStreamEvents(deltas, options) };
}

/** A streamed tool-use answer (SSE, `stop_reason: tool_use`). */
export function anthropicToolUseStream(
  calls: AnthropicMockToolUse[],
  options: AnthropicStreamOptions & { text?: string[] } = {},
): MockReply {
  return { type: 'sse', events: anthropicStreamEvents(options.text ?? [], { ...options, toolUses: calls }) };
}

/** A stream that sends the text deltas and drops the connection before `message_delta` / `message_stop`. */
export function anthropicCutStream(deltas: string[], options: AnthropicStreamOptions = {}): MockReply {
  const events = anthropicStreamEvents(deltas, options).filter(
    (event) =>
      event.event !== 'message_delta' &&
      event.event !== 'message_stop' &&
      event.event !== 'content_block_stop',
  );
  return { type: 'sse', events, cut: true };
}

/** A stream that sends the text deltas, then an `error` event (e.g. `overloaded_error`) and ends. */
export function anthropicStreamError(
  deltas: string[],
  error: { type: string; message: string } = { type: 'overloaded_error', message: 'Overloaded' },
  options: AnthropicStreamOptions = {},
): MockReply {
  const events = anthropicStreamEvents(deltas, options).filter(
    (event) =>
      event.event !== 'message_delta' &&
      event.event !== 'message_stop' &&
      event.event !== 'content_block_stop',
  );
  events.push({ event: 'error', data: { type: 'error', error } });
  return { type: 'sse', events };
}

/** Options of `anthropicError`. */
export interface AnthropicErrorOptions {
  /** Default by status: `invalid_request_error`, `authentication_error`, `rate_limit_error`, `overloaded_error`… */
  type?: string;
  /** Sets `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}

/** An error response with Anthropic's body `{ type: 'error', error: { type, message } }` and a `request-id`. */
export function anthropicError(
  status: number,
  message: string,
  options: AnthropicErrorOptions = {},
): MockReply {
  return {
    type: 'json',
    status,
    body: { type: 'error', error: { type: options.type ?? anthropicErrorType(status), message } },
    headers: {
      'request-id': 'req_mock',
      ...(options.retryAfterSeconds === undefined
        ? {}
        : { 'retry-after': String(options.retryAfterSeconds) }),
      ...options.headers,
    },
  };
}

function anthropicErrorType(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/**
 * The auto mode: answers with `echo: <last user text>`, as JSON or as a stream when `stream: true`. A request
 * without `max_tokens` gets the 400 the real API sends. Token counts are characters / 4, rounded up; a
 * `max_tokens` below the reply length truncates it with `stop_reason: max_tokens`.
 */
export function anthropicAutoReply(call: MockCall): MockReply {
  const body = (call.bodyJson ?? {}) as Record<string, unknown>;
  if (typeof body.max_tokens !== 'number') return anthropicError(400, 'max_tokens: Field required');
  const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  const systemText = blocksText(body.system);
  const promptText = [systemText, ...messages.map((message) => blocksText(message.content))].join('\n');
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  let text = `echo: ${blocksText(lastUser?.content)}`;
  let stopReason = 'end_turn';
  if (Math.ceil(text.length / 4) > body.max_tokens) {
    text = text.slice(0, Math.max(0, body.max_tokens * 4));
    stopReason = 'max_tokens';
  }
  const usage: MockUsage = {
    inputTokens: Math.max(1, Math.ceil(promptText.length / 4)),
    outputTokens: Math.ceil(text.length / 4),
  };
  const model = typeof body.model === 'string' ? body.model : defaultModel;
  if (body.stream === true) {
    return anthropicStream(text.match(/\S+\s*|\s+/g) ?? [], { usage, stopReason, model });
  }
  return anthropicText(text, { usage, stopReason, model });
}

function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => {
      const { type, text, content: inner } = block as { type?: unknown; text?: unknown; content?: unknown };
      if (type === 'tool_result') return blocksText(inner);
      return typeof text === 'string' ? text : '';
    })
    .join('');
}

/** Options of `createAnthropicMockUpstream`. */
export interface AnthropicMockUpstreamOptions {
  /** Prefix before `/v1/messages`, default none (so clients use the mock's URL as base URL). */
  basePath?: string;
  /** Replaces the auto mode. */
  auto?: (call: MockCall) => MockReply;
}

/**
 * A mock of Anthropic's Messages API: `POST {basePath}/v1/messages` answered from the script, in auto mode by
 * default. The official `@anthropic-ai/sdk` works against it with `baseURL` set to the mock's URL.
 */
export function createAnthropicMockUpstream({
  basePath = '',
  auto = anthropicAutoReply,
}: AnthropicMockUpstreamOptions = {}): MockUpstream {
  const routes: ScriptedRoute[] = [{ method: 'POST', path: `${basePath}/v1/messages` }];
  return createMockUpstream({ routes, auto });
}

/** The Anthropic reply builders the conformance suite uses. */
export const anthropicConformanceScript: ConformanceScript = {
  text: (text, usage) => anthropicText(text, { usage }),
  stopReasonRaw: 'end_turn',
  stream: (deltas, usage) => anthropicStream(deltas, { usage }),
  error: (status, message, options) => anthropicError(status, message, options),
  malformed: () => malformedJsonReply(),
  cutStream: (deltas) => anthropicCutStream(deltas),
};
