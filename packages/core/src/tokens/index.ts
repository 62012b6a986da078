export {
  BOUND_TOKENS_PER_LOWERCASE,
  BOUND_TOKENS_PER_RUN,
  BOUND_TOKENS_PER_SPACE,
  BOUND_TOKENS_PER_SPACE_CHANGE,
  BOUND_TOKENS_PER_SYMBOL,
  BOUND_TOKENS_PER_UPPERCASE,
  boundTextTokens,
  DIGITS_PER_TOKEN,
  utf8ByteLength,
} from './bound-text-tokens.js';
export {
  ANTHROPIC_TOOL_SYSTEM_PROMPT_TOKENS,
  BOUND_MESSAGE_OVERHEAD_TOKENS,
  BOUND_REPLY_PRIMING_TOKENS,
  BOUND_RESPONSE_FORMAT_OVERHEAD_TOKENS,
  BOUND_TOOL_OVERHEAD_TOKENS,
  BOUND_TOOL_PART_OVERHEAD_TOKENS,
  BOUND_TOOLS_BLOCK_TOKENS,
  type CountInputTokensUpperBoundOptions,
  countInputTokensUpperBound,
  type InputTokenCall,
  UNPUBLISHED_TOKENIZER_FACTOR,
} from './count-input-tokens-upper-bound.js';
export {
  type CountPromptTokensOptions,
  countPromptTokens,
  IMAGE_TOKENS,
  MESSAGE_OVERHEAD_TOKENS,
  REPLY_PRIMING_TOKENS,
} from './count-prompt-tokens.js';
export { type CountTokensOptions, countTokens, tokenizerFor } from './count-tokens.js';
export { encodingForModel } from './encoding-for-model.js';
export {
  type EstimateOutputTokensInput,
  EXPECTED_OUTPUT_TOKENS,
  estimateOutputTokens,
} from './estimate-output-tokens.js';
export {
  estimateTextTokens,
  LETTERS_PER_TOKEN,
  OTHER_CHARS_PER_TOKEN,
  SYMBOLS_PER_TOKEN,
} from './estimate-text-tokens.js';
export { type ImageDimensions, imageDimensions } from './image-dimensions.js';
export {
  ANTHROPIC_MAX_IMAGE_TOKENS,
  ANTHROPIC_PIXELS_PER_TOKEN,
  GEMINI_MAX_SIDE,
  GEMINI_TOKENS_PER_TILE,
  imageInputTokens,
  OPENAI_DEFAULT_TILE_RATE,
  OPENAI_MAX_PATCHES,
  type OpenAiTileRate,
} from './image-input-tokens.js';
export { jsonText } from './json-text.js';
export { createLazyTokenizer, type LazyTokenizer } from './lazy-tokenizer.js';
export { type TokenVendor, tokenVendorForModel } from './token-vendor.js';
export { loadTokenizer, type Tokenizer, type TokenizerEncoding } from './tokenizer.js';
