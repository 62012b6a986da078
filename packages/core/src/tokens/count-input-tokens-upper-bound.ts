import type { CallOptions, JsonSchema } from '@tokenwise/spec';
import { boundTextTokens, utf8ByteLength } from './bound-text-tokens.js';
import { tokenizerFor } from './count-tokens.js';
import { imageDimensions } from './image-dimensions.js';
import { imageInputTokens } from './image-input-tokens.js';
import { jsonText } from './json-text.js';
import { type TokenVendor, tokenVendorForModel } from './token-vendor.js';
import type { Tokenizer } from './tokenizer.js';

/**
 * Anthropic, Google and other vendors publish no tokenizer: their text is counted as the o200k bound times
 * this factor (Anthropic splits English into ~10–30 % more tokens than o200k; 1.35 leaves a margin), and
 * never above the text's UTF-8 length, which bounds any byte-level or byte-fallback tokenizer.
 */
export const UNPUBLISHED_TOKENIZER_FACTOR = 1.35;
/** Tokens each message adds around its content (OpenAI: 3, plus 1 for a name; rounded up for the others). */
export const BOUND_MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens that prime the assistant's reply. */
export const BOUND_REPLY_PRIMING_TOKENS = 3;
/** Tokens around one tool call or tool result besides its id, name and text (role, separators, wrapper). */
export const BOUND_TOOL_PART_OVERHEAD_TOKENS = 8;
/** Tokens one tool definition adds besides its name, description and schema text. */
export const BOUND_TOOL_OVERHEAD_TOKENS = 12;
/** Tokens the tool section adds once (OpenAI's `namespace functions` wrapper and the like). */
export const BOUND_TOOLS_BLOCK_TOKENS = 24;
/**
 * Anthropic's tool-use system prompt, added once when tools are given: 346 tokens for Claude 4 models, up to
 * 530 for Claude 3 Opus (Anthropic's tool-use pricing table); the largest is reserved.
 */
export const ANTHROPIC_TOOL_SYSTEM_PROMPT_TOKENS = 530;
/** Tokens a JSON response format adds besides its schema text (the instruction or wrapper around it). */
export const BOUND_RESPONSE_FORMAT_OVERHEAD_TOKENS = 40;

/** The parts of a call that are billed as input. */
export type InputTokenCall = Pick<CallOptions, 'prompt' | 'tools' | 'toolChoice' | 'responseFormat'>;

/** Options of {@link countInputTokensUpperBound}. */
export interface CountInputTokensUpperBoundOptions {
  /** Catalog or native model id: decides the vendor's rules and, for OpenAI, the exact encoding. */
  modelId: string;
  /**
   * Tokenizers loaded with `loadTokenizer`. OpenAI models count exactly with their encoding; other vendors
   * use o200k (when loaded) as the base of their safety factor. Without them the table-free bound is used.
   */
  tokenizers?: readonly Tokenizer[];
  /** Tokens per image, replacing the vendor rule (e.g. when the caller knows its images are small). */
  imageTokens?: number;
}

/**
 * An upper bound of the input tokens a vendor bills for `call` on `options.modelId`, for reserving money
 * before the call (settle to the reported usage afterwards).
 *
 * Counts everything billed: system and every message part (text, tool-call ids, names and arguments, tool
 * results), per-message overheads and reply priming, tool definitions (name, description, JSON schema) with
 * their wrapper, `toolChoice`, the JSON response schema, and images by the vendor's rule
 * ({@link imageInputTokens}; sizes read from inline images' headers, else the vendor's maximum).
 *
 * Text is counted exactly for an OpenAI model whose encoding is in `options.tokenizers`; otherwise with
 * {@link boundTextTokens} (table-free; ≥ o200k and cl100k on the adversarial corpus). Anthropic, Google and
 * other vendors multiply the o200k figure (exact when o200k is loaded) by
 * {@link UNPUBLISHED_TOKENIZER_FACTOR}, capped at the UTF-8 length. Never throws on deep or odd input.
 */
export function countInputTokensUpperBound(
  call: InputTokenCall,
  options: CountInputTokensUpperBoundOptions,
): number {
  const vendor = tokenVendorForModel(options.modelId);
  const count = textCounter(vendor, options);
  let total = BOUND_REPLY_PRIMING_TOKENS;

  for (const message of call.prompt) {
    total += BOUND_MESSAGE_OVERHEAD_TOKENS;
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
          total += options.imageTokens ?? imageInputTokens(vendor, options.modelId, imageDimensions(part));
          break;
        case 'tool-call':
          total +=
            BOUND_TOOL_PART_OVERHEAD_TOKENS +
            count(part.toolCallId) +
            count(part.toolName) +
            count(part.input);
          break;
        case 'tool-result':
          total +=
            BOUND_TOOL_PART_OVERHEAD_TOKENS +
            count(part.toolCallId) +
            count(part.toolName) +
            count(part.output);
          break;
      }
    }
  }

  const tools = call.tools ?? [];
  if (tools.length > 0) {
    total += vendor === 'anthropic' ? ANTHROPIC_TOOL_SYSTEM_PROMPT_TOKENS : BOUND_TOOLS_BLOCK_TOKENS;
    for (const tool of tools) {
      total += BOUND_TOOL_OVERHEAD_TOKENS + count(tool.name) + count(tool.description ?? '');
      total += count(jsonText(tool.inputSchema));
    }
  }
  if (call.toolChoice !== undefined) {
    total += BOUND_MESSAGE_OVERHEAD_TOKENS;
    if (call.toolChoice.type === 'tool') total += count(call.toolChoice.toolName);
  }
  const format = call.responseFormat;
  if (format?.type === 'json') {
    total +=
      BOUND_RESPONSE_FORMAT_OVERHEAD_TOKENS + count(format.name ?? '') + count(format.description ?? '');
    if (format.schema !== undefined) total += count(jsonText(format.schema as JsonSchema));
  }
  return total;
}

function textCounter(
  vendor: TokenVendor,
  options: CountInputTokensUpperBoundOptions,
): (text: string) => number {
  if (vendor === 'openai') {
    const exact = tokenizerFor({ modelId: options.modelId, tokenizers: options.tokenizers });
    return exact ? (text) => exact.countTokens(text) : boundTextTokens;
  }
  const o200k = options.tokenizers?.find((tokenizer) => tokenizer.encoding === 'o200k_base');
  const base = o200k ? (text: string) => o200k.countTokens(text) : boundTextTokens;
  return (text) => {
    if (text === '') return 0;
    const scaled = Math.ceil(base(text) * UNPUBLISHED_TOKENIZER_FACTOR);
    const bytes = utf8ByteLength(text);
    return Math.min(scaled, bytes);
  };
}
