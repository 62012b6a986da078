import * as v from 'valibot';
import { OpenAIHttpError } from '../../errors/openai-http-error.js';
import { firstIssue } from '../shared/first-issue.js';
import { type ResponsesRequest, responsesRequestSchema } from './request-schema.js';

/**
 * Validates a parsed JSON body as a Responses request.
 * @throws OpenAIHttpError 400 naming the first offending field in `param` (e.g. `input[0].content`).
 */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object.', undefined);
  }
  const result = v.safeParse(responsesRequestSchema, body, { abortEarly: true });
  if (result.success) return result.output;
  const { param, message } = firstIssue(result.issues);
  throw invalid(message, param);
}

/** A 400 in OpenAI's shape, as the Responses door answers bad requests. */
export function invalid(
  message: string,
  param: string | undefined,
  code = 'invalid_request',
): OpenAIHttpError {
  return new OpenAIHttpError({
    status: 400,
    type: 'invalid_request_error',
    code,
    message,
    ...(param === undefined ? {} : { param }),
  });
}
