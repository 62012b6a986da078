import type { Content, GenerateResult, JsonObject } from '@tokenwise/spec';
import type { ClientCost } from '../../gateway/client-cost.js';
import { type AnthropicUsage, toAnthropicUsage } from './to-anthropic-usage.js';
import { type AnthropicStopReason, toStopReason } from './to-stop-reason.js';

/** A content block of a response message. */
export type AnthropicResponseBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: JsonObject };

/** The non-streaming Messages response (`type: "message"`), with TokenWise's `usage.cost`. */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: null;
  usage: AnthropicUsage;
}

/** Builds the `message` object from an engine result; `model` is the name shown to the client. */
export function toMessage(
  result: GenerateResult,
  context: { id: string; model: string; cost: ClientCost },
): AnthropicMessage {
  return {
    id: context.id,
    type: 'message',
    role: 'assistant',
    model: context.model,
    content: result.content.map(toBlock),
    stop_reason: toStopReason(result.finishReason),
    stop_sequence: null,
    usage: toAnthropicUsage(result.usage, context.cost),
  };
}

/** One spec content item as an Anthropic block (thinking from other vendors carries an empty signature). */
export function toBlock(content: Content): AnthropicResponseBlock {
  switch (content.type) {
    case 'text':
      return { type: 'text', text: content.text };
    case 'reasoning':
      return content.redactedData !== undefined
        ? { type: 'redacted_thinking', data: content.redactedData }
        : { type: 'thinking', thinking: content.text, signature: content.signature ?? '' };
    case 'tool-call':
      return {
        type: 'tool_use',
        id: content.toolCallId,
        name: content.toolName,
        input: parseInput(content.input),
      };
  }
}

/** Tool arguments as an object; a model that produced broken JSON gets it kept as `{ _raw }`, never dropped. */
export function parseInput(input: string): JsonObject {
  if (input.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(input);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as JsonObject;
  } catch {
    // fall through: keep the text
  }
  return { _raw: input };
}
