import type { EngineGenerateResult, EngineStreamResult } from '@tokenwise/core';
import type { CallOptions, CallWarning, StreamPart } from '@tokenwise/spec';
import { DROPPED_PARAMS_HEADER, droppedParamsHeader } from '../dialects/shared/dropped-params.js';

/** The provider that answered: the answering attempt's provider, else the catalog entry's. */
function answeringProvider(answer: Pick<EngineGenerateResult, 'attempts' | 'modelInfo'>): string {
  return answer.attempts.at(-1)?.providerId ?? answer.modelInfo.provider;
}

/**
 * Tracks, per request body, the `providerOptions` a door sent, so the answer can list what the answering
 * upstream did not take (`x-tokenwise-dropped-params`). Bodies are keys of a WeakMap: nothing outlives a request.
 */
export function createDroppedParams(wireNames: Readonly<Record<string, string>>) {
  const sent = new WeakMap<object, CallOptions['providerOptions']>();
  const header = (
    body: object,
    warnings: readonly CallWarning[],
    answer: Pick<EngineGenerateResult, 'attempts' | 'modelInfo'>,
  ): Record<string, string> => {
    const providerOptions = sent.get(body);
    const value = droppedParamsHeader({
      warnings,
      ...(providerOptions === undefined ? {} : { providerOptions }),
      provider: answeringProvider(answer),
      wireNames,
    });
    return value === undefined ? {} : { [DROPPED_PARAMS_HEADER]: value };
  };
  return {
    /** Remembers the call options a body became (call from `toRequest`). */
    remember(body: object, options: Pick<CallOptions, 'providerOptions'>): void {
      if (options.providerOptions !== undefined) sent.set(body, options.providerOptions);
    },
    /** The header of a generated answer (its adapter warnings). */
    forAnswer(body: object, answer: EngineGenerateResult): Record<string, string> {
      return header(body, answer.result.warnings, answer);
    },
    /**
     * The header of a streamed answer: the adapter's warnings arrive in the first part (`stream-start`), which
     * the engine already holds when it hands the stream over, so reading it delays nothing. Returns the stream
     * with that part put back.
     */
    async forStream(
      body: object,
      answer: EngineStreamResult,
    ): Promise<{ answer: EngineStreamResult; headers: Record<string, string> }> {
      const reader = answer.stream.getReader();
      let first: ReadableStreamReadResult<StreamPart>;
      try {
        first = await reader.read();
      } catch (error) {
        // Never lost: the encoder reports it as the stream's failure.
        first = { done: false, value: { type: 'error', error } };
      }
      const warnings = !first.done && first.value.type === 'stream-start' ? first.value.warnings : [];
      let pending: StreamPart | undefined = first.done ? undefined : first.value;
      const stream = new ReadableStream<StreamPart>(
        {
          async pull(controller) {
            if (pending !== undefined) {
              controller.enqueue(pending);
              pending = undefined;
              return;
            }
            const next = await reader.read();
            if (next.done) controller.close();
            else controller.enqueue(next.value);
          },
          cancel: (reason) => reader.cancel(reason),
        },
        { highWaterMark: 0 },
      );
      return { answer: { ...answer, stream }, headers: header(body, warnings, answer) };
    },
  };
}
