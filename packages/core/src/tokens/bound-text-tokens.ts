/**
 * Estimated tokens of one ASCII letter run (a pre-token such as ` word`), before its per-letter share:
 * BPE never merges across pre-tokens, so each run costs at least one token.
 */
export const BOUND_TOKENS_PER_RUN = 1;
/** Tokens per lowercase ASCII letter of a run (random strings of rare letters measure up to 0.71 per letter). */
export const BOUND_TOKENS_PER_LOWERCASE = 0.8;
/** Tokens per uppercase ASCII letter of a run (random mixed case measures up to 0.66 per letter). */
export const BOUND_TOKENS_PER_UPPERCASE = 0.9;
/** Tokens per ASCII punctuation or control character (random punctuation: up to one per character). */
export const BOUND_TOKENS_PER_SYMBOL = 0.9;
/** Tokens per change of character inside a whitespace run (mixed runs: up to one per character). */
export const BOUND_TOKENS_PER_SPACE_CHANGE = 1;
/** Tokens per whitespace character of a run (a run of one repeated character: one token per 16 at worst). */
export const BOUND_TOKENS_PER_SPACE = 1 / 8;
/** Digits are split in groups of at most three by both o200k and cl100k: one token per group. */
export const DIGITS_PER_TOKEN = 3;

/**
 * UTF-8 length of `text` in bytes, without allocating. A lone surrogate counts 3 (it is sent as U+FFFD).
 * Byte-level BPE (o200k, cl100k, and by the same argument any byte-fallback tokenizer) emits at least one byte
 * per token, so this is a hard upper bound of the token count.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * A table-free upper bound of the o200k_base and cl100k_base token count of `text`, never above its UTF-8
 * length.
 *
 * Non-ASCII characters cost their UTF-8 bytes (provable: a token holds at least one byte; random Unicode
 * measures 0.95 tokens per byte, so nothing tighter is safe without the tables). ASCII is split the way the
 * tokenizers pre-split it (letter runs, digit groups of three, punctuation runs, whitespace runs) and each
 * piece is charged the worst case measured on random text: a letter run 1 (plus 1 where lowercase turns
 * uppercase, where o200k splits) + 0.6 per lowercase and 0.9 per uppercase letter, one token per three digits (exact: every 1–3 digit string is one token in both
 * encodings), a punctuation run 1 + 0.9 per further character, a whitespace run 1 + 1 per change of
 * character + 1/8 per character; a single space before a word or punctuation rides with it, as in the
 * tokenizers. `bound-text-tokens.test.ts` measures it against both encodings on an adversarial corpus.
 *
 * Covering random letter strings costs tightness on prose: ~3× o200k on English and code. Load a tokenizer
 * (`loadTokenizer`) where that matters.
 */
export function boundTextTokens(text: string): number {
  const length = text.length;
  let asciiBytes = 0;
  let nonAsciiBytes = 0;
  let runs = 0;
  let fractional = 0;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code >= 0x80) {
      if (code < 0x800) nonAsciiBytes += 2;
      else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
        nonAsciiBytes += 4;
        index++;
      } else nonAsciiBytes += 3;
      index++;
      continue;
    }
    const start = index;
    if (isLetter(code)) {
      let upper = 0;
      let previousLower = false;
      while (index < length) {
        const letter = text.charCodeAt(index);
        if (!isLetter(letter)) break;
        if (letter <= 90) {
          upper++;
          // o200k starts a new pre-token where lowercase turns uppercase ("fooBar" is "foo", "Bar"):
          if (previousLower) runs += BOUND_TOKENS_PER_RUN;
          previousLower = false;
        } else previousLower = true;
        index++;
      }
      runs += BOUND_TOKENS_PER_RUN;
      fractional += (index - start - upper) * BOUND_TOKENS_PER_LOWERCASE + upper * BOUND_TOKENS_PER_UPPERCASE;
    } else if (isDigit(code)) {
      do index++;
      while (index < length && isDigit(text.charCodeAt(index)));
      runs += Math.ceil((index - start) / DIGITS_PER_TOKEN);
    } else if (isSpace(code)) {
      do index++;
      while (index < length && isSpace(text.charCodeAt(index)));
      // the last space before a letter or punctuation belongs to that pre-token, not to the run:
      const joins = text.charCodeAt(index - 1) === 32 && index < length && !isDigit(text.charCodeAt(index));
      const end = joins ? index - 1 : index;
      if (end > start) {
        let changes = 0;
        for (let at = start + 1; at < end; at++)
          if (text.charCodeAt(at) !== text.charCodeAt(at - 1)) changes++;
        runs += 1;
        fractional += changes * BOUND_TOKENS_PER_SPACE_CHANGE + (end - start) * BOUND_TOKENS_PER_SPACE;
      }
    } else {
      do index++;
      while (index < length && isSymbol(text.charCodeAt(index)));
      runs += 1;
      fractional += (index - start - 1) * BOUND_TOKENS_PER_SYMBOL;
    }
    asciiBytes += index - start;
  }
  const estimate = nonAsciiBytes + runs + Math.ceil(fractional);
  const bytes = asciiBytes + nonAsciiBytes;
  return Math.min(estimate, bytes);
}

function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

// ASCII whitespace as the tokenizers' \s sees it: tab, LF, VT, FF, CR, space.
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

// Any other ASCII character: punctuation, symbols and control characters.
function isSymbol(code: number): boolean {
  return code < 0x80 && !isLetter(code) && !isDigit(code) && !isSpace(code);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
