import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from './limit-heap-growth.js';

describe('limitHeapGrowth', () => {
  it('leaves a value given on the command line or in NODE_OPTIONS alone', () => {
    expect(limitHeapGrowth(['--heap-growing-percent=100'], '')).toBe(false);
    expect(limitHeapGrowth([], '--max-old-space-size=512 --heap_growing_percent=20')).toBe(false);
  });

  it('sets the bound otherwise', () => {
    expect(limitHeapGrowth([], '')).toBe(true);
  });
});
