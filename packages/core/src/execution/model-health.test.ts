import { describe, expect, it } from 'vitest';
import { createModelHealth } from './model-health.js';

describe('createModelHealth', () => {
  it('suppresses a model at once when the vendor refuses it or its provider is unusable', () => {
    const health = createModelHealth();
    expect(health.isSuppressed('a/x')).toBe(false);
    health.recordFailure('a/x', 'unusable');
    health.recordFailure('b/y', 'provider');
    expect(health.isSuppressed('a/x')).toBe(true);
    expect(health.suppressed()).toEqual(new Set(['a/x', 'b/y']));
  });

  it('suppresses after the configured number of strikes in a row, not before', () => {
    const health = createModelHealth({ strikes: 3 });
    health.recordFailure('a/x', 'strike');
    health.recordFailure('a/x', 'strike');
    expect(health.isSuppressed('a/x')).toBe(false);
    health.recordFailure('a/x', 'strike');
    expect(health.isSuppressed('a/x')).toBe(true);
  });

  it('counts strikes per model', () => {
    const health = createModelHealth({ strikes: 2 });
    health.recordFailure('a/x', 'strike');
    health.recordFailure('b/y', 'strike');
    expect(health.suppressed()).toEqual(new Set());
    health.recordFailure('b/y', 'strike');
    expect(health.suppressed()).toEqual(new Set(['b/y']));
  });

  it('never counts a failure without blame (the request or the caller was at fault)', () => {
    const health = createModelHealth({ strikes: 1 });
    for (let i = 0; i < 10; i++) health.recordFailure('a/x', 'none');
    expect(health.isSuppressed('a/x')).toBe(false);
  });

  it('a success clears the strikes, so only failures in a row suppress', () => {
    const health = createModelHealth({ strikes: 2 });
    health.recordFailure('a/x', 'strike');
    health.recordSuccess('a/x');
    health.recordFailure('a/x', 'strike');
    expect(health.isSuppressed('a/x')).toBe(false);
    health.recordFailure('a/x', 'strike');
    expect(health.isSuppressed('a/x')).toBe(true);
  });

  it('a success lifts a suppression', () => {
    const health = createModelHealth();
    health.suppress('a/x');
    health.recordSuccess('a/x');
    expect(health.isSuppressed('a/x')).toBe(false);
  });

  it('expires entries after the TTL on the injected clock', () => {
    let now = 1_000;
    const health = createModelHealth({ ttlMs: 100, now: () => now });
    health.suppress('a/x');
    now += 99;
    expect(health.isSuppressed('a/x')).toBe(true);
    now += 1;
    expect(health.isSuppressed('a/x')).toBe(false);
    expect(health.suppressed().size).toBe(0);
  });

  it('refreshes an entry when the model fails again', () => {
    let now = 0;
    const health = createModelHealth({ ttlMs: 100, now: () => now });
    health.suppress('a/x');
    health.suppress('b/y');
    now = 80;
    health.recordFailure('a/x', 'unusable');
    now = 120;
    expect(health.suppressed()).toEqual(new Set(['a/x']));
  });

  it('keeps at most maxSize models, evicting the oldest', () => {
    const health = createModelHealth({ maxSize: 3 });
    for (const id of ['m1', 'm2', 'm3', 'm4']) health.suppress(id);
    expect(health.suppressed()).toEqual(new Set(['m2', 'm3', 'm4']));
  });

  it('defaults to 5 minutes and 3 strikes, as the original', () => {
    let now = 0;
    const health = createModelHealth({ now: () => now });
    health.recordFailure('a/x', 'strike');
    health.recordFailure('a/x', 'strike');
    expect(health.isSuppressed('a/x')).toBe(false);
    health.recordFailure('a/x', 'strike');
    now = 299_999;
    expect(health.isSuppressed('a/x')).toBe(true);
    now = 300_000;
    expect(health.isSuppressed('a/x')).toBe(false);
  });

  it('defaults to 50 models', () => {
    const health = createModelHealth();
    for (let i = 0; i < 60; i++) health.suppress(`m${i}`);
    const ids = health.suppressed();
    expect(ids.size).toBe(50);
    expect(ids.has('m9')).toBe(false);
    expect(ids.has('m10')).toBe(true);
  });
});

describe('model health strikes', () => {
  it('counts strikes per model, interleaved', () => {
    const health = createModelHealth({ strikes: 3 });
    for (const id of ['a', 'b', 'a', 'b', 'a']) health.recordFailure(id, 'strike');
    expect(health.isSuppressed('a')).toBe(true);
    expect(health.isSuppressed('b')).toBe(false);
    health.recordFailure('b', 'strike');
    expect(health.isSuppressed('b')).toBe(true);
  });

  it('forgets every pending strike once 1,000 models have some, so memory stays bounded', () => {
    const health = createModelHealth({ strikes: 3 });
    health.recordFailure('a', 'strike');
    health.recordFailure('a', 'strike');
    for (let index = 0; index < 999; index++) health.recordFailure(`m${index}`, 'strike');
    // 1,000 models with strikes: the next new strike starts over, so a's two are gone.
    health.recordFailure('z', 'strike');
    health.recordFailure('a', 'strike');
    expect(health.isSuppressed('a')).toBe(false);
  });
});
