import type { MockSseEvent } from './mock-upstream/mock-reply.js';

/** Writes one event in the `text/event-stream` format (`event:` line when named, then `data:` lines). */
export function formatSseEvent({ event, data }: MockSseEvent): string {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  const lines = text.split(/\r?\n/).map((line) => `data: ${line}`);
  return `${event === undefined ? '' : `event: ${event}\n`}${lines.join('\n')}\n\n`;
}

/**
 * A byte stream of SSE events, optionally spaced by `eventDelayMs`. With `cut`, the stream errors after the
 * last event, which a client sees as a dropped connection; otherwise it closes cleanly. With `forever`, that
 * event follows the others again and again until the reader goes away (the stream never ends by itself).
 * `onEnd` runs when the stream ends by itself (closed or cut), not when the reader cancels it.
 */
export function createSseStream(
  events: readonly MockSseEvent[],
  {
    cut = false,
    forever,
    eventDelayMs = 0,
    signal,
    onEnd,
  }: {
    cut?: boolean | undefined;
    forever?: MockSseEvent | undefined;
    eventDelayMs?: number | undefined;
    signal?: AbortSignal | undefined;
    onEnd?: (() => void) | undefined;
  } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const repeated = forever === undefined ? undefined : encoder.encode(formatSseEvent(forever));
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index > 0 && eventDelayMs > 0) await sleep(eventDelayMs, signal);
      // the client went away while we waited: a real server stops writing too
      if (signal?.aborted === true) {
        controller.error(signal.reason);
        return;
      }
      const next = events[index++];
      if (next !== undefined) {
        controller.enqueue(encoder.encode(formatSseEvent(next)));
        return;
      }
      if (repeated !== undefined) {
        controller.enqueue(repeated);
        return;
      }
      onEnd?.();
      if (cut) {
        // @hono/node-server logs the error when it destroys the socket: keep that log line to one short line
        const drop = new Error('mock upstream: scripted connection drop (cut stream)');
        drop.stack = drop.message;
        controller.error(drop);
      } else controller.close();
    },
  });
}

/** Waits, or stops early when the signal aborts. */
export function sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const timer = setTimeout(done, delayMs);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
