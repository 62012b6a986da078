/** ASCII letters and spaces per estimated token. */
export const LETTERS_PER_TOKEN = 3.6;
/** Other ASCII characters (digits, punctuation, newlines) per estimated token. */
export const SYMBOLS_PER_TOKEN = 1.5;
/** Non-ASCII characters outside the CJK blocks (accented Latin, Cyrillic, Greek…) per estimated token. */
export const OTHER_CHARS_PER_TOKEN = 2.5;

/**
 * A tokenizer-free token estimate that errs on the high side, used for vendors whose tokenizers are not public
 * (Anthropic, Google, …) and for OpenAI models when no tokenizer was loaded.
 *
 * Calibrated against o200k_base (gpt-tokenizer 3.4) on our own docs, TypeScript sources, JSON and YAML:
 * letters and spaces at 3.6 per token, other ASCII at 1.5 (digits and punctuation tokenize densely), CJK at one
 * token per character, other non-ASCII at 2.5 gives 1.13× (package.json) to 1.3× (English prose) and 1.44×
 * (numeric JSON) the o200k count, 1.7× for Chinese; only base64-like text (lockfile hashes) comes out ~5 % low.
 * The margin also covers Anthropic's tokenizer, which splits English into roughly 10–30 % more tokens than
 * o200k. Over-estimating only makes a reservation larger than needed; calls settle to the real usage.
 */
export function estimateTextTokens(text: string): number {
  const tally = createTextTally();
  tally.add(text);
  return tally.tokens();
}

/** The running counts behind {@link estimateTextTokens}, for text that arrives in pieces (a stream). */
export interface TextTally {
  add(text: string): void;
  /** The estimate of everything added so far: the same as `estimateTextTokens` of the concatenation. */
  tokens(): number;
}

/**
 * A tally of character classes that gives {@link estimateTextTokens} of all the text added, without keeping the
 * text or rounding each piece up (tiny stream deltas would otherwise each cost a whole token).
 */
export function createTextTally(): TextTally {
  let letters = 0;
  let symbols = 0;
  let cjk = 0;
  let other = 0;
  return {
    add(text) {
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code < 0x80) {
          if (code === 32 || (code >= 97 && code <= 122) || (code >= 65 && code <= 90)) letters++;
          else symbols++;
        } else if (code >= 0xd800 && code <= 0xdbff) {
          // A surrogate pair is one code point (emoji, rare CJK): count it as a whole token.
          cjk++;
          index++;
        } else if (code >= 0x2e80) cjk++;
        else other++;
      }
    },
    tokens: () =>
      Math.ceil(letters / LETTERS_PER_TOKEN + symbols / SYMBOLS_PER_TOKEN + other / OTHER_CHARS_PER_TOKEN) +
      cjk,
  };
}
