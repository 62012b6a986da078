/** The abort signal of one upstream call: aborted on timeout, or on demand (client gone mid-stream). */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Whether the call was aborted by the timeout. */
  timedOut(): boolean;
  /** Stops the timeout (a stream's first content arrived, or the call finished). */
  clearTimeout(): void;
  /** Aborts the upstream call. */
  abort(): void;
}

/**
 * One AbortController and one timer per streamed upstream call (non-streamed calls get none: the provider's own
 * request timeout bounds them, and on Node 20 every AbortSignal — worse, `AbortSignal.any` in the provider —
 * costs tens of microseconds on the hot path). The client's request signal is deliberately not linked: a
 * streamed response learns of a disconnect from its body being cancelled, and a non-streamed call that the
 * upstream already billed is settled and recorded at its real cost either way.
 */
export function createAttemptSignal(timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
    timer = undefined;
    timedOut = true;
    controller.abort(new DOMException('The upstream call timed out.', 'TimeoutError'));
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clearTimeout: () => {
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
    },
    abort: () => controller.abort(),
  };
}
