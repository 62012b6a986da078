import { describe, expect, it } from 'vitest';
import { collectListFlag } from './collect-list-flag.js';

describe('collectListFlag', () => {
  it('accepts comma lists, = form, repeated flags and space-separated values', () => {
    expect(collectListFlag(['--models', 'a,b', '--json'], 'models')).toEqual(['a', 'b']);
    expect(collectListFlag(['--models=a, b'], 'models')).toEqual(['a', 'b']);
    expect(collectListFlag(['--models', 'a', '--csv', 'x', '--models', 'b'], 'models')).toEqual(['a', 'b']);
    expect(collectListFlag(['--models', 'a', 'b', 'c', '--dry-run'], 'models')).toEqual(['a', 'b', 'c']);
    expect(collectListFlag(['--models', 'a,a', 'a'], 'models')).toEqual(['a']);
  });

  it('tells an absent flag from a bare one and stops at --', () => {
    expect(collectListFlag(['--json'], 'strategies')).toBeUndefined();
    expect(collectListFlag(['--strategies', '--dry-run'], 'strategies')).toEqual([]);
    expect(collectListFlag(['--', '--strategies', 'x'], 'strategies')).toBeUndefined();
    expect(collectListFlag(['--strategiesx', 'y'], 'strategies')).toBeUndefined();
  });
});
