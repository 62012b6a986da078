/**
 * Tokens of one ASCII pre-token (a letter, punctuation or whitespace run such as ` word`) before its
 * per-character share: BPE never merges across pre-tokens, so each costs at least one token.
 */
export const BOUND_TOKENS_PER_RUN = 1;
/**
 * Tokens per lowercase ASCII letter of a run: random strings of rare letters (`xjxqzjvqkzjxkzqvkvvzv`) measure
 * up to 0.9 per letter, so without the vocabulary nothing much below one token per letter is safe.
 */
export const BOUND_TOKENS_PER_LOWERCASE = 0.95;
/** Tokens per uppercase ASCII letter of a run (random rare capitals measure close to one per letter). */
export const BOUND_TOKENS_PER_UPPERCASE = 0.95;
/** Tokens per punctuation or control character after a run's first (random punctuation: up to one each). */
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
 * tokenizers pre-split it and each piece is charged the worst case measured on random text:
 * - a letter run: 1, plus 1 where lowercase turns uppercase (o200k splits there), plus 0.95 per letter (random
 *   rare letters reach 0.9 per letter);
 * - digits: one token per group of three (exact: both encodings split digits in groups of at most three, and
 *   every such group is one token);
 * - punctuation and control characters: 1 + 0.9 per further character of the run;
 * - whitespace: 1 per run (2 when its last character stands alone before other text), + 1 per change of
 *   character and per `\r`, `\v` or `\f`, + 1/8 per character (runs of spaces, tabs or newlines merge into
 *   long tokens); a single space before a word or punctuation rides with it, as in the tokenizers.
 * `bound-text-tokens.test.ts` checks it against both encodings on the adversarial corpus and 6,000 random short
 * strings; it held on 120,000 more in calibration.
 *
 * Without the vocabulary a random string of rare letters cannot be told from a word, so on prose the bound is
 * close to the UTF-8 length: ~4.4× o200k on English, ~3.8× on TypeScript (digits and indentation save a little),
 * the UTF-8 length on non-Latin scripts. Load a tokenizer (`loadTokenizer`) where a tight count matters.
 */
export function boundTextTokens(text: string): number {
  const length = text.length;
  // integer tallies, weighted once at the end:
  let nonAsciiBytes = 0;
  let asciiChars = 0;
  let runs = 0;
  let lower = 0;
  let upper = 0;
  let extraSymbols = 0;
  let spaceChanges = 0;
  let spaces = 0;
  let rareSpaces = 0;
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
    const kind = ASCII_CLASS[code]!;
    runs++;
    if (kind === LOWER || kind === UPPER) {
      let previous = kind;
      let next = kind;
      do {
        // o200k starts a new pre-token where lowercase turns uppercase ("fooBar" is "foo", "Bar"):
        if (next === UPPER) {
          upper++;
          if (previous === LOWER) runs++;
        } else lower++;
        previous = next;
        index++;
        next = index < length ? classAt(text, index) : OTHER;
      } while (next === LOWER || next === UPPER);
    } else if (kind === DIGIT) {
      do index++;
      while (index < length && classAt(text, index) === DIGIT);
      runs += Math.ceil((index - start) / DIGITS_PER_TOKEN) - 1;
    } else if (kind === SPACE) {
      do index++;
      while (index < length && classAt(text, index) === SPACE);
      // the last space before a letter or punctuation belongs to that pre-token, not to the run:
      const followed = index < length;
      const joins = text.charCodeAt(index - 1) === 32 && followed && classAt(text, index) !== DIGIT;
      const end = joins ? index - 1 : index;
      if (end > start) {
        // before other text, the run's last character is a pre-token of its own ("\t\t!" is "\t", "\t", "!"):
        if (followed && !joins && end - start > 1) runs++;
        for (let at = start; at < end; at++) {
          const char = text.charCodeAt(at);
          // only runs of spaces, tabs and newlines merge into long tokens; \r, \v and \f cost one each:
          if (char === 13 || char === 11 || char === 12) rareSpaces++;
          else if (at > start && char !== text.charCodeAt(at - 1)) spaceChanges++;
        }
        spaces += end - start;
      } else runs--;
    } else {
      do index++;
      while (index < length && classAt(text, index) === SYMBOL);
      extraSymbols += index - start - 1;
    }
    asciiChars += index - start;
  }
  const estimate =
    nonAsciiBytes +
    runs * BOUND_TOKENS_PER_RUN +
    Math.ceil(
      lower * BOUND_TOKENS_PER_LOWERCASE +
        upper * BOUND_TOKENS_PER_UPPERCASE +
        extraSymbols * BOUND_TOKENS_PER_SYMBOL +
        (spaceChanges + rareSpaces) * BOUND_TOKENS_PER_SPACE_CHANGE +
        spaces * BOUND_TOKENS_PER_SPACE,
    );
  return Math.min(estimate, asciiChars + nonAsciiBytes);
}

const SYMBOL = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const SPACE = 4;
const OTHER = 5;

// Class of each ASCII code: whitespace as the tokenizers' \s sees it (tab, LF, VT, FF, CR, space); symbols are
// punctuation and control characters.
const ASCII_CLASS = (() => {
  const classes = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    if (code >= 97 && code <= 122) classes[code] = LOWER;
    else if (code >= 65 && code <= 90) classes[code] = UPPER;
    else if (code >= 48 && code <= 57) classes[code] = DIGIT;
    else if (code === 32 || (code >= 9 && code <= 13)) classes[code] = SPACE;
    else classes[code] = SYMBOL;
  }
  return classes;
})();

function classAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 0x80 ? ASCII_CLASS[code]! : OTHER;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
