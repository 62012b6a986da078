/** The BPE encodings TokenWise can load for exact OpenAI token counts. */
export type TokenizerEncoding = 'o200k_base' | 'cl100k_base';

/** An exact byte-pair tokenizer for one OpenAI encoding. */
export interface Tokenizer {
  readonly encoding: TokenizerEncoding;
  /** Number of tokens of `text` (special-token text is counted as plain text, never rejected). */
  countTokens(text: string): number;
}

/**
 * Loads gpt-tokenizer's encoding on demand. The rank tables are large (o200k_base takes ~0.4 s to parse), so
 * nothing is imported until an app asks for it: the CLI and proxy call this once at start-up and hand the
 * result to `countTokens` / `createRouter`; without it, counts fall back to the calibrated estimate.
 */
export async function loadTokenizer(encoding: TokenizerEncoding = 'o200k_base'): Promise<Tokenizer> {
  const module =
    encoding === 'cl100k_base'
      ? await import('gpt-tokenizer/encoding/cl100k_base')
      : await import('gpt-tokenizer/encoding/o200k_base');
  // `disallowedSpecial: new Set()` makes `<|endoftext|>` in user text count as ordinary text instead of throwing.
  const options = { disallowedSpecial: new Set<string>() };
  return {
    encoding,
    countTokens: (text) => (text === '' ? 0 : module.countTokens(text, options)),
  };
}
