import * as v from 'valibot';
import { tokenwiseExtensionSchema } from '../shared/tokenwise-extension-schema.js';

const inputText = v.object({ type: v.literal('input_text'), text: v.string() });
const inputImage = v.object({
  type: v.literal('input_image'),
  image_url: v.nullish(v.pipe(v.string(), v.minLength(1))),
  file_id: v.nullish(v.string()),
  detail: v.nullish(v.string()),
});
const outputText = v.object({
  type: v.literal('output_text'),
  text: v.string(),
  annotations: v.nullish(v.array(v.unknown())),
});
const refusal = v.object({ type: v.literal('refusal'), refusal: v.string() });

const contentPart = v.variant(
  'type',
  [inputText, inputImage, outputText, refusal],
  'Unsupported content part: expected `input_text`, `input_image`, `output_text` or `refusal`.',
);

const messageItem = v.object({
  type: v.optional(v.literal('message')),
  role: v.picklist(
    ['user', 'assistant', 'system', 'developer'],
    'Expected role `user`, `assistant`, `system` or `developer`.',
  ),
  content: v.union([v.string(), v.array(contentPart)], 'Expected a string or an array of content parts.'),
  id: v.nullish(v.string()),
  status: v.nullish(v.string()),
});
const functionCallItem = v.object({
  type: v.literal('function_call'),
  call_id: v.pipe(v.string(), v.minLength(1)),
  name: v.pipe(v.string(), v.minLength(1)),
  arguments: v.string(),
  id: v.nullish(v.string()),
  status: v.nullish(v.string()),
});
const functionCallOutputItem = v.object({
  type: v.literal('function_call_output'),
  call_id: v.pipe(v.string(), v.minLength(1)),
  output: v.union(
    [v.string(), v.array(v.variant('type', [inputText, inputImage]))],
    'Expected a string or input parts.',
  ),
  id: v.nullish(v.string()),
  status: v.nullish(v.string()),
});
const reasoningItem = v.object({
  type: v.literal('reasoning'),
  id: v.nullish(v.string()),
  summary: v.nullish(v.array(v.object({ type: v.string(), text: v.string() }))),
  content: v.nullish(v.array(v.object({ type: v.string(), text: v.string() }))),
  encrypted_content: v.nullish(v.string()),
});

// Items are told apart by `type`; a message may omit it (`{ role, content }`). Other item types (built-in tool
// calls, item_reference) are refused by name in toCall.
const knownItemTypes = ['message', 'function_call', 'function_call_output', 'reasoning'];
const otherItem = v.pipe(
  v.looseObject({ type: v.string() }),
  v.check((item) => !knownItemTypes.includes(item.type)),
);
const inputItem = v.union(
  [messageItem, functionCallItem, functionCallOutputItem, reasoningItem, otherItem],
  'Expected an input item: a message, `function_call`, `function_call_output` or `reasoning`.',
);

const functionTool = v.looseObject({
  type: v.string(),
  name: v.nullish(v.string()),
  description: v.nullish(v.string()),
  parameters: v.nullish(v.record(v.string(), v.unknown())),
  strict: v.nullish(v.boolean()),
});

const toolChoice = v.union(
  [
    v.picklist(['none', 'auto', 'required']),
    v.object({ type: v.literal('function'), name: v.pipe(v.string(), v.minLength(1)) }),
    v.looseObject({ type: v.string() }),
  ],
  'Expected `none`, `auto`, `required` or `{ "type": "function", "name": … }`.',
);

const format = v.variant(
  'type',
  [
    v.object({ type: v.literal('text') }),
    v.object({ type: v.literal('json_object') }),
    v.object({
      type: v.literal('json_schema'),
      name: v.pipe(v.string(), v.minLength(1)),
      schema: v.record(v.string(), v.unknown()),
      description: v.nullish(v.string()),
      strict: v.nullish(v.boolean()),
    }),
  ],
  'Expected text.format of type `text`, `json_object` or `json_schema`.',
);

/** The `POST /v1/responses` body as the Responses door reads it; unknown top-level fields are ignored. */
export const responsesRequestSchema = v.object({
  model: v.optional(v.pipe(v.string(), v.minLength(1)), 'auto'),
  input: v.union([
    v.string(),
    v.pipe(v.array(inputItem), v.minLength(1, 'Expected at least one input item.')),
  ]),
  instructions: v.nullish(v.string()),
  tools: v.nullish(v.array(functionTool)),
  tool_choice: v.nullish(toolChoice),
  max_output_tokens: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(1))),
  temperature: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(2))),
  top_p: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  top_logprobs: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20))),
  text: v.nullish(v.object({ format: v.nullish(format), verbosity: v.nullish(v.string()) })),
  reasoning: v.nullish(v.object({ effort: v.nullish(v.string()), summary: v.nullish(v.string()) })),
  parallel_tool_calls: v.nullish(v.boolean()),
  metadata: v.nullish(v.record(v.string(), v.string())),
  user: v.nullish(v.string()),
  service_tier: v.nullish(v.string()),
  stream: v.nullish(v.boolean()),
  store: v.nullish(v.boolean()),
  previous_response_id: v.nullish(v.string()),
  conversation: v.nullish(v.unknown()),
  tokenwise: v.nullish(tokenwiseExtensionSchema),
});

/** A validated Responses request. */
export type ResponsesRequest = v.InferOutput<typeof responsesRequestSchema>;
