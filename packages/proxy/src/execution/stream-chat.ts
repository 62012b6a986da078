import { costOf, costOfUsage } from '@tokenwise/core';
import {
  InvalidResponseDataError,
  type PicoUsd,
  type StreamPart,
  type StreamResult,
  toDecimalString,
  type Usage,
} from '@tokenwise/spec';
import { type ChunkEncoder, createChunkEncoder } from '../dialects/openai/chunk-encoder.js';
import { toOpenAIFinishReason } from '../dialects/openai/to-finish-reason.js';
import { toOpenAIUsage } from '../dialects/openai/to-openai-usage.js';
import { toOpenAIError } from '../errors/to-openai-error.js';
import { buildTrace } from './build-trace.js';
import type { ChatRequest } from './chat-request.js';
import type { ChatRuntime } from './chat-runtime.js';
import { recordServed } from './record-outcome.js';
import { type Attempt, runAttempts } from './run-attempts.js';

/** An upstream stream that has produced its first content (or finished without any). */
interface OpenedStream {
  reader: ReadableStreamDefaultReader<StreamPart>;
  /** Parts read while waiting for content; replayed to the client first. */
  held: StreamPart[];
}

const CONTENT = new Set<StreamPart['type']>([
  'text-delta',
  'reasoning-delta',
  'tool-call-delta',
  'tool-call',
]);

/**
 * Serves a streamed request. The response is held until the upstream produced real content, so errors before
 * that fail over like non-streamed calls. After content was sent, a failure ends the stream with an OpenAI-style
 * error event. Every ending — finish, upstream failure, client disconnect — settles the budget and writes the
 * ledger, from the upstream's usage or from the tokens counted so far.
 */
export async function streamChat(runtime: ChatRuntime, request: ChatRequest): Promise<Response> {
  const { value: opened, attempt } = await runAttempts(runtime, request, (a) => openStream(request, a));
  const encoder = createChunkEncoder({
    id: `chatcmpl-${request.requestId}`,
    created: request.created,
    model: attempt.model.id,
  });
  return new Response(createSseBody(runtime, request, attempt, opened, encoder), {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-tokenwise-model': attempt.model.id,
      'x-tokenwise-request-id': request.requestId,
      // The cost is only known at the end: it travels in the final chunk's usage.cost. This is the ceiling.
      'x-tokenwise-max-cost': toDecimalString(attempt.reservation.reserved),
    },
  });
}

async function openStream(request: ChatRequest, attempt: Attempt): Promise<OpenedStream> {
  const result = (await attempt.resolved.model.doStream({
    ...request.callOptions,
    ...(attempt.reservation.maxOutputTokens === undefined
      ? {}
      : { maxOutputTokens: attempt.reservation.maxOutputTokens }),
    ...(attempt.signal ? { abortSignal: attempt.signal.signal } : {}),
  })) as StreamResult;
  const reader = result.stream.getReader();
  const held: StreamPart[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        throw new InvalidResponseDataError({
          message: 'The upstream stream ended before it finished.',
          provider: attempt.resolved.providerId,
        });
      }
      if (value.type === 'error') throw value.error;
      if (value.type === 'stream-start' || value.type === 'response-metadata') continue;
      held.push(value);
      if (CONTENT.has(value.type) || value.type === 'finish') return { reader, held };
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
}

function createSseBody(
  runtime: ChatRuntime,
  request: ChatRequest,
  attempt: Attempt,
  opened: OpenedStream,
  encoder: ChunkEncoder,
): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder();
  const includeUsage = request.body.stream_options?.include_usage === true;
  const toolCallIds = new Set<string>();
  let nextToolIndex = 0;
  let countedTokens = 0;
  let finished = false;
  const { reader } = opened;

  // Counted per delta (no copy of the whole answer is kept); only used when the upstream reports no usage.
  const count = (text: string) => {
    countedTokens += runtime.countTextTokens(text);
  };
  const estimatedOutput = () => countedTokens;

  /** Settles the reservation and writes the records exactly once. */
  const settle = (outcome: 'ok' | 'error' | 'aborted', usage: Usage | undefined, error?: unknown) => {
    finished = true;
    attempt.signal?.clearTimeout();
    const estimated = usage?.inputTokens === undefined || usage.outputTokens === undefined;
    const counts: Usage = {
      ...usage,
      inputTokens: usage?.inputTokens ?? request.inputTokens,
      outputTokens: usage?.outputTokens ?? estimatedOutput(),
    };
    const cost: PicoUsd =
      (usage
        ? costOfUsage(attempt.model, counts)
        : costOf(attempt.model, {
            inputTokens: counts.inputTokens ?? 0,
            outputTokens: counts.outputTokens ?? 0,
          })) ?? attempt.reservation.reserved;
    attempt.reservation.processHold?.settle(cost);
    if (outcome === 'ok') runtime.policy.recordSuccess(attempt.model.id);
    recordServed(runtime, request, attempt, {
      outcome,
      usage: counts,
      cost,
      estimated,
      status: 200,
      ...(error === undefined ? {} : { error }),
    });
    return { counts, cost };
  };

  /** Encodes one part; returns the frames to send (possibly none). */
  const encode = (part: StreamPart): string => {
    switch (part.type) {
      case 'text-delta':
        count(part.delta);
        return encoder.text(part.delta);
      case 'reasoning-delta':
        count(part.delta);
        return encoder.reasoning(part.delta);
      case 'tool-call-delta': {
        count(part.inputDelta);
        const first = !toolCallIds.has(part.toolCallId);
        if (first) {
          toolCallIds.add(part.toolCallId);
          nextToolIndex = Math.max(nextToolIndex, part.index + 1);
        }
        return encoder.toolCall(part.index, part.toolCallId, part.toolName, part.inputDelta, first);
      }
      case 'tool-call': {
        // Providers that stream deltas also report the completed call; only unseen calls are sent.
        if (toolCallIds.has(part.toolCallId)) return '';
        toolCallIds.add(part.toolCallId);
        count(part.input);
        return encoder.toolCall(nextToolIndex++, part.toolCallId, part.toolName, part.input, true);
      }
      case 'finish': {
        const { counts, cost } = settle('ok', part.usage);
        const usage = toOpenAIUsage(counts, cost);
        const reason = toOpenAIFinishReason(part.finishReason);
        const trace = buildTrace(request, attempt.model.id, 'completed');
        const usageChunk = includeUsage ? encoder.usage(usage) : '';
        return `${encoder.finish(reason, includeUsage ? undefined : usage, trace)}${usageChunk}${encoder.done()}`;
      }
      case 'error':
        return fail(part.error);
      default:
        return '';
    }
  };

  const fail = (error: unknown): string => {
    const { counts, cost } = settle('error', undefined, error);
    runtime.logger.warn('Upstream stream failed after content was sent.', {
      requestId: request.requestId,
      model: attempt.model.id,
      code: toOpenAIError(error).code,
    });
    const usageChunk = includeUsage ? encoder.usage(toOpenAIUsage(counts, cost)) : '';
    return `${usageChunk}${encoder.error(toOpenAIError(error).toBody())}`;
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let text = encoder.role();
        for (const part of opened.held) text += encode(part);
        controller.enqueue(bytes.encode(text));
        if (finished) {
          controller.close();
          reader.cancel().catch(() => {});
        }
      },
      async pull(controller) {
        let text = '';
        while (text === '' && !finished) {
          let next: ReadableStreamReadResult<StreamPart>;
          try {
            next = await reader.read();
          } catch (error) {
            if (finished) return;
            text = fail(error);
            break;
          }
          if (finished) return;
          if (next.done) {
            text = fail(
              new InvalidResponseDataError({
                message: 'The upstream stream ended before it finished.',
                provider: attempt.resolved.providerId,
              }),
            );
            break;
          }
          text = encode(next.value);
        }
        if (text !== '') controller.enqueue(bytes.encode(text));
        if (finished) {
          controller.close();
          reader.cancel().catch(() => {});
        }
      },
      cancel() {
        // The client went away mid-stream: stop the upstream and bill what was produced so far.
        attempt.signal?.abort();
        reader.cancel().catch(() => {});
        if (!finished) settle('aborted', undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
