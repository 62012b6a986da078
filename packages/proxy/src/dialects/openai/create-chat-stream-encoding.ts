import type { StreamPart } from '@tokenwise/spec';
import { toOpenAIError } from '../../errors/to-openai-error.js';
import type { ClientCost } from '../../gateway/client-cost.js';
import type { ProxyTrace } from '../../gateway/proxy-trace.js';
import type { ChunkEncoder } from './chunk-encoder.js';
import { toOpenAIFinishReason } from './to-finish-reason.js';
import { toOpenAIUsage } from './to-openai-usage.js';

type FinishPart = Extract<StreamPart, { type: 'finish' }>;

/**
 * The frames of a streamed chat completion, for the doors' one SSE body (`createSseBody`): a role chunk, the
 * deltas (tool calls indexed as OpenAI does, each announced once), then the finish chunk with `usage.cost` (or a
 * usage chunk with `stream_options.include_usage`) and `[DONE]`; when the upstream broke after content was sent,
 * the partial usage (if asked for) and an OpenAI-style error event.
 */
export function createChatStreamEncoding(options: {
  encoder: ChunkEncoder;
  includeUsage: boolean;
  trace: (state: 'completed' | 'failed') => ProxyTrace | undefined;
}) {
  const { encoder, includeUsage } = options;
  const toolCallIds = new Set<string>();
  let nextToolIndex = 0;

  return {
    start: () => encoder.role(),
    part(part: StreamPart): string {
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
        default:
          return '';
      }
    },
    finish(part: FinishPart, cost: ClientCost): string {
      const usage = toOpenAIUsage(part.usage, cost);
      const finish = encoder.finish(
        toOpenAIFinishReason(part.finishReason),
        includeUsage ? undefined : usage,
        options.trace('completed'),
      );
      return `${finish}${includeUsage ? encoder.usage(usage) : ''}${encoder.done()}`;
    },
    error(error: unknown, settled?: { part: FinishPart; cost: ClientCost }): string {
      // The engine follows a late failure with a finish part carrying the partial usage.
      const usage =
        includeUsage && settled ? encoder.usage(toOpenAIUsage(settled.part.usage, settled.cost)) : '';
      return `${usage}${encoder.error(toOpenAIError(error).toBody())}`;
    },
  };
}
