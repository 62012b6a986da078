import {
  type CallWarning,
  type FinishReason,
  InvalidResponseDataError,
  type StreamPart,
  type Usage,
} from '@tokenwise/spec';
import * as v from 'valibot';
import { googleToolCallId } from './convert-google-response.js';
import { convertGoogleUsage } from './convert-google-usage.js';
import { googleErrorSchema, type googleStreamEventSchema } from './google-api.js';
import { createGoogleStreamError } from './google-error.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';

/** One validated (or rejected) event of the `:streamGenerateContent?alt=sse` stream. */
export type GoogleStreamChunk =
  | { success: true; value: v.InferOutput<typeof googleStreamEventSchema> }
  | { success: false; error: unknown };

/**
 * Turns Gemini stream chunks into spec stream parts. Each chunk is a whole `GenerateContentResponse`: text
 * arrives in pieces, function calls arrive complete, usage is repeated (the last one wins) and the finish
 * reason comes on the last chunk. Gemini sends no end marker, so a stream that closes without a finish reason
 * (or a prompt block) was cut and ends with an `error` part; otherwise it ends with one `finish` part.
 */
export function createGoogleStreamTransformer(options: {
  warnings: CallWarning[];
  url: string;
}): TransformStream<GoogleStreamChunk, StreamPart> {
  let usage: Usage = { inputTokens: undefined, outputTokens: undefined };
  let rawFinishReason: string | undefined;
  let blockReason: string | undefined;
  let toolCalls = 0;
  let metadataSent = false;
  let failed = false;

  return new TransformStream<GoogleStreamChunk, StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: options.warnings });
    },
    transform(chunk, controller) {
      if (failed) return;
      if (!chunk.success) {
        failed = true;
        controller.enqueue({ type: 'error', error: chunk.error });
        return;
      }
      const value = chunk.value;
      const errorBody = v.safeParse(googleErrorSchema, value);
      if (errorBody.success) {
        failed = true;
        controller.enqueue({
          type: 'error',
          error: createGoogleStreamError(errorBody.output.error, options.url),
        });
        return;
      }
      if (!('candidates' in value) && !('usageMetadata' in value) && !('promptFeedback' in value)) return;
      const response = value as Exclude<typeof value, v.InferOutput<typeof googleErrorSchema>>;
      if (!metadataSent) {
        metadataSent = true;
        controller.enqueue({
          type: 'response-metadata',
          ...(response.responseId != null ? { id: response.responseId } : {}),
          ...(response.modelVersion != null ? { modelId: response.modelVersion } : {}),
        });
      }
      if (response.usageMetadata != null) usage = convertGoogleUsage(response.usageMetadata);
      if (response.promptFeedback?.blockReason != null) blockReason = response.promptFeedback.blockReason;
      const candidate = response.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) {
        if (part.functionCall != null) {
          const toolCallId = part.functionCall.id ?? googleToolCallId(response.responseId, toolCalls);
          const input = JSON.stringify(part.functionCall.args ?? {});
          const toolName = part.functionCall.name;
          controller.enqueue({
            type: 'tool-call-delta',
            index: toolCalls,
            toolCallId,
            toolName,
            inputDelta: input,
          });
          controller.enqueue({ type: 'tool-call', toolCallId, toolName, input });
          toolCalls++;
        } else if (part.text != null && part.text !== '') {
          controller.enqueue({
            type: part.thought === true ? 'reasoning-delta' : 'text-delta',
            delta: part.text,
          });
        }
      }
      if (candidate?.finishReason != null) rawFinishReason = candidate.finishReason;
    },
    flush(controller) {
      if (failed) return;
      let finishReason: FinishReason;
      if (rawFinishReason !== undefined) finishReason = mapGoogleFinishReason(rawFinishReason, toolCalls > 0);
      else if (blockReason !== undefined) finishReason = { unified: 'content-filter', raw: blockReason };
      else {
        controller.enqueue({
          type: 'error',
          error: new InvalidResponseDataError({
            message: 'Gemini stream ended without a finish reason: the connection was cut; retry the call.',
            provider: 'google',
            data: { usage },
          }),
        });
        return;
      }
      controller.enqueue({ type: 'finish', finishReason, usage });
    },
  });
}
