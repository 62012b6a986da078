import {
  combineHeaders,
  createEventSourceResponseHandler,
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  postJsonToApi,
} from '@tokenwise/provider-utils';
import type { CallOptions, GenerateResult, LanguageModelV1, StreamResult } from '@tokenwise/spec';
import {
  anthropicErrorSchema,
  anthropicMessageResponseSchema,
  anthropicStreamEventSchema,
} from './anthropic-api.js';
import type { AnthropicConfig } from './anthropic-config.js';
import { createAnthropicStreamTransformer } from './anthropic-stream-transformer.js';
import { buildAnthropicRequest } from './build-anthropic-request.js';
import { convertAnthropicResponse } from './convert-anthropic-response.js';

// Anthropic's error body carries the type and the message; overloaded_error (529) and api_error (500) are
// retryable through the status-based default.
const failedResponseHandler = createJsonErrorResponseHandler({
  errorSchema: anthropicErrorSchema,
  errorToMessage: (body) => `Anthropic ${body.error.type}: ${body.error.message}`,
});

/**
 * A Claude model behind the Messages API (`POST {baseURL}/v1/messages`), with and without streaming.
 * `modelId` is sent as given (the provider has already mapped OpenRouter-style ids to native ones).
 */
export function createAnthropicLanguageModel(modelId: string, config: AnthropicConfig): LanguageModelV1 {
  const call = (options: CallOptions, stream: boolean) => {
    const { body, warnings } = buildAnthropicRequest(modelId, options, {
      stream,
      ...(config.defaultMaxTokens !== undefined ? { defaultMaxTokens: config.defaultMaxTokens } : {}),
    });
    const url = `${config.baseURL()}/v1/messages`;
    const common = {
      url,
      provider: config.provider,
      headers: combineHeaders(config.headers(), options.headers),
      body,
      failedResponseHandler,
      ...(config.fetch !== undefined ? { fetch: config.fetch } : {}),
      ...(options.abortSignal !== undefined ? { abortSignal: options.abortSignal } : {}),
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    };
    return { common, warnings, url };
  };

  return {
    specificationVersion: 'v1',
    provider: config.provider,
    modelId,

    async doGenerate(options: CallOptions): Promise<GenerateResult> {
      const { common, warnings } = call(options, false);
      const { value, responseHeaders } = await postJsonToApi({
        ...common,
        successfulResponseHandler: createJsonResponseHandler(anthropicMessageResponseSchema),
        ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
      });
      const { content, finishReason, usage } = convertAnthropicResponse(value);
      return {
        content,
        finishReason,
        usage,
        warnings,
        response: {
          ...(value.id != null ? { id: value.id } : {}),
          ...(value.model != null ? { modelId: value.model } : {}),
          headers: responseHeaders,
        },
      };
    },

    async doStream(options: CallOptions): Promise<StreamResult> {
      const { common, warnings, url } = call(options, true);
      const { value, responseHeaders } = await postJsonToApi({
        ...common,
        successfulResponseHandler: createEventSourceResponseHandler(anthropicStreamEventSchema),
      });
      return {
        stream: value.pipeThrough(createAnthropicStreamTransformer({ warnings, url })),
        response: { headers: responseHeaders },
      };
    },
  };
}
