import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from './sleep.js';

// A retry's wait on a long-lived signal (a server's shutdown signal, say) must not leave its listener behind.
describe('sleep and its signal', () => {
  it('resolves after the delay and leaves no listener on the signal', async () => {
    const controller = new AbortController();
    await sleep(1, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with the abort reason at once and leaves no listener on the signal', async () => {
    const controller = new AbortController();
    const why = new Error('shutting down');
    const waiting = sleep(60_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort(why);
    await expect(waiting).rejects.toBe(why);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
