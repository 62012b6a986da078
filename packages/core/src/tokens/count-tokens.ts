import { encodingForModel } from './encoding-for-model.js';
import { estimateTextTokens } from './estimate-text-tokens.js';
import type { Tokenizer } from './tokenizer.js';

/** Options of {@link countTokens} and {@link countPromptTokens}. */
export interface CountTokensOptions {
  /** Catalog or native model id; decides between an exact OpenAI count and the estimate. */
  modelId?: string;
  /** Tokenizers loaded with `loadTokenizer`; without a matching one the count is the calibrated estimate. */
  tokenizers?: readonly Tokenizer[];
  /** Count with exactly this tokenizer, whatever `modelId` says. */
  tokenizer?: Tokenizer;
}

/**
 * Tokens of `text` for a model. OpenAI-family ids (and calls without `modelId`) are counted exactly when the
 * matching tokenizer is in `options.tokenizers`; other vendors, or OpenAI without a loaded tokenizer, get
 * {@link estimateTextTokens}, which over-estimates on purpose.
 */
export function countTokens(text: string, options: CountTokensOptions = {}): number {
  const tokenizer = tokenizerFor(options);
  return tokenizer ? tokenizer.countTokens(text) : estimateTextTokens(text);
}

/** The loaded tokenizer that counts exactly for `options.modelId`, if any. */
export function tokenizerFor(options: CountTokensOptions): Tokenizer | undefined {
  if (options.tokenizer) return options.tokenizer;
  const tokenizers = options.tokenizers;
  if (!tokenizers || tokenizers.length === 0) return undefined;
  const encoding = options.modelId === undefined ? 'o200k_base' : encodingForModel(options.modelId);
  if (encoding === undefined) return undefined;
  return tokenizers.find((tokenizer) => tokenizer.encoding === encoding);
}
