import { createJsonErrorResponseHandler } from '@tokenwise/provider-utils';
import { ApiCallError } from '@tokenwise/spec';
import type * as v from 'valibot';
import { type openaiErrorObjectSchema, openaiErrorSchema } from './openai-api.js';

/** Builds `ApiCallError`s from OpenAI error bodies (`error.message`). */
export const openaiFailedResponseHandler = createJsonErrorResponseHandler({
  errorSchema: openaiErrorSchema,
  errorToMessage: (body) => body.error.message,
});

/**
 * An error object delivered inside a 200 response or a stream chunk (OpenRouter does this when the upstream
 * model fails after the headers were sent). A numeric `code` is the HTTP status it stands for.
 */
export function openaiInBandError(
  error: v.InferOutput<typeof openaiErrorObjectSchema>,
  { provider, url, redact }: { provider: string; url: string; redact: (text: string) => string },
): ApiCallError {
  const statusCode = typeof error.code === 'number' ? error.code : undefined;
  return new ApiCallError({
    message: redact(error.message),
    provider,
    url,
    statusCode,
    isRetryable: statusCode === undefined ? true : undefined,
    responseBody: redact(JSON.stringify({ error })),
  });
}
