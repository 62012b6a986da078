import type { CallOptions } from '@tokenwise/spec';
import { countInputTokensUpperBound } from '../tokens/count-input-tokens-upper-bound.js';
import type { Tokenizer } from '../tokens/tokenizer.js';

/**
 * The engine's default input count: {@link countInputTokensUpperBound} — an upper bound of what the vendor bills
 * (system, messages, tool definitions and results, schemas, images), exact for OpenAI models whose encoding is
 * among `tokenizers`, and never below the vendor's count for any script or encoding (issue #13 §1).
 */
export function countCallInputTokens(
  call: Pick<CallOptions, 'prompt' | 'tools' | 'toolChoice' | 'responseFormat'>,
  context: { modelId: string; tokenizers?: readonly Tokenizer[] },
): number {
  // `tokenizers` may be undefined: the bound then counts with none.
  return countInputTokensUpperBound(call, { modelId: context.modelId, tokenizers: context.tokenizers });
}

/**
 * An upper bound of the tokens of a call's tool definitions, tool choice and response-format schema (billed as
 * input), for callers that bring their own prompt counter. Same rules as {@link countInputTokensUpperBound}
 * (without a model id, the margin of vendors that publish no tokenizer); never throws on deep schemas.
 */
export function countToolTokens(
  call: Pick<CallOptions, 'tools' | 'toolChoice' | 'responseFormat'>,
  context: { modelId?: string; tokenizers?: readonly Tokenizer[] } = {},
): number {
  if ((call.tools ?? []).length === 0 && call.responseFormat?.type !== 'json') return 0;
  // Stryker disable next-line StringLiteral: equivalent, any id of no known vendor gets the same margin as ''.
  const counting = { ...context, modelId: context.modelId ?? '' };
  const withTools = countCallInputTokens({ ...call, prompt: [] }, counting);
  const without = countCallInputTokens({ prompt: [] }, counting);
  return withTools - without;
}
