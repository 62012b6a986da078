import type {
  AssistantMessage,
  CacheControl,
  ImagePart,
  Message,
  TextPart,
  ToolResultPart,
} from '@tokenwise/spec';
import { AnthropicHttpError } from './anthropic-http-error.js';
import type { MessagesRequest } from './request-schema.js';

type RequestMessage = MessagesRequest['messages'][number];
type Block = Exclude<RequestMessage['content'], string>[number];
type WireCache = { type: 'ephemeral'; ttl?: string | undefined } | null | undefined;

/**
 * Converts Anthropic's `system` + `messages` to a spec prompt. System text blocks keep their `cache_control`;
 * a user turn's `tool_result` blocks become one tool message (tool names come from the assistant's earlier
 * `tool_use`), its other blocks a user message; assistant turns keep thinking blocks (with signatures),
 * redacted thinking, text and tool calls in order.
 * @throws AnthropicHttpError 400 for a tool_result answering no earlier tool_use, images inside tool results,
 *   or blocks in a role that cannot carry them.
 */
export function toPrompt(system: MessagesRequest['system'], messages: readonly RequestMessage[]): Message[] {
  const prompt: Message[] = [];
  if (typeof system === 'string') {
    if (system !== '') prompt.push({ role: 'system', content: system });
  } else {
    for (const block of system ?? []) {
      prompt.push({ role: 'system', content: block.text, ...cache(block.cache_control) });
    }
  }
  const toolNames = new Map<string, string>();
  messages.forEach((message, index) => {
    const blocks: Block[] =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'assistant') prompt.push(toAssistant(blocks, index, toolNames));
    else prompt.push(...toUser(blocks, index, toolNames));
  });
  return prompt;
}

function toAssistant(blocks: Block[], index: number, toolNames: Map<string, string>): AssistantMessage {
  const content: AssistantMessage['content'] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: block.text, ...cache(block.cache_control) });
        break;
      case 'thinking':
        content.push({
          type: 'reasoning',
          text: block.thinking,
          ...(block.signature != null ? { signature: block.signature } : {}),
        });
        break;
      case 'redacted_thinking':
        content.push({ type: 'reasoning', text: '', redactedData: block.data });
        break;
      case 'tool_use':
        toolNames.set(block.id, block.name);
        content.push({
          type: 'tool-call',
          toolCallId: block.id,
          toolName: block.name,
          input: JSON.stringify(block.input),
          ...cache(block.cache_control),
        });
        break;
      default:
        throw invalid(`messages[${index}]: an assistant turn cannot contain a \`${block.type}\` block.`);
    }
  }
  return { role: 'assistant', content };
}

function toUser(blocks: Block[], index: number, toolNames: Map<string, string>): Message[] {
  const results: ToolResultPart[] = [];
  const parts: Array<TextPart | ImagePart> = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: block.text, ...cache(block.cache_control) });
        break;
      case 'image':
        parts.push({ ...toImage(block.source), ...cache(block.cache_control) });
        break;
      case 'tool_result': {
        const toolName = toolNames.get(block.tool_use_id);
        if (toolName === undefined) {
          throw invalid(
            `messages[${index}]: tool_result answers "${block.tool_use_id}", which no earlier tool_use called.`,
          );
        }
        results.push({
          type: 'tool-result',
          toolCallId: block.tool_use_id,
          toolName,
          output: toolOutput(block.content, index),
          ...(block.is_error === true ? { isError: true } : {}),
          ...cache(block.cache_control),
        });
        break;
      }
      default:
        throw invalid(`messages[${index}]: a user turn cannot contain a \`${block.type}\` block.`);
    }
  }
  const converted: Message[] = [];
  if (results.length > 0) converted.push({ role: 'tool', content: results });
  if (parts.length > 0 || results.length === 0) converted.push({ role: 'user', content: parts });
  return converted;
}

function toImage(source: Extract<Block, { type: 'image' }>['source']): ImagePart {
  return source.type === 'url'
    ? { type: 'image', image: source.url }
    : { type: 'image', image: source.data, mediaType: source.media_type };
}

function toolOutput(content: Extract<Block, { type: 'tool_result' }>['content'], index: number): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((block) => {
      if (block.type === 'text') return block.text;
      throw invalid(
        `messages[${index}]: images inside tool_result are not supported; send them as a user image.`,
      );
    })
    .join('');
}

function cache(wire: WireCache): { cacheControl?: CacheControl } {
  if (wire == null) return {};
  return { cacheControl: { type: 'ephemeral', ...(wire.ttl !== undefined ? { ttl: wire.ttl } : {}) } };
}

function invalid(message: string): AnthropicHttpError {
  return new AnthropicHttpError({ status: 400, type: 'invalid_request_error', message });
}
