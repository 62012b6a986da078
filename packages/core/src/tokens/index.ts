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
export { loadTokenizer, type Tokenizer, type TokenizerEncoding } from './tokenizer.js';
