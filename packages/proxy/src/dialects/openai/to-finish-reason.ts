import type { FinishReason } from '@tokenwise/spec';

/** OpenAI's `finish_reason` values. */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** Maps the unified finish reason back to OpenAI's vocabulary (`stop` when nothing better fits). */
export function toOpenAIFinishReason(reason: FinishReason): OpenAIFinishReason {
  switch (reason.unified) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}
