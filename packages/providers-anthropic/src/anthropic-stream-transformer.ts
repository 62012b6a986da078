import {
  type CallWarning,
  type FinishReason,
  InvalidResponseDataError,
  type StreamPart,
  type Usage,
} from '@tokenwise/spec';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic-api.js';
import { createAnthropicStreamError } from './anthropic-error.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/** One validated (or rejected) event of the Messages API stream. */
export type AnthropicStreamChunk =
  | { success: true; value: AnthropicStreamEvent }
  | { success: false; error: unknown };

interface ToolBlock {
  toolCallId: string;
  toolName: string;
  index: number;
  input: string;
  initialInput: unknown;
}

/**
 * Turns Messages API stream events into spec stream parts. State lives in the closure: usage comes in two
 * halves (input counts in `message_start`, cumulative output in `message_delta`), tool arguments arrive as
 * `input_json_delta` fragments and complete on `content_block_stop`. The stream ends with one `finish` part
 * on `message_stop`, or with one `error` part (an `error` event, an invalid event, or a stream cut before
 * `message_stop`); nothing is emitted after either.
 */
export function createAnthropicStreamTransformer(options: {
  warnings: CallWarning[];
  url: string;
}): TransformStream<AnthropicStreamChunk, StreamPart> {
  const usage: AnthropicUsage = {};
  let finishReason: FinishReason = { unified: 'unknown', raw: undefined };
  const toolBlocks = new Map<number, ToolBlock>();
  let toolCallCount = 0;
  let done = false;

  const finalUsage = (): Usage => convertAnthropicUsage(usage);
  const mergeUsage = (update: AnthropicUsage | null | undefined) => {
    if (update == null) return;
    // message_delta counts are cumulative, so later values replace earlier ones:
    for (const key of [
      'input_tokens',
      'output_tokens',
      'cache_creation_input_tokens',
      'cache_read_input_tokens',
    ] as const) {
      const value = update[key];
      if (value != null) usage[key] = value;
    }
  };

  return new TransformStream<AnthropicStreamChunk, StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: options.warnings });
    },
    transform(chunk, controller) {
      if (done) return;
      if (!chunk.success) {
        done = true;
        controller.enqueue({ type: 'error', error: chunk.error });
        return;
      }
      const event = chunk.value;
      switch (event.type) {
        case 'message_start':
          mergeUsage(event.message.usage);
          controller.enqueue({
            type: 'response-metadata',
            ...(event.message.id != null ? { id: event.message.id } : {}),
            ...(event.message.model != null ? { modelId: event.message.model } : {}),
          });
          break;
        case 'content_block_start': {
          const block = event.content_block;
          if (block.type === 'tool_use' && 'id' in block && 'name' in block) {
            toolBlocks.set(event.index, {
              toolCallId: String(block.id),
              toolName: String(block.name),
              index: toolCallCount++,
              input: '',
              initialInput: block.input,
            });
          } else if (
            block.type === 'redacted_thinking' &&
            'data' in block &&
            typeof block.data === 'string'
          ) {
            controller.enqueue({ type: 'redacted-reasoning', data: block.data });
          } else if (
            block.type === 'text' &&
            'text' in block &&
            typeof block.text === 'string' &&
            block.text
          ) {
            controller.enqueue({ type: 'text-delta', delta: block.text });
          }
          break;
        }
        case 'content_block_delta': {
          const delta = event.delta;
          if (delta.type === 'text_delta' && 'text' in delta && typeof delta.text === 'string') {
            controller.enqueue({ type: 'text-delta', delta: delta.text });
          } else if (
            delta.type === 'thinking_delta' &&
            'thinking' in delta &&
            typeof delta.thinking === 'string'
          ) {
            controller.enqueue({ type: 'reasoning-delta', delta: delta.thinking });
          } else if (
            delta.type === 'signature_delta' &&
            'signature' in delta &&
            typeof delta.signature === 'string'
          ) {
            controller.enqueue({ type: 'reasoning-signature', signature: delta.signature });
          } else if (delta.type === 'input_json_delta' && 'partial_json' in delta) {
            const tool = toolBlocks.get(event.index);
            const fragment = String(delta.partial_json);
            if (tool !== undefined && fragment !== '') {
              tool.input += fragment;
              controller.enqueue({
                type: 'tool-call-delta',
                index: tool.index,
                toolCallId: tool.toolCallId,
                toolName: tool.toolName,
                inputDelta: fragment,
              });
            }
          }
          break;
        }
        case 'content_block_stop': {
          const tool = toolBlocks.get(event.index);
          if (tool !== undefined) {
            toolBlocks.delete(event.index);
            controller.enqueue({
              type: 'tool-call',
              toolCallId: tool.toolCallId,
              toolName: tool.toolName,
              // a call without arguments streams no fragments; the start block then holds the whole input:
              input: tool.input !== '' ? tool.input : JSON.stringify(tool.initialInput ?? {}),
            });
          }
          break;
        }
        case 'message_delta':
          mergeUsage(event.usage);
          if (event.delta.stop_reason != null) finishReason = mapAnthropicStopReason(event.delta.stop_reason);
          break;
        case 'message_stop':
          done = true;
          controller.enqueue({ type: 'finish', finishReason, usage: finalUsage() });
          break;
        case 'error':
          done = true;
          controller.enqueue({ type: 'error', error: createAnthropicStreamError(event.error, options.url) });
          break;
        case 'ping':
        case 'unknown':
          break;
      }
    },
    flush(controller) {
      if (done) return;
      controller.enqueue({
        type: 'error',
        error: new InvalidResponseDataError({
          message: 'Anthropic stream ended before message_stop: the connection was cut; retry the call.',
          provider: 'anthropic',
          data: { usage: finalUsage() },
        }),
      });
    },
  });
}
