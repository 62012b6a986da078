import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { costOfTokens, formatUsd, PICO_PER_USD, toDecimalString, toUsdNumber, usd } from './money.js';

describe('usd', () => {
  it('reads a number exactly as its decimal text, on the fast path and off it', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const values = [0, -0, 0.1, 0.45, 3.2, 75, 1e-7, 0.000001, 123456.789012, 999_999_999.5, 1e9, 2e15, -2.5];
    for (let i = 0; i < 5000; i++) {
      values.push(Math.round(random() * 10 ** (1 + (i % 12))) / 10 ** (i % 9)); // few decimals
      values.push((random() - 0.5) * 10 ** ((i % 20) - 8)); // arbitrary doubles
    }
    for (const value of values) expect(usd(value)).toBe(usd(String(value)));
  });
  it('parses decimal strings and numbers exactly', () => {
    expect(usd('0.05')).toBe(50_000_000_000n);
    expect(usd(0.1)).toBe(100_000_000_000n);
    expect(usd('1')).toBe(PICO_PER_USD);
    expect(usd('1e-7')).toBe(100_000n);
    expect(usd(3.75e-8)).toBe(37_500n);
    expect(usd('-2.5')).toBe(-2_500_000_000_000n);
    expect(usd('.5')).toBe(500_000_000_000n);
  });

  it('rounds beyond twelve decimals half away from zero', () => {
    expect(usd('0.0000000000015')).toBe(2n);
    expect(usd('0.0000000000014')).toBe(1n);
    expect(usd('0.00000000000049')).toBe(0n);
  });

  it('rejects non-numbers with a typed error', () => {
    for (const bad of ['abc', '', '1.2.3', Number.NaN, Number.POSITIVE_INFINITY, '$5']) {
      expect(() => usd(bad as string)).toThrow(InvalidArgumentError);
    }
  });

  it('sums 0.1 ten times to exactly one dollar', () => {
    let total = 0n;
    for (let i = 0; i < 10; i++) total += usd(0.1);
    expect(total).toBe(PICO_PER_USD);
  });
});

describe('formatting', () => {
  it('prints exact decimals', () => {
    expect(toDecimalString(1_234_567n)).toBe('0.000001234567');
    expect(toDecimalString(usd('12.5'))).toBe('12.5');
    expect(toDecimalString(-usd('0.25'))).toBe('-0.25');
    expect(toUsdNumber(usd('0.0123'))).toBe(0.0123);
  });

  it('formats for people without hiding real costs', () => {
    expect(formatUsd(usd('0.01234'))).toBe('$0.0123');
    expect(formatUsd(usd('0.00005'))).toBe('$0.0001');
    expect(formatUsd(usd('0.000042'))).toBe('$0.000042');
    expect(formatUsd(0n)).toBe('$0.0000');
    expect(formatUsd(usd('3'), 2)).toBe('$3.00');
  });
});

describe('costOfTokens', () => {
  it('is exact per token', () => {
    expect(costOfTokens(1_000_000, 2.5)).toBe(usd('2.5'));
    expect(costOfTokens(1, 0.0375)).toBe(37_500n);
    expect(costOfTokens(0, 10)).toBe(0n);
  });

  it('rejects bad token counts', () => {
    expect(() => costOfTokens(-1, 1)).toThrow(InvalidArgumentError);
    expect(() => costOfTokens(1.5, 1)).toThrow(InvalidArgumentError);
  });
});
