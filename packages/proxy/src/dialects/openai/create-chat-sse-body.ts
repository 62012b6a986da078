import type { EngineStreamResult } from '@tokenwise/core';
import type { StreamPart } from '@tokenwise/spec';
import { toOpenAIError } from '../../errors/to-openai-error.js';
import { clientCost } from '../../gateway/client-cost.js';
import type { ProxyTrace } from '../../gateway/proxy-trace.js';
import type { ChunkEncoder } from './chunk-encoder.js';
import { toOpenAIFinishReason } from './to-finish-reason.js';
import { toOpenAIUsage } from './to-openai-usage.js';

/**
 * The SSE body of a streamed chat completion over the engine's stream: a role chunk, the deltas, then either the
 * finish chunk (with `usage.cost`, the settled cost) and `[DONE]`, or — when the upstream broke after content
 * was sent — an OpenAI-style error event. A client that goes away cancels the engine's stream, which stops the
 * upstream and settles what was produced.
 */
export function createChatSseBody(options: {
  answer: EngineStreamResult;
  encoder: ChunkEncoder;
  includeUsage: boolean;
  trace: (state: 'completed' | 'failed') => ProxyTrace | undefined;
}): ReadableStream<Uint8Array> {
  const { answer, encoder, includeUsage } = options;
  const reader = answer.stream.getReader();
  const bytes = new TextEncoder();
  const toolCallIds = new Set<string>();
  let nextToolIndex = 0;
  let failed = false;
  let ended = false;

  const usageOf = (part: Extract<StreamPart, { type: 'finish' }>) =>
    toOpenAIUsage(part.usage, clientCost(answer.modelInfo, answer.cost() ?? 0n, part.usage));

  const encode = (part: StreamPart): string => {
    switch (part.type) {
      case 'text-delta':
        return encoder.text(part.delta);
      case 'reasoning-delta':
        return encoder.reasoning(part.delta);
      case 'tool-call-delta': {
        const first = !toolCallIds.has(part.toolCallId);
        if (first) {
          toolCallIds.add(part.toolCallId);
          nextToolIndex = Math.max(nextToolIndex, part.index + 1);
        }
        return encoder.toolCall(part.index, part.toolCallId, part.toolName, part.inputDelta, first);
      }
      case 'tool-call': {
        // Providers that stream deltas also report the completed call; only unseen calls are sent.
        if (toolCallIds.has(part.toolCallId)) return '';
        toolCallIds.add(part.toolCallId);
        return encoder.toolCall(nextToolIndex++, part.toolCallId, part.toolName, part.input, true);
      }
      case 'error':
        failed = true;
        return '';
      case 'finish': {
        ended = true;
        const usage = usageOf(part);
        if (failed) {
          // The engine follows a late failure with a finish part carrying the partial usage.
          return `${includeUsage ? encoder.usage(usage) : ''}${encoder.error(toOpenAIError(lastError).toBody())}`;
        }
        const usageChunk = includeUsage ? encoder.usage(usage) : '';
        const finish = encoder.finish(
          toOpenAIFinishReason(part.finishReason),
          includeUsage ? undefined : usage,
          options.trace('completed'),
        );
        return `${finish}${usageChunk}${encoder.done()}`;
      }
      default:
        return '';
    }
  };
  let lastError: unknown;

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(bytes.encode(encoder.role()));
      },
      async pull(controller) {
        let text = '';
        while (text === '' && !ended) {
          const next = await reader.read();
          if (next.done) {
            ended = true;
            break;
          }
          if (next.value.type === 'error') lastError = next.value.error;
          text = encode(next.value);
        }
        if (text !== '') controller.enqueue(bytes.encode(text));
        if (ended) controller.close();
      },
      async cancel(reason) {
        // The client went away: the engine stops the upstream and settles what was produced so far.
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
