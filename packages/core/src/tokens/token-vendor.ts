import { encodingForModel } from './encoding-for-model.js';

/** Whose tokenizer and billing rules apply to a model's input. */
export type TokenVendor = 'openai' | 'anthropic' | 'google' | 'other';

const ANTHROPIC_MODEL = /^(?:anthropic\/|claude-)/i;
const GOOGLE_MODEL = /^(?:google\/|gemini-|gemma-|models\/gemini-)/i;

/**
 * The vendor whose token rules bill `modelId`: OpenAI-family ids (bare or `openai/…`), Anthropic
 * (`anthropic/…`, `claude-…`), Google (`google/…`, `gemini-…`), anything else `other`.
 */
export function tokenVendorForModel(modelId: string): TokenVendor {
  if (encodingForModel(modelId) !== undefined) return 'openai';
  if (ANTHROPIC_MODEL.test(modelId)) return 'anthropic';
  if (GOOGLE_MODEL.test(modelId)) return 'google';
  return 'other';
}
