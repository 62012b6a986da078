import {
  combineHeaders,
  createEventSourceResponseHandler,
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  postJsonToApi,
} from '@tokenwise/provider-utils';
import type { CallOptions, GenerateResult, LanguageModelV1, StreamResult } from '@tokenwise/spec';
import { buildGoogleRequest } from './build-google-request.js';
import { convertGoogleResponse } from './convert-google-response.js';
import {
  googleErrorSchema,
  googleGenerateContentResponseSchema,
  googleStreamEventSchema,
} from './google-api.js';
import type { GoogleConfig } from './google-config.js';
import { googleModelPath } from './google-model-id.js';
import { createGoogleStreamTransformer } from './google-stream-transformer.js';

const failedResponseHandler = createJsonErrorResponseHandler({
  errorSchema: googleErrorSchema,
  errorToMessage: (body) =>
    `Gemini ${body.error.status ?? body.error.code ?? 'error'}: ${body.error.message}`,
});

/**
 * A Gemini model behind the Generative Language API (`:generateContent`, `:streamGenerateContent?alt=sse`).
 * The API key travels in the `x-goog-api-key` header, never in the URL, so it cannot leak through error
 * messages that quote the URL.
 */
export function createGoogleLanguageModel(modelId: string, config: GoogleConfig): LanguageModelV1 {
  const prepare = (options: CallOptions, method: 'generateContent' | 'streamGenerateContent?alt=sse') => {
    const { body, warnings } = buildGoogleRequest(options);
    const url = `${config.baseURL()}/${googleModelPath(modelId)}:${method}`;
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
      const { common, warnings } = prepare(options, 'generateContent');
      const { value, responseHeaders } = await postJsonToApi({
        ...common,
        successfulResponseHandler: createJsonResponseHandler(googleGenerateContentResponseSchema),
        ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
      });
      const { content, finishReason, usage } = convertGoogleResponse(value);
      return {
        content,
        finishReason,
        usage,
        warnings,
        response: {
          ...(value.responseId != null ? { id: value.responseId } : {}),
          ...(value.modelVersion != null ? { modelId: value.modelVersion } : {}),
          headers: responseHeaders,
        },
      };
    },

    async doStream(options: CallOptions): Promise<StreamResult> {
      const { common, warnings, url } = prepare(options, 'streamGenerateContent?alt=sse');
      const { value, responseHeaders } = await postJsonToApi({
        ...common,
        successfulResponseHandler: createEventSourceResponseHandler(googleStreamEventSchema),
      });
      return {
        stream: value.pipeThrough(createGoogleStreamTransformer({ warnings, url })),
        response: { headers: responseHeaders },
      };
    },
  };
}
