import * as v from 'valibot';
import { tokenwiseExtensionSchema } from '../shared/tokenwise-extension-schema.js';

const cacheControl = v.object({ type: v.literal('ephemeral'), ttl: v.optional(v.string()) });

const textBlock = v.object({
  type: v.literal('text'),
  text: v.string(),
  cache_control: v.nullish(cacheControl),
  citations: v.nullish(v.unknown()),
});
const imageBlock = v.object({
  type: v.literal('image'),
  source: v.variant(
    'type',
    [
      v.object({
        type: v.literal('base64'),
        media_type: v.string(),
        data: v.pipe(v.string(), v.minLength(1)),
      }),
      v.object({ type: v.literal('url'), url: v.pipe(v.string(), v.minLength(1)) }),
    ],
    'Expected an image source of type `base64` or `url`.',
  ),
  cache_control: v.nullish(cacheControl),
});
const toolUseBlock = v.object({
  type: v.literal('tool_use'),
  id: v.pipe(v.string(), v.minLength(1)),
  name: v.pipe(v.string(), v.minLength(1)),
  input: v.record(v.string(), v.unknown()),
  cache_control: v.nullish(cacheControl),
});
const toolResultBlock = v.object({
  type: v.literal('tool_result'),
  tool_use_id: v.pipe(v.string(), v.minLength(1)),
  content: v.optional(
    v.union(
      [
        v.string(),
        v.array(v.variant('type', [textBlock, imageBlock], 'Expected a `text` or `image` block.')),
      ],
      'Expected a string or an array of `text` / `image` blocks.',
    ),
  ),
  is_error: v.nullish(v.boolean()),
  cache_control: v.nullish(cacheControl),
});
const thinkingBlock = v.object({
  type: v.literal('thinking'),
  thinking: v.string(),
  signature: v.nullish(v.string()),
});
const redactedThinkingBlock = v.object({ type: v.literal('redacted_thinking'), data: v.string() });

const block = v.variant(
  'type',
  [textBlock, imageBlock, toolUseBlock, toolResultBlock, thinkingBlock, redactedThinkingBlock],
  'Unsupported content block: expected `text`, `image`, `tool_use`, `tool_result`, `thinking` or `redacted_thinking`.',
);

const message = v.object({
  role: v.picklist(['user', 'assistant'], 'Expected role `user` or `assistant`.'),
  content: v.union([v.string(), v.array(block)], 'Expected a string or an array of content blocks.'),
});

// `type` is absent or `custom` for client tools; server tools (web_search_…, bash_…) are refused by name in toCall
const tool = v.object({
  type: v.nullish(v.string()),
  name: v.pipe(v.string(), v.minLength(1)),
  description: v.nullish(v.string()),
  input_schema: v.nullish(v.record(v.string(), v.unknown())),
  cache_control: v.nullish(cacheControl),
});

const toolChoice = v.variant(
  'type',
  [
    v.object({ type: v.literal('auto'), disable_parallel_tool_use: v.nullish(v.boolean()) }),
    v.object({ type: v.literal('any'), disable_parallel_tool_use: v.nullish(v.boolean()) }),
    v.object({ type: v.literal('none') }),
    v.object({
      type: v.literal('tool'),
      name: v.pipe(v.string(), v.minLength(1)),
      disable_parallel_tool_use: v.nullish(v.boolean()),
    }),
  ],
  'Expected tool_choice of type `auto`, `any`, `none` or `tool`.',
);

const thinking = v.variant(
  'type',
  [
    v.object({
      type: v.literal('enabled'),
      budget_tokens: v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1024, 'thinking.budget_tokens must be ≥ 1024.'),
      ),
    }),
    v.object({ type: v.literal('disabled') }),
  ],
  'Expected thinking of type `enabled` (with budget_tokens) or `disabled`.',
);

/** The `POST /v1/messages` body as the Messages door reads it; unknown top-level fields are ignored. */
export const messagesRequestSchema = v.object({
  model: v.pipe(v.string(), v.minLength(1)),
  max_tokens: v.pipe(v.number(), v.integer(), v.minValue(1)),
  messages: v.pipe(v.array(message), v.minLength(1, 'Expected at least one message.')),
  system: v.nullish(
    v.union([v.string(), v.array(textBlock)], 'Expected a string or an array of `text` blocks.'),
  ),
  tools: v.nullish(v.array(tool)),
  tool_choice: v.nullish(toolChoice),
  stop_sequences: v.nullish(v.array(v.string())),
  temperature: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  top_p: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  top_k: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(1))),
  thinking: v.nullish(thinking),
  metadata: v.nullish(v.object({ user_id: v.nullish(v.string()) })),
  service_tier: v.nullish(v.string()),
  stream: v.nullish(v.boolean()),
  tokenwise: v.nullish(tokenwiseExtensionSchema),
});

/** A validated Messages request. */
export type MessagesRequest = v.InferOutput<typeof messagesRequestSchema>;

/** `POST /v1/messages/count_tokens`: the same fields, without `max_tokens` and streaming. */
export const countTokensRequestSchema = v.object({
  ...v.omit(messagesRequestSchema, ['max_tokens', 'stream', 'tokenwise']).entries,
});

/** A validated count_tokens request. */
export type CountTokensRequest = v.InferOutput<typeof countTokensRequestSchema>;
