import type { StreamPart } from '@tokenwise/spec';
import type { OpenAIErrorBody } from '../../errors/openai-http-error.js';
import type { ClientCost } from '../../gateway/client-cost.js';
import { sseFrame } from '../shared/sse-frame.js';
import {
  emptyResponse,
  finalStatus,
  type OutputItem,
  type OutputTextPart,
  type ResponseContext,
} from './response-object.js';
import { toResponsesUsage } from './to-responses-usage.js';

type Open =
  | { kind: 'message'; index: number; id: string; text: string }
  | { kind: 'reasoning'; index: number; id: string; text: string }
  | { kind: 'call'; index: number; id: string; callId: string; name: string; args: string };

/** Encodes one streamed answer as the Responses API's typed SSE events. Methods return ready frames (maybe ''). */
export interface ResponsesStreamEncoder {
  /** `response.created` then `response.in_progress`. */
  start(): string;
  /** Content parts → item/part/delta events; other parts give ''. */
  part(part: StreamPart): string;
  /** Closes the open item, then `response.completed` (or `response.incomplete`) with usage and cost. */
  finish(part: Extract<StreamPart, { type: 'finish' }>, cost: ClientCost): string;
  /** A failure after the first byte: `response.failed` with the error, never a silently cut stream. */
  error(body: OpenAIErrorBody): string;
  /** The output items sent so far (for a `ResponseItemCache`). */
  items(): readonly OutputItem[];
}

/**
 * Creates the encoder. Every event carries `sequence_number` (0, 1, 2, …). Items open and close as the part
 * kind changes: a `message` item with one `output_text` part, a `reasoning` item with one `reasoning_text`
 * part, one `function_call` item per tool call; each closes with its `…done` events in the documented order
 * (text/arguments done, content part done, output item done).
 */
export function createResponsesStreamEncoder(context: ResponseContext): ResponsesStreamEncoder {
  let sequence = 0;
  let open: Open | undefined;
  const output: OutputItem[] = [];
  const closedCalls = new Set<string>();
  const event = (type: string, data: object) =>
    sseFrame(type, { type, sequence_number: sequence++, ...data });
  const snapshot = () => ({ ...emptyResponse(context), output: [...output] });

  const close = (): string => {
    if (open === undefined) return '';
    const item = open;
    open = undefined;
    const at = { item_id: item.id, output_index: item.index };
    if (item.kind === 'message') {
      const part: OutputTextPart = { type: 'output_text', text: item.text, annotations: [], logprobs: [] };
      const done: OutputItem = {
        type: 'message',
        id: item.id,
        status: 'completed',
        role: 'assistant',
        content: [part],
      };
      output[item.index] = done;
      return (
        event('response.output_text.done', { ...at, content_index: 0, text: item.text, logprobs: [] }) +
        event('response.content_part.done', { ...at, content_index: 0, part }) +
        event('response.output_item.done', { output_index: item.index, item: done })
      );
    }
    if (item.kind === 'reasoning') {
      const part = { type: 'reasoning_text', text: item.text } as const;
      const done: OutputItem = {
        type: 'reasoning',
        id: item.id,
        summary: [],
        content: [part],
        status: 'completed',
      };
      output[item.index] = done;
      return (
        event('response.reasoning_text.done', { ...at, content_index: 0, text: item.text }) +
        event('response.content_part.done', { ...at, content_index: 0, part }) +
        event('response.output_item.done', { output_index: item.index, item: done })
      );
    }
    closedCalls.add(item.callId);
    const done: OutputItem = {
      type: 'function_call',
      id: item.id,
      call_id: item.callId,
      name: item.name,
      arguments: item.args,
      status: 'completed',
    };
    output[item.index] = done;
    return (
      event('response.function_call_arguments.done', { ...at, name: item.name, arguments: item.args }) +
      event('response.output_item.done', { output_index: item.index, item: done })
    );
  };

  const openText = (kind: 'message' | 'reasoning'): string => {
    if (open?.kind === kind) return '';
    const index = output.length;
    const id = `${kind === 'message' ? 'msg' : 'rs'}_${context.id}_${index}`;
    let out = close();
    const item: OutputItem =
      kind === 'message'
        ? { type: 'message', id, status: 'in_progress', role: 'assistant', content: [] }
        : { type: 'reasoning', id, summary: [], content: [] };
    output.push(item);
    open = { kind, index, id, text: '' };
    const part =
      kind === 'message'
        ? { type: 'output_text', text: '', annotations: [], logprobs: [] }
        : { type: 'reasoning_text', text: '' };
    out += event('response.output_item.added', { output_index: index, item });
    out += event('response.content_part.added', { item_id: id, output_index: index, content_index: 0, part });
    return out;
  };

  const callDelta = (callId: string, name: string, fragment: string): string => {
    let out = '';
    if (open?.kind !== 'call' || open.callId !== callId) {
      // a closed call cannot be reopened; the complete `tool-call` part already carried its arguments
      if (closedCalls.has(callId)) return '';
      out += close();
      const index = output.length;
      const id = `fc_${context.id}_${index}`;
      const item: OutputItem = {
        type: 'function_call',
        id,
        call_id: callId,
        name,
        arguments: '',
        status: 'in_progress',
      };
      output.push(item);
      open = { kind: 'call', index, id, callId, name, args: '' };
      out += event('response.output_item.added', { output_index: index, item });
    }
    if (fragment === '') return out;
    const call = open as Extract<Open, { kind: 'call' }>;
    call.args += fragment;
    return (
      out +
      event('response.function_call_arguments.delta', {
        item_id: call.id,
        output_index: call.index,
        delta: fragment,
      })
    );
  };

  return {
    start: () => {
      const response = snapshot();
      return event('response.created', { response }) + event('response.in_progress', { response });
    },
    part(part) {
      switch (part.type) {
        case 'text-delta':
        case 'reasoning-delta': {
          if (part.delta === '') return '';
          const kind = part.type === 'text-delta' ? 'message' : 'reasoning';
          const out = openText(kind);
          const item = open as Extract<Open, { kind: 'message' | 'reasoning' }>;
          item.text += part.delta;
          const type = kind === 'message' ? 'response.output_text.delta' : 'response.reasoning_text.delta';
          const extra = kind === 'message' ? { logprobs: [] } : {};
          return (
            out +
            event(type, {
              item_id: item.id,
              output_index: item.index,
              content_index: 0,
              delta: part.delta,
              ...extra,
            })
          );
        }
        case 'tool-call-delta':
          return callDelta(part.toolCallId, part.toolName, part.inputDelta);
        case 'tool-call': {
          if (closedCalls.has(part.toolCallId)) return '';
          let out = callDelta(part.toolCallId, part.toolName, '');
          const call = open as Extract<Open, { kind: 'call' }>;
          const rest = part.input.startsWith(call.args) ? part.input.slice(call.args.length) : '';
          if (rest !== '') out += callDelta(part.toolCallId, part.toolName, rest);
          return out + close();
        }
        default:
          return '';
      }
    },
    finish(part, cost) {
      const out = close();
      const status = finalStatus(part.finishReason);
      const response = { ...snapshot(), ...status, usage: toResponsesUsage(part.usage, cost) };
      const type = status.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
      return out + event(type, { response });
    },
    error(body) {
      const out = close();
      const response = {
        ...snapshot(),
        status: 'failed',
        error: { code: body.error.code ?? body.error.type, message: body.error.message },
      };
      return out + event('response.failed', { response });
    },
    items: () => [...output],
  };
}
