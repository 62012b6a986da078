import type { TokenizerEncoding } from './tokenizer.js';

// Bare OpenAI ids: gpt-*, chatgpt-*, o1/o3/o4 families, optionally behind an `openai/` (OpenRouter) prefix.
const OPENAI_MODEL = /^(?:openai\/)?(?:gpt-|chatgpt-|o[134](?:$|[-:]))/i;
// The older chat models that use cl100k_base; everything newer (gpt-4o, gpt-4.1, gpt-5, o-series) uses o200k_base.
const CL100K_MODEL = /^(?:openai\/)?gpt-(?:3\.5|4(?:$|-(?!o)|-turbo|-32k))/i;

/**
 * The OpenAI encoding a model id tokenizes with, or `undefined` for other vendors (whose tokenizers are not
 * public, so their counts are estimated).
 */
export function encodingForModel(modelId: string): TokenizerEncoding | undefined {
  if (modelId.startsWith('openai/') && !OPENAI_MODEL.test(modelId)) {
    // Other OpenAI models listed by OpenRouter (gpt-oss, codex-mini…) are also o200k_base.
    return 'o200k_base';
  }
  if (!OPENAI_MODEL.test(modelId)) return undefined;
  return CL100K_MODEL.test(modelId) ? 'cl100k_base' : 'o200k_base';
}
