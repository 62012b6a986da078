import { describe, expect, it } from 'vitest';
import { boundTextTokens } from './bound-text-tokens.js';
import { createLazyTokenizer } from './lazy-tokenizer.js';
import { loadTokenizer, type Tokenizer, type TokenizerEncoding } from './tokenizer.js';

const text = 'Say hello in one short sentence, please.';

describe('createLazyTokenizer', () => {
  it('loads nothing until asked, then counts exactly like the loaded tokenizer', async () => {
    const loads: TokenizerEncoding[] = [];
    const lazy = createLazyTokenizer('o200k_base', (encoding) => {
      loads.push(encoding);
      return loadTokenizer(encoding);
    });
    expect(lazy.encoding).toBe('o200k_base');
    expect(lazy.loaded).toBe(false);
    expect(loads).toEqual([]);
    await Promise.all([lazy.load(), lazy.load()]);
    expect(loads).toEqual(['o200k_base']);
    expect(lazy.loaded).toBe(true);
    const exact = await loadTokenizer('o200k_base');
    expect(lazy.countTokens(text)).toBe(exact.countTokens(text));
  });

  it('answers the table-free upper bound before the tables are in, and starts loading them', async () => {
    let finish: (tokenizer: Tokenizer) => void = () => {};
    const lazy = createLazyTokenizer(
      'cl100k_base',
      () =>
        new Promise<Tokenizer>((resolve) => {
          finish = resolve;
        }),
    );
    expect(lazy.countTokens('')).toBe(0);
    expect(lazy.countTokens(text)).toBe(boundTextTokens(text));
    expect(lazy.loaded).toBe(false);
    finish({ encoding: 'cl100k_base', countTokens: () => 7 });
    await lazy.load();
    expect(lazy.countTokens(text)).toBe(7);
  });

  it('lets a later call retry a failed load', async () => {
    let calls = 0;
    const lazy = createLazyTokenizer('o200k_base', async () => {
      calls++;
      if (calls === 1) throw new Error('disk hiccup');
      return { encoding: 'o200k_base', countTokens: () => 1 };
    });
    await expect(lazy.load()).rejects.toThrow('disk hiccup');
    await lazy.load();
    expect(lazy.loaded).toBe(true);
    expect(calls).toBe(2);
  });
});
