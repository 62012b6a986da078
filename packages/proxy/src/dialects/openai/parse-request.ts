import * as v from 'valibot';
import { OpenAIHttpError } from '../../errors/openai-http-error.js';
import { firstIssue } from '../shared/first-issue.js';
import { type ChatCompletionRequest, chatCompletionRequestSchema } from './request-schema.js';

/**
 * Validates a parsed JSON body as a chat-completions request.
 * @throws OpenAIHttpError 400 naming the first offending field in `param` (e.g. `messages[0].content`).
 */
export function parseChatCompletionRequest(body: unknown): ChatCompletionRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object.', undefined);
  }
  const result = v.safeParse(chatCompletionRequestSchema, body, { abortEarly: true });
  if (result.success) return result.output;
  const { param, message } = firstIssue(result.issues);
  throw invalid(message, param);
}

function invalid(message: string, param: string | undefined): OpenAIHttpError {
  return new OpenAIHttpError({
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_request',
    message,
    ...(param === undefined ? {} : { param }),
  });
}
