import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createAttemptSignal } from './attempt-signal.js';

// The attempt follows the call's signal through one listener, which must not outlive what it is for.
describe('createAttemptSignal and the call signal', () => {
  it('listens once: the call aborting removes the listener, before the attempt is done', () => {
    const call = new AbortController();
    const attempt = createAttemptSignal(call.signal, 60_000);
    expect(getEventListeners(call.signal, 'abort')).toHaveLength(1);
    call.abort('client left');
    expect(attempt.signal.reason).toBe('client left');
    expect(getEventListeners(call.signal, 'abort')).toHaveLength(0);
    attempt.done();
  });

  it('stops listening when the attempt is done', () => {
    const call = new AbortController();
    const attempt = createAttemptSignal(call.signal, 60_000);
    attempt.done();
    expect(getEventListeners(call.signal, 'abort')).toHaveLength(0);
  });
});
