import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAttemptSignal } from './attempt-signal.js';

// One attempt's abort signal: the caller's, plus a timeout only this attempt obeys. Fake timers, so nothing here
// depends on how fast the machine is.
describe('createAttemptSignal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the call signal itself without a usable timeout', () => {
    const call = new AbortController();
    for (const timeoutMs of [undefined, 0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const attempt = createAttemptSignal(call.signal, timeoutMs);
      expect(attempt.signal).toBe(call.signal);
      expect(attempt.timedOut).toBe(false);
      attempt.clearTimer();
      attempt.done();
    }
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out after exactly its timeout, saying so', () => {
    const attempt = createAttemptSignal(new AbortController().signal, 1_000);
    vi.advanceTimersByTime(999);
    expect(attempt.signal.aborted).toBe(false);
    expect(attempt.timedOut).toBe(false);
    vi.advanceTimersByTime(1);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.timedOut).toBe(true);
    const reason = attempt.signal.reason as DOMException;
    expect(reason.name).toBe('TimeoutError');
    expect(reason.message).toBe('The model call timed out after 1000 ms.');
  });

  it('follows the caller: an abort before or during the attempt, with the caller reason, is not a timeout', () => {
    const before = new AbortController();
    before.abort('gone');
    const early = createAttemptSignal(before.signal, 1_000);
    expect(early.signal.aborted).toBe(true);
    expect(early.signal.reason).toBe('gone');
    const during = new AbortController();
    const attempt = createAttemptSignal(during.signal, 1_000);
    during.abort('client left');
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toBe('client left');
    expect(attempt.timedOut).toBe(false);
  });

  it('clearTimer stops the timeout but still follows the caller', () => {
    const call = new AbortController();
    const attempt = createAttemptSignal(call.signal, 1_000);
    attempt.clearTimer();
    attempt.clearTimer();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5_000);
    expect(attempt.signal.aborted).toBe(false);
    call.abort('stop');
    expect(attempt.signal.reason).toBe('stop');
  });

  it('done stops both the timeout and the following', () => {
    const call = new AbortController();
    const attempt = createAttemptSignal(call.signal, 1_000);
    attempt.done();
    expect(vi.getTimerCount()).toBe(0);
    call.abort('late');
    vi.advanceTimersByTime(5_000);
    expect(attempt.signal.aborted).toBe(false);
    expect(attempt.timedOut).toBe(false);
  });
});
