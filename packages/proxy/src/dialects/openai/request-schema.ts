import * as v from 'valibot';
import { tokenwiseExtensionSchema } from '../shared/tokenwise-extension-schema.js';

const textPart = v.object({ type: v.literal('text'), text: v.string() });
const imagePart = v.object({
  type: v.literal('image_url'),
  image_url: v.object({ url: v.pipe(v.string(), v.minLength(1)), detail: v.optional(v.string()) }),
});
const refusalPart = v.object({ type: v.literal('refusal'), refusal: v.string() });

const textContent = v.union([v.string(), v.array(textPart)], 'Expected a string or an array of text parts.');

const systemMessage = v.object({
  role: v.picklist(['system', 'developer']),
  content: textContent,
  name: v.optional(v.string()),
});

const userMessage = v.object({
  role: v.literal('user'),
  content: v.union(
    [v.string(), v.array(v.variant('type', [textPart, imagePart], 'Expected a `text` or `image_url` part.'))],
    'Expected a string or an array of `text` / `image_url` parts.',
  ),
  name: v.optional(v.string()),
});

const toolCall = v.object({
  id: v.string(),
  type: v.optional(v.literal('function'), 'function'),
  function: v.object({ name: v.string(), arguments: v.string() }),
});

const assistantMessage = v.object({
  role: v.literal('assistant'),
  content: v.nullish(v.union([v.string(), v.array(v.variant('type', [textPart, refusalPart]))])),
  tool_calls: v.nullish(v.array(toolCall)),
  name: v.optional(v.string()),
  refusal: v.nullish(v.string()),
});

const toolMessage = v.object({
  role: v.literal('tool'),
  tool_call_id: v.string(),
  content: textContent,
});

const message = v.variant(
  'role',
  [systemMessage, userMessage, assistantMessage, toolMessage],
  'Expected a message with role `system`, `developer`, `user`, `assistant` or `tool`.',
);

const functionTool = v.object({
  type: v.literal('function'),
  function: v.object({
    name: v.pipe(v.string(), v.minLength(1)),
    description: v.optional(v.string()),
    parameters: v.optional(v.record(v.string(), v.unknown())),
    strict: v.nullish(v.boolean()),
  }),
});

const toolChoice = v.union(
  [
    v.picklist(['none', 'auto', 'required']),
    v.object({ type: v.literal('function'), function: v.object({ name: v.string() }) }),
  ],
  'Expected `none`, `auto`, `required` or `{ "type": "function", "function": { "name": … } }`.',
);

const responseFormat = v.variant(
  'type',
  [
    v.object({ type: v.literal('text') }),
    v.object({ type: v.literal('json_object') }),
    v.object({
      type: v.literal('json_schema'),
      json_schema: v.object({
        name: v.string(),
        description: v.optional(v.string()),
        schema: v.optional(v.record(v.string(), v.unknown())),
        strict: v.nullish(v.boolean()),
      }),
    }),
  ],
  'Expected a response_format of type `text`, `json_object` or `json_schema`.',
);

const positiveInteger = v.pipe(v.number(), v.integer(), v.minValue(1));
const penalty = v.pipe(v.number(), v.minValue(-2), v.maxValue(2));

/**
 * The OpenAI chat-completions request body, as far as the proxy reads it. Unknown fields are dropped by
 * `v.object`, so clients sending newer OpenAI fields are not refused.
 */
export const chatCompletionRequestSchema = v.object({
  model: v.optional(v.pipe(v.string(), v.minLength(1)), 'auto'),
  messages: v.pipe(v.array(message), v.minLength(1, 'Expected at least one message.')),
  tools: v.nullish(v.array(functionTool)),
  tool_choice: v.nullish(toolChoice),
  response_format: v.nullish(responseFormat),
  stop: v.nullish(v.union([v.string(), v.array(v.string())], 'Expected a string or an array of strings.')),
  temperature: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(2))),
  top_p: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  seed: v.nullish(v.pipe(v.number(), v.integer())),
  user: v.nullish(v.string()),
  n: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1, 'Only n = 1 is supported.'))),
  max_tokens: v.nullish(positiveInteger),
  max_completion_tokens: v.nullish(positiveInteger),
  stream: v.nullish(v.boolean()),
  stream_options: v.nullish(v.object({ include_usage: v.nullish(v.boolean()) })),
  presence_penalty: v.nullish(penalty),
  frequency_penalty: v.nullish(penalty),
  logit_bias: v.nullish(v.record(v.string(), v.pipe(v.number(), v.minValue(-100), v.maxValue(100)))),
  logprobs: v.nullish(v.boolean()),
  top_logprobs: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20))),
  parallel_tool_calls: v.nullish(v.boolean()),
  reasoning_effort: v.nullish(v.pipe(v.string(), v.minLength(1))),
  // OpenAI-only fields: forwarded to OpenAI-style upstreams through providerOptions, reported as dropped elsewhere
  store: v.nullish(v.boolean()),
  metadata: v.nullish(v.record(v.string(), v.string())),
  service_tier: v.nullish(v.string()),
  prediction: v.nullish(v.object({ type: v.literal('content'), content: v.unknown() })),
  modalities: v.nullish(v.array(v.string())),
  tokenwise: v.nullish(tokenwiseExtensionSchema),
});

/** A validated chat-completions request body. */
export type ChatCompletionRequest = v.InferOutput<typeof chatCompletionRequestSchema>;

/** One validated message of a chat-completions request. */
export type ChatCompletionMessage = ChatCompletionRequest['messages'][number];
