import type { CallOptions, FunctionTool, JsonSchema, ToolChoice } from '@tokenwise/spec';
import type { DoorCall } from '../shared/door-call.js';
import { AnthropicHttpError } from './anthropic-http-error.js';
import type { MessagesRequest } from './request-schema.js';
import { toPrompt } from './to-prompt.js';

/** The Anthropic request headers a door forwards (only an Anthropic upstream reads them). */
export interface AnthropicForwardedHeaders {
  'anthropic-version'?: string | undefined;
  'anthropic-beta'?: string | undefined;
}

/**
 * Turns a validated Messages request into an engine call: the prompt (with cache breakpoints and thinking
 * blocks), tools, `tool_choice` (`any` → required, `disable_parallel_tool_use` → `parallelToolCalls: false`),
 * sampling, `thinking`, `metadata.user_id` → `user`, `service_tier` for Anthropic only, and the
 * `anthropic-version` / `anthropic-beta` headers. `max_tokens` becomes the requested output cap, which the
 * engine's budget clamp may lower (then the engine lowers the thinking budget with it, see core `fitThinkingBudget`).
 * @throws AnthropicHttpError 400 for server tools (`web_search_…`, `bash_…`), which the proxy cannot run.
 */
export function toCall(request: MessagesRequest, headers: AnthropicForwardedHeaders = {}): DoorCall {
  const options: DoorCall['options'] = { prompt: toPrompt(request.system, request.messages) };
  if (request.tools != null && request.tools.length > 0) options.tools = request.tools.map(toTool);
  const choice = request.tool_choice;
  if (choice != null) {
    options.toolChoice = toToolChoice(choice);
    if ('disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true) {
      options.parallelToolCalls = false;
    }
  }
  if (request.stop_sequences != null && request.stop_sequences.length > 0) {
    options.stopSequences = request.stop_sequences;
  }
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.topP = request.top_p;
  if (request.top_k != null) options.topK = request.top_k;
  if (request.thinking != null) options.thinking = toThinking(request.thinking);
  if (request.metadata?.user_id != null) options.user = request.metadata.user_id;
  if (request.service_tier != null) {
    options.providerOptions = { anthropic: { service_tier: request.service_tier } };
  }
  const forwarded: Record<string, string> = {};
  for (const name of ['anthropic-version', 'anthropic-beta'] as const) {
    const value = headers[name];
    if (value !== undefined && value !== '') forwarded[name] = value;
  }
  if (Object.keys(forwarded).length > 0) options.headers = forwarded;
  return {
    options,
    model: request.model,
    stream: request.stream === true,
    requestedMaxOutputTokens: request.max_tokens,
    extension: request.tokenwise ?? {},
  };
}

function toTool(tool: NonNullable<MessagesRequest['tools']>[number], index: number): FunctionTool {
  if (tool.type != null && tool.type !== 'custom') {
    throw new AnthropicHttpError({
      status: 400,
      type: 'invalid_request_error',
      message: `tools[${index}]: the server tool type \`${tool.type}\` is not supported by this proxy; only client tools (with input_schema) are.`,
    });
  }
  return {
    type: 'function',
    name: tool.name,
    ...(tool.description != null ? { description: tool.description } : {}),
    inputSchema: (tool.input_schema ?? { type: 'object', properties: {} }) as JsonSchema,
    ...(tool.cache_control != null
      ? {
          cacheControl: {
            type: 'ephemeral',
            ...(tool.cache_control.ttl !== undefined ? { ttl: tool.cache_control.ttl } : {}),
          },
        }
      : {}),
  };
}

function toToolChoice(choice: NonNullable<MessagesRequest['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return { type: 'auto' };
    case 'any':
      return { type: 'required' };
    case 'none':
      return { type: 'none' };
    case 'tool':
      return { type: 'tool', toolName: choice.name };
  }
}

function toThinking(
  thinking: NonNullable<MessagesRequest['thinking']>,
): NonNullable<CallOptions['thinking']> {
  return thinking.type === 'enabled'
    ? { type: 'enabled', budgetTokens: thinking.budget_tokens }
    : { type: 'disabled' };
}
