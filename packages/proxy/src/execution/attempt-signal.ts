/** The abort signal of one upstream call: aborted when the client goes away, on timeout, or on demand. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Whether the call was aborted by the timeout (and not by the client). */
  timedOut(): boolean;
  /** Stops the timeout (a stream's first content arrived, or the call finished). */
  clearTimeout(): void;
  /** Aborts the upstream call (client disconnected mid-stream). */
  abort(): void;
  /** Detaches from the client signal; call once the attempt is over. */
  dispose(): void;
}

/** Links the client's signal and a timeout into one signal for the upstream call. */
export function createAttemptSignal(client: AbortSignal, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onClientAbort = () => controller.abort(client.reason);
  if (client.aborted) controller.abort(client.reason);
  else client.addEventListener('abort', onClientAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
    timer = undefined;
    timedOut = true;
    controller.abort(new DOMException('The upstream call timed out.', 'TimeoutError'));
  }, timeoutMs);
  const clear = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clearTimeout: clear,
    abort: () => controller.abort(),
    dispose: () => {
      clear();
      client.removeEventListener('abort', onClientAbort);
    },
  };
}
