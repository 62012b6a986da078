import type { StreamPart, Usage } from '@tokenwise/spec';
import type { ClientCost } from '../../gateway/client-cost.js';
import { sseFrame } from '../shared/sse-frame.js';
import type { AnthropicErrorBody } from './anthropic-http-error.js';
import { toAnthropicUsage } from './to-anthropic-usage.js';
import { toStopReason } from './to-stop-reason.js';

type OpenBlock =
  | { kind: 'text'; index: number }
  | { kind: 'thinking'; index: number; signed: boolean }
  | { kind: 'tool'; index: number; toolCallId: string; input: string };

/** Encodes one streamed answer as Anthropic's SSE events. Each method returns ready-to-send frames (maybe ''). */
export interface AnthropicStreamEncoder {
  /** `message_start`, with the input tokens known before the call (the prompt count). */
  start(inputTokens: number): string;
  /** Content parts → `content_block_start/delta/stop`; other parts give ''. `finish` and `error` have their own. */
  part(part: StreamPart): string;
  /** Closes the open block, then `message_delta` (stop_reason, usage with cost) and `message_stop`. */
  finish(part: Extract<StreamPart, { type: 'finish' }>, cost: ClientCost): string;
  /** An `error` event: a failure after the first byte ends the stream visibly, never silently. */
  error(body: AnthropicErrorBody): string;
  /** A keep-alive `ping`. */
  ping(): string;
}

/**
 * Creates the encoder. Blocks open and close as the part kind changes: text, thinking (a signature closes a
 * thinking block, so the next reasoning opens a new one), redacted thinking (a whole block at once) and one
 * `tool_use` block per call with `input_json_delta` fragments. A completed `tool-call` whose fragments were
 * not streamed is sent whole.
 */
export function createAnthropicStreamEncoder(options: { id: string; model: string }): AnthropicStreamEncoder {
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  const seenTools = new Set<string>();

  const stop = (): string => {
    if (open === undefined) return '';
    const frame = sseFrame('content_block_stop', { type: 'content_block_stop', index: open.index });
    open = undefined;
    return frame;
  };
  const begin = (block: object, next: OpenBlock): string => {
    open = next;
    return sseFrame('content_block_start', {
      type: 'content_block_start',
      index: next.index,
      content_block: block,
    });
  };
  const delta = (index: number, payload: object) =>
    sseFrame('content_block_delta', { type: 'content_block_delta', index, delta: payload });

  const text = (value: string): string => {
    let out = '';
    if (open?.kind !== 'text') {
      out += stop() + begin({ type: 'text', text: '' }, { kind: 'text', index: nextIndex++ });
    }
    return out + delta((open as OpenBlock).index, { type: 'text_delta', text: value });
  };
  const thinkingBlock = (): string => {
    if (open?.kind === 'thinking' && !open.signed) return '';
    return (
      stop() +
      begin(
        { type: 'thinking', thinking: '', signature: '' },
        { kind: 'thinking', index: nextIndex++, signed: false },
      )
    );
  };
  const toolDelta = (toolCallId: string, toolName: string, fragment: string): string => {
    let out = '';
    if (open?.kind !== 'tool' || open.toolCallId !== toolCallId) {
      // a call that was already closed cannot be reopened; its late fragments are dropped from the stream
      if (seenTools.has(toolCallId)) return '';
      seenTools.add(toolCallId);
      out +=
        stop() +
        begin(
          { type: 'tool_use', id: toolCallId, name: toolName, input: {} },
          { kind: 'tool', index: nextIndex++, toolCallId, input: '' },
        );
    }
    const tool = open as Extract<OpenBlock, { kind: 'tool' }>;
    if (fragment === '') return out;
    tool.input += fragment;
    return out + delta(tool.index, { type: 'input_json_delta', partial_json: fragment });
  };

  return {
    start: (inputTokens) =>
      sseFrame('message_start', {
        type: 'message_start',
        message: {
          id: options.id,
          type: 'message',
          role: 'assistant',
          model: options.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: inputTokens, output_tokens: 0 },
        },
      }),
    part(part) {
      switch (part.type) {
        case 'text-delta':
          return part.delta === '' ? '' : text(part.delta);
        case 'reasoning-delta': {
          if (part.delta === '') return '';
          const out = thinkingBlock();
          return out + delta((open as OpenBlock).index, { type: 'thinking_delta', thinking: part.delta });
        }
        case 'reasoning-signature': {
          const out = thinkingBlock();
          const block = open as Extract<OpenBlock, { kind: 'thinking' }>;
          block.signed = true;
          return out + delta(block.index, { type: 'signature_delta', signature: part.signature });
        }
        case 'redacted-reasoning':
          return (
            stop() +
            begin({ type: 'redacted_thinking', data: part.data }, { kind: 'text', index: nextIndex++ }) +
            stop()
          );
        case 'tool-call-delta':
          return toolDelta(part.toolCallId, part.toolName, part.inputDelta);
        case 'tool-call': {
          const streamed =
            open?.kind === 'tool' && open.toolCallId === part.toolCallId ? open.input : undefined;
          if (seenTools.has(part.toolCallId) && streamed === undefined) return '';
          let out = toolDelta(part.toolCallId, part.toolName, '');
          const sent = streamed ?? '';
          const rest = part.input.startsWith(sent) ? part.input.slice(sent.length) : '';
          if (rest !== '') out += toolDelta(part.toolCallId, part.toolName, rest);
          return out + stop();
        }
        default:
          return '';
      }
    },
    finish(part, cost) {
      return (
        stop() +
        sseFrame('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: toStopReason(part.finishReason), stop_sequence: null },
          usage: finalUsage(part.usage, cost),
        }) +
        sseFrame('message_stop', { type: 'message_stop' })
      );
    },
    error: (body) => sseFrame('error', body),
    ping: () => sseFrame('ping', { type: 'ping' }),
  };
}

function finalUsage(usage: Usage, cost: ClientCost) {
  const wire = toAnthropicUsage(usage, cost);
  // message_delta counts are cumulative totals; a null cache counter is left out rather than sent as null
  return {
    output_tokens: wire.output_tokens,
    input_tokens: wire.input_tokens,
    ...(wire.cache_creation_input_tokens !== null
      ? { cache_creation_input_tokens: wire.cache_creation_input_tokens }
      : {}),
    ...(wire.cache_read_input_tokens !== null
      ? { cache_read_input_tokens: wire.cache_read_input_tokens }
      : {}),
    ...(wire.cost !== undefined ? { cost: wire.cost } : {}),
  };
}
