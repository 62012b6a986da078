import type { FinishReason } from '@tokenwise/spec';
import type { ResponsesRequest } from './request-schema.js';
import type { ResponsesUsage } from './to-responses-usage.js';

/** An `output_text` part of a message item. */
export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations: never[];
  logprobs: never[];
}

/** One item of `response.output`. */
export type OutputItem =
  | {
      type: 'message';
      id: string;
      status: 'in_progress' | 'completed';
      role: 'assistant';
      content: OutputTextPart[];
    }
  | {
      type: 'function_call';
      id: string;
      call_id: string;
      name: string;
      arguments: string;
      status: 'in_progress' | 'completed';
    }
  | {
      type: 'reasoning';
      id: string;
      summary: never[];
      content: Array<{ type: 'reasoning_text'; text: string }>;
      status?: 'in_progress' | 'completed';
    };

/** The `response` object of the Responses API, with TokenWise's `usage.cost`. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  model: string;
  output: OutputItem[];
  usage: ResponsesUsage | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  error: { code: string; message: string } | null;
  previous_response_id: null;
  store: false;
  instructions: string | null;
  tools: unknown[];
  tool_choice: unknown;
  parallel_tool_calls: boolean;
  temperature: number | null;
  top_p: number | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  text: unknown;
  reasoning: unknown;
  user: string | null;
}

/** What every response object repeats from its request, as OpenAI's does. */
export interface ResponseContext {
  id: string;
  /** Epoch seconds. */
  createdAt: number;
  /** The model name shown to the client. */
  model: string;
  request: ResponsesRequest;
}

/** A response object without output or usage yet (status `in_progress`), echoing the request's settings. */
export function emptyResponse(context: ResponseContext): ResponseObject {
  const { request } = context;
  return {
    id: context.id,
    object: 'response',
    created_at: context.createdAt,
    status: 'in_progress',
    model: context.model,
    output: [],
    usage: null,
    incomplete_details: null,
    error: null,
    previous_response_id: null,
    store: false,
    instructions: request.instructions ?? null,
    tools: request.tools ?? [],
    tool_choice: request.tool_choice ?? 'auto',
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    metadata: request.metadata ?? {},
    text: request.text ?? { format: { type: 'text' } },
    reasoning: request.reasoning ?? null,
    user: request.user ?? null,
  };
}

/** `completed`, or `incomplete` with its reason when output was cut by `max_output_tokens` or a filter. */
export function finalStatus(
  finishReason: FinishReason,
): Pick<ResponseObject, 'status' | 'incomplete_details'> {
  if (finishReason.unified === 'length')
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finishReason.unified === 'content-filter') {
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  }
  return { status: 'completed', incomplete_details: null };
}
