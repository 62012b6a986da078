import type { Message } from '@tokenwise/spec';
import { type CountTokensOptions, tokenizerFor } from './count-tokens.js';
import { estimateTextTokens } from './estimate-text-tokens.js';

/** Tokens each chat message adds around its content (OpenAI's chat format: role and separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens that prime the assistant's reply. */
export const REPLY_PRIMING_TOKENS = 3;
/**
 * Flat estimate for one input image. Between OpenAI's high-detail 1024×1024 price (765) and Anthropic's
 * ~1,600 for a full-size image; image dimensions are not decoded here, so this is a planning figure.
 */
export const IMAGE_TOKENS = 1_200;

/** Options of {@link countPromptTokens}. */
export interface CountPromptTokensOptions extends CountTokensOptions {
  /** Override of {@link IMAGE_TOKENS} per image. */
  imageTokens?: number;
}

/**
 * Input tokens of a prompt: a plain string is one user message. Adds {@link MESSAGE_OVERHEAD_TOKENS} per
 * message and {@link REPLY_PRIMING_TOKENS} once; tool calls count their name and JSON arguments, tool results
 * their output, images {@link IMAGE_TOKENS} each.
 */
export function countPromptTokens(
  prompt: string | readonly Message[],
  options: CountPromptTokensOptions = {},
): number {
  const tokenizer = tokenizerFor(options);
  const count = tokenizer ? (text: string) => tokenizer.countTokens(text) : estimateTextTokens;
  if (typeof prompt === 'string') return count(prompt) + MESSAGE_OVERHEAD_TOKENS + REPLY_PRIMING_TOKENS;
  const imageTokens = options.imageTokens ?? IMAGE_TOKENS;
  let total = REPLY_PRIMING_TOKENS;
  for (const message of prompt) {
    total += MESSAGE_OVERHEAD_TOKENS;
    if (message.role === 'system') {
      total += count(message.content);
      continue;
    }
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
          total += count(part.text);
          break;
        case 'image':
          total += imageTokens;
          break;
        case 'tool-call':
          total += count(part.toolName) + count(part.input) + MESSAGE_OVERHEAD_TOKENS;
          break;
        case 'tool-result':
          total += count(part.output) + MESSAGE_OVERHEAD_TOKENS;
          break;
      }
    }
  }
  return total;
}
