import { type CacheControl, InvalidArgumentError, type JsonObject, type Prompt } from '@tokenwise/spec';
import { splitDataUrl } from './split-data-url.js';

/** Anthropic's `cache_control` on a block (a prompt-cache breakpoint). */
export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: string;
}

/** A text block of a message or of the `system` field. */
export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
}

/** A thinking block sent back verbatim (the signature proves it is unaltered). */
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature?: string;
}

/** A redacted thinking block sent back verbatim. */
export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** An image block; Anthropic takes inline base64 or a public URL. */
export interface AnthropicImageBlock {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
  cache_control?: AnthropicCacheControl;
}

/** A tool call made by the assistant in an earlier turn. */
export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: JsonObject;
  cache_control?: AnthropicCacheControl;
}

/** The result of a tool call, sent in a user turn. */
export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
}

/** A content block of a request message. */
export type AnthropicRequestBlock =
  | AnthropicTextBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
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
  /**
   * One string for one system message, text blocks (in order) for several or when one carries a cache
   * breakpoint, absent for none.
   */
  system: string | AnthropicTextBlock[] | undefined;
  messages: AnthropicMessage[];
}

/**
 * Converts a spec prompt to the Messages API shape. Every system message is kept, in order (Anthropic has
 * a single top-level `system` field); tool results become `tool_result` blocks of a user turn; consecutive
 * turns of one role are merged because the API requires user/assistant alternation.
 */
export function convertToAnthropicMessages(prompt: Prompt): AnthropicPrompt {
  const systemBlocks: AnthropicTextBlock[] = [];
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
        if (message.content !== '') {
          systemBlocks.push(withCache({ type: 'text', text: message.content }, message.cacheControl));
        }
        break;
      case 'user':
        push(
          'user',
          message.content.flatMap((part): AnthropicRequestBlock[] => {
            if (part.type === 'text') {
              return part.text === ''
                ? []
                : [withCache({ type: 'text', text: part.text }, part.cacheControl)];
            }
            return [withCache(convertImage(part.image, part.mediaType), part.cacheControl)];
          }),
        );
        break;
      case 'assistant':
        push(
          'assistant',
          message.content.flatMap((part): AnthropicRequestBlock[] => {
            if (part.type === 'text') {
              return part.text === ''
                ? []
                : [withCache({ type: 'text', text: part.text }, part.cacheControl)];
            }
            if (part.type === 'reasoning') {
              if (part.redactedData !== undefined)
                return [{ type: 'redacted_thinking', data: part.redactedData }];
              // reasoning another vendor produced has no signature, and Anthropic rejects an unsigned thinking block
              if (part.signature === undefined || part.signature === '') return [];
              return [
                {
                  type: 'thinking',
                  thinking: part.text,
                  ...(part.signature !== undefined ? { signature: part.signature } : {}),
                },
              ];
            }
            return [
              withCache(
                {
                  type: 'tool_use',
                  id: part.toolCallId,
                  name: part.toolName,
                  input: parseToolInput(part.input),
                },
                part.cacheControl,
              ),
            ];
          }),
        );
        break;
      case 'tool':
        push(
          'user',
          message.content.map((part) =>
            withCache(
              {
                type: 'tool_result' as const,
                tool_use_id: part.toolCallId,
                content: part.output,
                ...(part.isError === true ? { is_error: true } : {}),
              },
              part.cacheControl,
            ),
          ),
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
  const [onlySystem] = systemBlocks;
  if (systemBlocks.length === 1 && onlySystem?.cache_control === undefined) system = onlySystem?.text;
  else if (systemBlocks.length > 0) system = systemBlocks;
  return { system, messages };
}

/** Adds `cache_control` to a block when the spec part carries a cache breakpoint. */
export function withCache<T extends object>(
  block: T,
  cacheControl: CacheControl | undefined,
): T & { cache_control?: AnthropicCacheControl } {
  if (cacheControl === undefined) return block;
  return {
    ...block,
    cache_control: {
      type: 'ephemeral',
      ...(cacheControl.ttl !== undefined ? { ttl: cacheControl.ttl } : {}),
    },
  };
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
