import { describe, expect, it } from 'vitest';
import { createFailedModels } from './failed-models.js';

describe('createFailedModels', () => {
  it('adds and reports a model', () => {
    const failed = createFailedModels();
    expect(failed.has('a/x')).toBe(false);
    failed.add('a/x');
    expect(failed.has('a/x')).toBe(true);
    expect(failed.size).toBe(1);
  });

  it('lists the suppressed ids', () => {
    const failed = createFailedModels();
    failed.add('a/x');
    failed.add('b/y');
    expect(failed.toSet()).toEqual(new Set(['a/x', 'b/y']));
  });

  it('expires entries after the TTL on the injected clock', () => {
    let now = 1_000;
    const failed = createFailedModels({ ttlMs: 100, now: () => now });
    failed.add('a/x');
    now += 99;
    expect(failed.has('a/x')).toBe(true);
    now += 1;
    expect(failed.has('a/x')).toBe(false);
    expect(failed.size).toBe(0);
  });

  it('refreshes an entry when it fails again', () => {
    let now = 0;
    const failed = createFailedModels({ ttlMs: 100, now: () => now });
    failed.add('a/x');
    failed.add('b/y');
    now = 80;
    failed.add('a/x');
    now = 120;
    expect(failed.toSet()).toEqual(new Set(['a/x']));
  });

  it('evicts the oldest entry beyond maxSize', () => {
    const failed = createFailedModels({ maxSize: 3 });
    for (const id of ['m1', 'm2', 'm3', 'm4']) failed.add(id);
    expect(failed.toSet()).toEqual(new Set(['m2', 'm3', 'm4']));
  });

  it('lifts a suppression on delete', () => {
    const failed = createFailedModels();
    failed.add('a/x');
    failed.delete('a/x');
    expect(failed.has('a/x')).toBe(false);
  });
});
