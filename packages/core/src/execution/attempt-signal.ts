/** The signal of one attempt: the call's, plus an optional timeout that only this attempt obeys (internal). */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Whether the attempt's own timeout (not the caller) aborted it. */
  readonly timedOut: boolean;
  /** Stops the timeout but keeps following the call's signal (a stream's first content arrived). */
  clearTimer(): void;
  /** Stops the timeout and the forwarding: the attempt is over. */
  done(): void;
}

/**
 * Creates the attempt's signal. Without a timeout it is the call's own signal (no allocation on the hot path);
 * with one, a controller follows the call's signal through a listener, which costs far less per call than
 * `AbortSignal.any` on Node 20.
 */
export function createAttemptSignal(callSignal: AbortSignal, timeoutMs: number | undefined): AttemptSignal {
  // Stryker disable next-line ConditionalExpression: equivalent, Number.isFinite(undefined) is false too.
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    return { signal: callSignal, timedOut: false, clearTimer() {}, done() {} };
  }
  const controller = new AbortController();
  const forward = () => controller.abort(callSignal.reason);
  if (callSignal.aborted) forward();
  else callSignal.addEventListener('abort', forward, { once: true });
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
    timer = undefined;
    timedOut = true;
    controller.abort(new DOMException(`The model call timed out after ${timeoutMs} ms.`, 'TimeoutError'));
  }, timeoutMs);
  // Stryker disable next-line OptionalChaining: equivalent, Node timers have unref.
  (timer as { unref?: () => void }).unref?.();
  const clearTimer = () => {
    // Stryker disable next-line ConditionalExpression: equivalent, clearTimeout(undefined) does nothing.
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    clearTimer,
    done() {
      clearTimer();
      callSignal.removeEventListener('abort', forward);
    },
  };
}
