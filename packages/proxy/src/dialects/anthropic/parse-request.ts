import * as v from 'valibot';
import { firstIssue } from '../shared/first-issue.js';
import { AnthropicHttpError } from './anthropic-http-error.js';
import {
  type CountTokensRequest,
  countTokensRequestSchema,
  type MessagesRequest,
  messagesRequestSchema,
} from './request-schema.js';

/**
 * Validates a parsed JSON body as a Messages request.
 * @throws AnthropicHttpError 400 `invalid_request_error` naming the first offending field.
 */
export function parseMessagesRequest(body: unknown): MessagesRequest {
  return parse(messagesRequestSchema, body);
}

/** Validates a `count_tokens` body (no `max_tokens`). */
export function parseCountTokensRequest(body: unknown): CountTokensRequest {
  return parse(countTokensRequestSchema, body);
}

function parse<TSchema extends v.GenericSchema>(schema: TSchema, body: unknown): v.InferOutput<TSchema> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object.');
  }
  const result = v.safeParse(schema, body, { abortEarly: true });
  if (result.success) return result.output;
  const { param, message } = firstIssue(result.issues);
  throw invalid(param === undefined || message.includes(param) ? message : `${param}: ${message}`);
}

function invalid(message: string): AnthropicHttpError {
  return new AnthropicHttpError({ status: 400, type: 'invalid_request_error', message });
}
