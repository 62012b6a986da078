import type { OpenAIHttpError } from '../../errors/openai-http-error.js';
import { toOpenAIError } from '../../errors/to-openai-error.js';

/**
 * The Responses door's error mapping: the Responses API uses OpenAI's error body, so this is the proxy's one
 * mapping (`toOpenAIError`) as is: status class, code and a redacted one-line message (402 `budget_exceeded`
 * for a budget refusal).
 */
export function toResponsesError(error: unknown): OpenAIHttpError {
  return toOpenAIError(error);
}
