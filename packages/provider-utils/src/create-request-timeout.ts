/**
 * A per-request timeout that can be re-armed: a JSON call must finish within `timeoutMs`; a stream must receive
 * its headers within `timeoutMs` and then never stay silent longer than that between chunks.
 */
export interface RequestTimeout {
  /** Aborts when the time runs out, or with the caller's reason when the caller's signal aborts. */
  readonly signal: AbortSignal;
  /** The configured limit, in milliseconds. */
  readonly timeoutMs: number;
  /** Whether this timeout (not the caller) ended the request. */
  readonly timedOut: boolean;
  /** Restarts the clock (call on every received chunk). */
  touch(): void;
  /** Stops the clock for good (call when the response was fully read). */
  done(): void;
}

/**
 * Creates a `RequestTimeout`. The timer is `unref`'d where possible so a forgotten stream never keeps a Node
 * process alive. With a `callerSignal`, the one signal also follows the caller's: a listener forwards its abort
 * (and is removed by `done()`), which costs far less per call than `AbortSignal.any` on Node 20.
 */
export function createRequestTimeout(timeoutMs: number, callerSignal?: AbortSignal): RequestTimeout {
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', forwardAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  let timedOut = false;

  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (finished || !Number.isFinite(timeoutMs) || timeoutMs <= 0) return;
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(
        new DOMException(`The request timed out after ${formatSeconds(timeoutMs)}.`, 'TimeoutError'),
      );
    }, timeoutMs);
    (timer as { unref?: () => void }).unref?.();
  };
  arm();

  return {
    signal: controller.signal,
    timeoutMs,
    get timedOut() {
      return timedOut;
    },
    touch: arm,
    done() {
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardAbort);
    },
  };
}

/** `120000` → `120s`, `1500` → `1.5s`. */
export function formatSeconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(3))}s`;
}
