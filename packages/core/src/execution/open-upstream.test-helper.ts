// Test helper: a streaming model whose upstream the test drives part by part. Unlike the scripted fake, it never
// closes on its own and never reads ahead (high-water mark 0), so a test can hold a read pending, end or break the
// upstream at a chosen moment, and see whether (and when) the engine cancelled it. Like a fetch body, it breaks
// when the attempt's abort signal fires (with `abortError`, default the signal's reason), unless `abortable` is
// false (then only the engine's cancel ends it).
import type { CallOptions, LanguageModelV1, StreamPart, StreamResult } from '@tokenwise/spec';

type Step = { part: StreamPart } | { end: true } | { error: unknown };

/** A driven upstream and the model that streams it (one `doStream` per upstream). */
export interface OpenUpstream {
  model: LanguageModelV1;
  /** Options of every `doStream` call. */
  calls: CallOptions[];
  /** The reasons the upstream was cancelled with, in order. */
  cancelled: unknown[];
  /** Reads the engine made of the upstream (answered or pending). */
  readonly pulls: number;
  /** Queues parts for the engine to read. */
  push(...parts: StreamPart[]): void;
  /** Closes the upstream after the queued parts. */
  end(): void;
  /** Breaks the upstream (a failing read) after the queued parts. */
  fail(error: unknown): void;
}

/** Creates a driven upstream; `parts` are queued before the call, `response` is returned by `doStream`. */
export function createOpenUpstream(
  options: {
    provider?: string;
    parts?: StreamPart[];
    response?: StreamResult['response'];
    abortable?: boolean;
    abortError?: unknown;
  } = {},
): OpenUpstream {
  const queue: Step[] = (options.parts ?? []).map((part) => ({ part }));
  const calls: CallOptions[] = [];
  const cancelled: unknown[] = [];
  let pulls = 0;
  let wake: (() => void) | undefined;
  const add = (step: Step) => {
    queue.push(step);
    wake?.();
  };
  const model: LanguageModelV1 = {
    specificationVersion: 'v1',
    provider: options.provider ?? 'fake',
    modelId: 'open-model',
    doGenerate: () => Promise.reject(new Error('open upstream: stream only')),
    async doStream(callOptions) {
      calls.push(callOptions);
      const stream = new ReadableStream<StreamPart>(
        {
          start(controller) {
            // As a fetch body does: the request's abort signal breaks the stream.
            if (options.abortable === false) return;
            const signal = callOptions.abortSignal;
            signal?.addEventListener('abort', () =>
              controller.error('abortError' in options ? options.abortError : signal.reason),
            );
          },
          async pull(controller) {
            pulls++;
            while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
            const step = queue.shift()!;
            if ('part' in step) controller.enqueue(step.part);
            else if ('end' in step) controller.close();
            else controller.error(step.error);
          },
          cancel(reason) {
            cancelled.push(reason);
          },
        },
        { highWaterMark: 0 },
      );
      return options.response === undefined ? { stream } : { stream, response: options.response };
    },
  };
  return {
    model,
    calls,
    cancelled,
    get pulls() {
      return pulls;
    },
    push: (...parts) => {
      for (const part of parts) add({ part });
    },
    end: () => add({ end: true }),
    fail: (error) => add({ error }),
  };
}
