import { beforeAll, describe, expect, it } from 'vitest';
import { adversarialCorpus, seededRandom } from './adversarial-corpus.fixture.js';
import { boundTextTokens, utf8ByteLength } from './bound-text-tokens.js';
import { loadTokenizer, type Tokenizer } from './tokenizer.js';

let o200k: Tokenizer;
let cl100k: Tokenizer;

beforeAll(async () => {
  o200k = await loadTokenizer('o200k_base');
  cl100k = await loadTokenizer('cl100k_base');
});

const exactMax = (text: string) => Math.max(o200k.countTokens(text), cl100k.countTokens(text));

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['我', 3],
    ['😀', 4],
    ['\ud800', 3],
    ['a\udc00b', 5],
  ])('%j → %i bytes, like TextEncoder', (text, bytes) => {
    expect(utf8ByteLength(text)).toBe(bytes);
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
  });
});

describe('boundTextTokens', () => {
  it('is at least the o200k and cl100k count on every text of the adversarial corpus (3 seeds)', () => {
    const failures: string[] = [];
    let worstCalibrated = Number.POSITIVE_INFINITY;
    for (const seed of [13, 14, 15]) {
      for (const { name, text } of adversarialCorpus(seed)) {
        const exact = exactMax(text);
        const bound = boundTextTokens(text);
        if (bound < exact) failures.push(`seed ${seed} ${name}: bound ${bound} < exact ${exact}`);
        // where the bound is calibrated (pure ASCII, not exact digit groups) it keeps a margin:
        if (/^[\x20-\x7e\s]*$/.test(text) && !/^[\d\s]*$/.test(text)) {
          worstCalibrated = Math.min(worstCalibrated, bound / exact);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(worstCalibrated).toBeGreaterThanOrEqual(1.08);
  });

  it('covers the ratios issue #13 measured for the old estimate (0.23–0.56×)', () => {
    const cases = adversarialCorpus(13).filter(({ name }) =>
      /^'a '|^thai random|^devanagari random|^accented latin random|^emoji|^base64/.test(name),
    );
    expect(cases.length).toBeGreaterThanOrEqual(9);
    for (const { text } of cases) expect(boundTextTokens(text)).toBeGreaterThanOrEqual(exactMax(text));
  });

  it('never exceeds the UTF-8 length, which bounds any byte-level tokenizer', () => {
    for (const { text } of adversarialCorpus(16)) {
      expect(boundTextTokens(text)).toBeLessThanOrEqual(utf8ByteLength(text));
      expect(exactMax(text)).toBeLessThanOrEqual(utf8ByteLength(text));
    }
  });

  it('holds on 6,000 short random strings from mixed alphabets (property, seed 2026)', () => {
    const random = seededRandom(2026);
    const alphabets = [
      'abcdefghijklmnopqrstuvwxyz',
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
      ' \t\n\r!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
      'aé我😀 1\n.Z',
      'qxzjvkwQXZJVKW ',
      'qxzjvkw',
      'QXZJVKW',
      'qxzjvkwQXZJVKW!?;~ ',
      'qxzjvkw0123456789 ',
      ' \t\n\r\v\f a1.',
      ' \t\n\r\v\f',
      '  \t\t\n\n\r\n.a1é',
    ];
    for (let run = 0; run < 6_000; run++) {
      const alphabet = [...alphabets[run % alphabets.length]!];
      const length = 1 + Math.floor(random() * 60);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const exact = exactMax(text);
      if (boundTextTokens(text) < exact) expect.fail(`run ${run}: ${JSON.stringify(text)} bound < ${exact}`);
    }
  });

  it('counts every 1–3 digit group as one token, as both encodings do', () => {
    for (const digits of ['0', '7', '42', '999', '000', '123']) {
      expect(o200k.countTokens(digits)).toBe(1);
      expect(cl100k.countTokens(digits)).toBe(1);
    }
    expect(boundTextTokens('1234567')).toBe(3);
  });

  it('is 0 for the empty string and costs a lone space a token', () => {
    expect(boundTextTokens('')).toBe(0);
    expect(boundTextTokens(' ')).toBe(1);
  });
});
