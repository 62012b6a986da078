import type { EngineStreamResult } from '@tokenwise/core';
import type { StreamPart } from '@tokenwise/spec';
import { type ClientCost, clientCost } from '../gateway/client-cost.js';

/** What a door's stream encoder offers the SSE body: ready frames for each stage of a stream. */
export interface SseStreamEncoding {
  /** Frames sent before any part (e.g. `response.created`, `message_start`). */
  start(): string;
  /** Frames of one content part ('' for parts the dialect does not show). */
  part(part: StreamPart): string;
  /** The closing frames of a stream that finished, with its settled cost (`null`: unknown, see `clientCost`). */
  finish(part: Extract<StreamPart, { type: 'finish' }>, cost: ClientCost): string;
  /**
   * The closing frames of a stream that broke after its first byte: never a silently cut stream. `settled` is the
   * engine's finish part after a late failure (the partial usage) and its cost, when there was one.
   */
  error(
    error: unknown,
    settled?: { part: Extract<StreamPart, { type: 'finish' }>; cost: ClientCost },
  ): string;
  /**
   * A keep-alive frame (Anthropic's `ping`) sent every `intervalMs` while the upstream is silent, so clients and
   * load balancers with idle timeouts do not drop a stream during long thinking. Absent: none is sent.
   */
  heartbeat?: { intervalMs: number; frame(): string };
}

/** What a wait for the next part ended with: the part, or the heartbeat's timer (internal). */
const BEAT = Symbol('heartbeat');

/**
 * The SSE body of a streamed answer in any dialect: the encoder's start frames, its frames for each part, then
 * its finish frames or — when the upstream broke after content was sent (an `error` part, then the engine's
 * `finish`) or the stream ended without a finish — its error frames. A client that goes away cancels the
 * engine's stream, which stops the upstream and settles what was produced.
 */
export function createSseBody(
  answer: EngineStreamResult,
  encoding: SseStreamEncoding,
): ReadableStream<Uint8Array> {
  const reader = answer.stream.getReader();
  const bytes = new TextEncoder();
  let failure: { error: unknown } | undefined;
  let ended = false;
  // The read in progress: a heartbeat ends a wait, never the read, which the next pull goes on waiting for.
  let pending: Promise<ReadableStreamReadResult<StreamPart>> | undefined;
  const heartbeat = encoding.heartbeat;

  const nextPart = async (): Promise<ReadableStreamReadResult<StreamPart> | typeof BEAT> => {
    pending ??= reader.read();
    if (heartbeat === undefined) return pending;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const beat = new Promise<typeof BEAT>((resolve) => {
      timer = setTimeout(() => resolve(BEAT), heartbeat.intervalMs);
    });
    try {
      return await Promise.race([pending, beat]);
    } finally {
      clearTimeout(timer);
    }
  };

  const encode = (part: StreamPart): string => {
    if (part.type === 'error') {
      failure = { error: part.error };
      return '';
    }
    if (part.type === 'finish') {
      ended = true;
      const cost = clientCost(answer.modelInfo, answer.cost(), part.usage);
      return failure === undefined
        ? encoding.finish(part, cost)
        : encoding.error(failure.error, { part, cost });
    }
    return encoding.part(part);
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(bytes.encode(encoding.start()));
      },
      async pull(controller) {
        let text = '';
        while (text === '' && !ended) {
          let next: ReadableStreamReadResult<StreamPart> | typeof BEAT;
          try {
            next = await nextPart();
          } catch (error) {
            ended = true;
            text = encoding.error(error);
            break;
          }
          if (next === BEAT) {
            text = heartbeat?.frame() ?? '';
            break;
          }
          pending = undefined;
          if (next.done) {
            ended = true;
            text = encoding.error(
              failure?.error ?? new Error('The upstream stream ended without finishing.'),
            );
            break;
          }
          text = encode(next.value);
        }
        if (text !== '') controller.enqueue(bytes.encode(text));
        if (ended) controller.close();
      },
      async cancel(reason) {
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
