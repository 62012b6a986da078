import type { FunctionTool, JsonObject, JsonSchema, JsonValue, ToolChoice } from '@tokenwise/spec';
import type { DoorCall } from '../shared/door-call.js';
import { invalid } from './parse-request.js';
import type { ResponsesRequest } from './request-schema.js';
import { resolveItemReferences } from './resolve-item-references.js';
import type { ResponseItemCache } from './response-item-cache.js';
import { toPrompt } from './to-prompt.js';

/**
 * Turns a validated Responses request into an engine call. `previous_response_id`, `conversation` and
 * `store: true` need server-side state the proxy does not keep, so they are refused with a 400 that says so
 * (never ignored). `item_reference` inputs are resolved from `items` (this process's recent output items) or
 * refused. Built-in tools (`web_search`, `file_search`, …) are refused naming their type.
 */
export function toCall(request: ResponsesRequest, { items }: { items?: ResponseItemCache } = {}): DoorCall {
  refuseServerState(request);
  const input = resolveItemReferences(request.input, items);
  const options: DoorCall['options'] = { prompt: toPrompt(request.instructions, input) };
  if (request.tools != null && request.tools.length > 0) options.tools = request.tools.map(toTool);
  if (request.tool_choice != null) options.toolChoice = toToolChoice(request.tool_choice);
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.topP = request.top_p;
  if (request.top_logprobs != null) {
    options.logprobs = true;
    options.topLogprobs = request.top_logprobs;
  }
  if (request.parallel_tool_calls != null) options.parallelToolCalls = request.parallel_tool_calls;
  if (request.reasoning?.effort != null) options.reasoningEffort = request.reasoning.effort;
  if (request.user != null) options.user = request.user;
  const format = request.text?.format;
  if (format?.type === 'json_object') options.responseFormat = { type: 'json' };
  if (format?.type === 'json_schema') {
    options.responseFormat = {
      type: 'json',
      name: format.name,
      schema: format.schema as JsonSchema,
      ...(format.description != null ? { description: format.description } : {}),
    };
  }
  const vendorOnly: JsonObject = {};
  if (request.metadata != null) vendorOnly.metadata = request.metadata as JsonValue;
  if (request.service_tier != null) vendorOnly.service_tier = request.service_tier;
  if (Object.keys(vendorOnly).length > 0)
    options.providerOptions = { openai: vendorOnly, openrouter: vendorOnly };
  return {
    options,
    model: request.model,
    stream: request.stream === true,
    requestedMaxOutputTokens: request.max_output_tokens ?? undefined,
    extension: request.tokenwise ?? {},
  };
}

function refuseServerState(request: ResponsesRequest): void {
  if (request.previous_response_id != null) {
    throw invalid(
      'previous_response_id is not supported: this proxy keeps no server-side response state. Send the whole conversation in input.',
      'previous_response_id',
      'unsupported_parameter',
    );
  }
  if (request.conversation != null) {
    throw invalid(
      'conversation is not supported: this proxy keeps no server-side conversation state. Send the whole conversation in input.',
      'conversation',
      'unsupported_parameter',
    );
  }
  if (request.store === true) {
    throw invalid(
      'store: true is not supported: this proxy keeps no server-side response state. Send store: false (or omit it) and the whole conversation in input.',
      'store',
      'unsupported_parameter',
    );
  }
}

function toTool(tool: NonNullable<ResponsesRequest['tools']>[number], index: number): FunctionTool {
  if (tool.type !== 'function') {
    throw invalid(
      `tools[${index}]: the built-in tool type \`${tool.type}\` is not supported by this proxy; only function tools are.`,
      `tools[${index}].type`,
      'unsupported_tool_type',
    );
  }
  if (tool.name == null || tool.name === '')
    throw invalid(`tools[${index}]: a function tool needs a name.`, `tools[${index}].name`);
  return {
    type: 'function',
    name: tool.name,
    ...(tool.description != null ? { description: tool.description } : {}),
    inputSchema: (tool.parameters ?? { type: 'object', properties: {} }) as JsonSchema,
  };
}

function toToolChoice(choice: NonNullable<ResponsesRequest['tool_choice']>): ToolChoice {
  if (typeof choice === 'string') return { type: choice };
  if (choice.type === 'function' && typeof choice.name === 'string')
    return { type: 'tool', toolName: choice.name };
  throw invalid(
    `tool_choice of type \`${choice.type}\` is not supported by this proxy; use none, auto, required or a function.`,
    'tool_choice',
  );
}
