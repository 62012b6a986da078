import type { CallOptions, CallWarning, JsonObject } from '@tokenwise/spec';
import { addAnthropicExtendedArgs } from './add-anthropic-extended-args.js';
import {
  type AnthropicTextBlock,
  convertToAnthropicMessages,
  withCache,
} from './convert-to-anthropic-messages.js';

/** `max_tokens` sent when the caller gives none: the API requires the field, and this is its documented example. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** The request body of `POST /v1/messages` and the warnings produced while building it. */
export interface AnthropicRequest {
  body: JsonObject;
  warnings: CallWarning[];
}

/**
 * Builds the Messages API body from spec call options. Anthropic has no JSON mode, so a JSON response format
 * is asked for through an extra system instruction (with the schema when given) and reported as a warning:
 * the answer is likely, not guaranteed, to be valid JSON. When both `temperature` and `topP` are given only
 * `temperature` is sent (recent Claude models reject the pair), with an `unsupported-setting` warning for `topP`.
 */
export function buildAnthropicRequest(
  modelId: string,
  options: CallOptions,
  settings: { defaultMaxTokens?: number; stream: boolean },
): AnthropicRequest {
  const warnings: CallWarning[] = [];
  const { system, messages } = convertToAnthropicMessages(options.prompt);

  let systemField: string | AnthropicTextBlock[] | undefined = system;
  if (options.responseFormat?.type === 'json') {
    const schema = options.responseFormat.schema;
    const instruction =
      schema === undefined
        ? 'Answer with one valid JSON value only, without prose or code fences.'
        : `Answer with one valid JSON value only, without prose or code fences, matching this JSON Schema: ${JSON.stringify(schema)}`;
    systemField = appendSystemText(systemField, instruction);
    warnings.push({
      type: 'unsupported-setting',
      setting: 'responseFormat',
      message:
        'Anthropic has no JSON mode; JSON was requested through a system instruction and is not guaranteed.',
    });
  }
  if (options.seed !== undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'seed',
      message: 'Anthropic does not support seed.',
    });
  }

  const body: JsonObject = {
    model: modelId,
    max_tokens: options.maxOutputTokens ?? settings.defaultMaxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: messages as unknown as JsonObject[],
  };
  if (systemField !== undefined) body.system = systemField as unknown as JsonObject;
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.topP !== undefined) {
    if (options.temperature === undefined) {
      body.top_p = options.topP;
    } else {
      // recent Claude models answer 400 when both are set; temperature is the setting callers tune most
      warnings.push({
        type: 'unsupported-setting',
        setting: 'topP',
        message: 'Anthropic models reject temperature together with topP; only temperature was sent.',
      });
    }
  }
  if (options.stopSequences !== undefined && options.stopSequences.length > 0) {
    body.stop_sequences = options.stopSequences;
  }
  if (options.user !== undefined) body.metadata = { user_id: options.user };

  if (options.tools !== undefined && options.tools.length > 0) {
    body.tools = options.tools.map((tool) =>
      withCache(
        {
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          input_schema: tool.inputSchema,
        },
        tool.cacheControl,
      ),
    ) as unknown as JsonObject[];
    const choice = options.toolChoice;
    if (choice !== undefined) {
      switch (choice.type) {
        case 'auto':
          body.tool_choice = { type: 'auto' };
          break;
        case 'none':
          body.tool_choice = { type: 'none' };
          break;
        case 'required':
          body.tool_choice = { type: 'any' };
          break;
        case 'tool':
          body.tool_choice = { type: 'tool', name: choice.toolName };
          break;
      }
    }
  } else if (options.toolChoice !== undefined && options.toolChoice.type !== 'auto') {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'toolChoice',
      message: 'toolChoice was ignored because no tools were given.',
    });
  }

  warnings.push(...addAnthropicExtendedArgs(body, options));
  if (settings.stream) body.stream = true;
  // vendor-specific fields (thinking, top_k, service_tier, ...) pass through as given:
  Object.assign(body, options.providerOptions?.anthropic);
  return { body, warnings };
}

function appendSystemText(
  system: string | AnthropicTextBlock[] | undefined,
  text: string,
): string | AnthropicTextBlock[] {
  if (system === undefined) return text;
  if (typeof system === 'string') return `${system}\n\n${text}`;
  return [...system, { type: 'text', text }];
}
