import type { Content, FinishReason, Usage } from '@tokenwise/spec';
import type { AnthropicMessageResponse } from './anthropic-api.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/** The spec view of one Messages API response. */
export interface ConvertedAnthropicResponse {
  content: Content[];
  finishReason: FinishReason;
  usage: Usage;
}

/** Converts a parsed Messages API response to spec content, finish reason and usage. */
export function convertAnthropicResponse(response: AnthropicMessageResponse): ConvertedAnthropicResponse {
  const content: Content[] = [];
  for (const block of response.content) {
    if (block.type === 'text' && 'text' in block && typeof block.text === 'string') {
      content.push({ type: 'text', text: block.text });
    } else if (block.type === 'thinking' && 'thinking' in block && typeof block.thinking === 'string') {
      const signature =
        'signature' in block && typeof block.signature === 'string' ? block.signature : undefined;
      content.push({
        type: 'reasoning',
        text: block.thinking,
        ...(signature !== undefined ? { signature } : {}),
      });
    } else if (block.type === 'redacted_thinking' && 'data' in block && typeof block.data === 'string') {
      content.push({ type: 'reasoning', text: '', redactedData: block.data });
    } else if (block.type === 'tool_use' && 'id' in block && 'name' in block) {
      content.push({
        type: 'tool-call',
        toolCallId: String(block.id),
        toolName: String(block.name),
        input: JSON.stringify(block.input ?? {}),
      });
    }
  }
  return {
    content,
    finishReason: mapAnthropicStopReason(response.stop_reason),
    usage: convertAnthropicUsage(response.usage),
  };
}
