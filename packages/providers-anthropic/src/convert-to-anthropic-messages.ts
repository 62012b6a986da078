import { InvalidArgumentError, type JsonObject, type Prompt } from '@tokenwise/spec';
import { splitDataUrl } from './split-data-url.js';

/** A text block of a message or of the `system` field. */
export interface AnthropicTextBlock {
  type: 'text';
  text: string;
}

/** An image block; Anthropic takes inline base64 or a public URL. */
export interface AnthropicImageBlock {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
}

/** A tool call made by the assistant in an earlier turn. */
export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: JsonObject;
}

/** The result of a tool call, sent in a user turn. */
export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}

/** A content block of a request message. */
export type AnthropicRequestBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock;

/** One message of the `messages` array. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicRequestBlock[];
}

/** The prompt in Anthropic's shape: a separate system field and strictly alternating turns. */
export interface AnthropicPrompt {
  /** One string for one system message, text blocks (in order) for several, absent for none. */
  system: string | AnthropicTextBlock[] | undefined;
  messages: AnthropicMessage[];
}

/**
 * Converts a spec prompt to the Messages API shape. Every system message is kept, in order (Anthropic has
 * a single top-level `system` field); tool results become `tool_result` blocks of a user turn; consecutive
 * turns of one role are merged because the API requires user/assistant alternation.
 */
export function convertToAnthropicMessages(prompt: Prompt): AnthropicPrompt {
  const systemTexts: string[] = [];
  const messages: AnthropicMessage[] = [];

  const push = (role: 'user' | 'assistant', blocks: AnthropicRequestBlock[]) => {
    // the API rejects empty content, so a turn that converts to nothing is dropped:
    if (blocks.length === 0) return;
    const last = messages.at(-1);
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        if (message.content !== '') systemTexts.push(message.content);
        break;
      case 'user':
        push(
          'user',
          message.content.flatMap((part): AnthropicRequestBlock[] => {
            if (part.type === 'text') return part.text === '' ? [] : [{ type: 'text', text: part.text }];
            return [convertImage(part.image, part.mediaType)];
          }),
        );
        break;
      case 'assistant':
        push(
          'assistant',
          message.content.flatMap((part): AnthropicRequestBlock[] => {
            if (part.type === 'text') return part.text === '' ? [] : [{ type: 'text', text: part.text }];
            return [
              {
                type: 'tool_use',
                id: part.toolCallId,
                name: part.toolName,
                input: parseToolInput(part.input),
              },
            ];
          }),
        );
        break;
      case 'tool':
        push(
          'user',
          message.content.map((part) => ({
            type: 'tool_result' as const,
            tool_use_id: part.toolCallId,
            content: part.output,
            ...(part.isError === true ? { is_error: true } : {}),
          })),
        );
        break;
    }
  }

  // the API wants tool results first in a user turn; a merged "tool results + follow-up text" turn is reordered:
  for (const message of messages) {
    if (message.role !== 'user') continue;
    const results = message.content.filter((block) => block.type === 'tool_result');
    if (results.length === 0) continue;
    message.content = [...results, ...message.content.filter((block) => block.type !== 'tool_result')];
  }

  let system: AnthropicPrompt['system'];
  if (systemTexts.length === 1) system = systemTexts[0];
  else if (systemTexts.length > 1) system = systemTexts.map((text) => ({ type: 'text', text }));
  return { system, messages };
}

function convertImage(image: string, mediaType: string | undefined): AnthropicImageBlock {
  if (image.startsWith('data:')) {
    const parts = splitDataUrl(image);
    if (parts === undefined) {
      throw new InvalidArgumentError({
        argument: 'prompt',
        message: 'Image data URL is not base64: pass `data:<type>;base64,<data>` or an https URL.',
      });
    }
    return { type: 'image', source: { type: 'base64', media_type: parts.mediaType, data: parts.base64 } };
  }
  if (/^https?:\/\//i.test(image)) return { type: 'image', source: { type: 'url', url: image } };
  if (mediaType === undefined) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message:
        'Image given as raw base64 without mediaType: set mediaType (e.g. image/png) or pass a data URL.',
    });
  }
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data: image } };
}

function parseToolInput(input: string): JsonObject {
  // the model may have produced no arguments at all:
  if (input.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch (error) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message: 'Tool call input is not valid JSON: pass the arguments as a JSON object text.',
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message: 'Tool call input must be a JSON object for Anthropic: wrap other values in an object.',
    });
  }
  return parsed as JsonObject;
}
