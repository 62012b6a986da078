import * as v from 'valibot';
import { OpenAIHttpError } from '../../errors/openai-http-error.js';
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
  const issue = deepestIssue(result.issues[0]);
  const param = toParam(issue.path);
  const expected =
    issue.expected && issue.received ? ` (expected ${issue.expected}, got ${issue.received})` : '';
  const message =
    issue.kind === 'schema' && issue.received === 'undefined'
      ? `Missing required parameter${param ? ` '${param}'` : ''}.`
      : `Invalid value${param ? ` for '${param}'` : ''}: ${issue.message}${issue.message.includes('Expected') ? '' : expected}`;
  throw invalid(message, param);
}

type Issue = v.BaseIssue<unknown>;

/** Unions report their own issue plus the members' issues; the deepest one names the precise field. */
function deepestIssue(issue: Issue | undefined): Issue {
  if (!issue)
    return {
      kind: 'schema',
      type: 'object',
      input: undefined,
      expected: null,
      received: 'unknown',
      message: 'Invalid body.',
    };
  let best = issue;
  for (const inner of issue.issues ?? []) {
    const candidate = deepestIssue(inner);
    if ((candidate.path?.length ?? 0) > (best.path?.length ?? 0)) best = candidate;
  }
  return best;
}

function toParam(path: Issue['path']): string | undefined {
  if (!path || path.length === 0) return undefined;
  let param = '';
  for (const item of path) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'number') param += `[${key}]`;
    else param += param === '' ? String(key) : `.${String(key)}`;
  }
  return param;
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
