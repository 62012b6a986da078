import { describe, expect, it } from 'vitest';
import { formatCount, formatPrice } from './format-values.js';

describe('format values', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(1_048_576)).toBe('1,048,576');
    expect(formatCount(-1234567)).toBe('-1,234,567');
  });
  it('formats prices per million tokens, with more digits below a cent', () => {
    expect(formatPrice(3)).toBe('$3.00');
    expect(formatPrice(0)).toBe('$0.00');
    expect(formatPrice(0.0004)).toBe('$0.00040');
    expect(formatPrice(undefined)).toBe('unknown');
  });
});
