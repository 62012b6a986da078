import * as v from 'valibot';

// Response schemas stay minimal and lenient (looseObject, nullish): the vendor adds fields often, and an
// unknown field must never break a call. Only what the adapter reads is declared.

/** Token counts as Anthropic reports them; `input_tokens` excludes cache reads and cache writes. */
export const anthropicUsageSchema = v.looseObject({
  input_tokens: v.nullish(v.number()),
  output_tokens: v.nullish(v.number()),
  cache_creation_input_tokens: v.nullish(v.number()),
  cache_read_input_tokens: v.nullish(v.number()),
});

/** Anthropic usage, as parsed. */
export type AnthropicUsage = v.InferOutput<typeof anthropicUsageSchema>;

const textBlockSchema = v.looseObject({ type: v.literal('text'), text: v.string() });
const toolUseBlockSchema = v.looseObject({
  type: v.literal('tool_use'),
  id: v.string(),
  name: v.string(),
  input: v.unknown(),
});
const thinkingBlockSchema = v.looseObject({
  type: v.literal('thinking'),
  thinking: v.string(),
  signature: v.nullish(v.string()),
});
const redactedThinkingBlockSchema = v.looseObject({ type: v.literal('redacted_thinking'), data: v.string() });
// server tools and future block kinds are accepted and ignored:
const otherBlockSchema = v.looseObject({ type: v.string() });

/** One content block of a Messages API response. */
export const anthropicContentBlockSchema = v.union([
  textBlockSchema,
  toolUseBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
  otherBlockSchema,
]);

/** The body of a successful `POST /v1/messages` without streaming. */
export const anthropicMessageResponseSchema = v.looseObject({
  id: v.nullish(v.string()),
  type: v.nullish(v.string()),
  model: v.nullish(v.string()),
  content: v.array(anthropicContentBlockSchema),
  stop_reason: v.nullish(v.string()),
  stop_sequence: v.nullish(v.string()),
  usage: v.nullish(anthropicUsageSchema),
});

/** A parsed Messages API response. */
export type AnthropicMessageResponse = v.InferOutput<typeof anthropicMessageResponseSchema>;

/** The error body Anthropic sends with every non-2xx status and as a mid-stream `error` event. */
export const anthropicErrorSchema = v.looseObject({
  type: v.literal('error'),
  error: v.looseObject({ type: v.string(), message: v.string() }),
});

/** A parsed Anthropic error body. */
export type AnthropicErrorBody = v.InferOutput<typeof anthropicErrorSchema>;

const knownStreamEventTypes = [
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
];

const knownStreamEventSchema = v.variant('type', [
  v.looseObject({
    type: v.literal('message_start'),
    message: v.looseObject({
      id: v.nullish(v.string()),
      model: v.nullish(v.string()),
      usage: v.nullish(anthropicUsageSchema),
    }),
  }),
  v.looseObject({
    type: v.literal('content_block_start'),
    index: v.number(),
    content_block: anthropicContentBlockSchema,
  }),
  v.looseObject({
    type: v.literal('content_block_delta'),
    index: v.number(),
    delta: v.union([
      v.looseObject({ type: v.literal('text_delta'), text: v.string() }),
      v.looseObject({ type: v.literal('input_json_delta'), partial_json: v.string() }),
      v.looseObject({ type: v.literal('thinking_delta'), thinking: v.string() }),
      v.looseObject({ type: v.literal('signature_delta'), signature: v.string() }),
      // citations_delta and future kinds carry nothing the spec needs:
      v.looseObject({ type: v.string() }),
    ]),
  }),
  v.looseObject({ type: v.literal('content_block_stop'), index: v.number() }),
  v.looseObject({
    type: v.literal('message_delta'),
    delta: v.looseObject({ stop_reason: v.nullish(v.string()), stop_sequence: v.nullish(v.string()) }),
    usage: v.nullish(anthropicUsageSchema),
  }),
  v.looseObject({ type: v.literal('message_stop') }),
  v.looseObject({ type: v.literal('ping') }),
  v.looseObject({
    type: v.literal('error'),
    error: v.looseObject({ type: v.string(), message: v.string() }),
  }),
]);

/**
 * One `data:` payload of the Messages API event stream. Event types added after this adapter was written are
 * accepted as `{ type: 'unknown' }` and ignored (Anthropic's versioning policy allows new event types), while a
 * known event with a broken shape still fails validation.
 */
export const anthropicStreamEventSchema = v.union([
  knownStreamEventSchema,
  v.pipe(
    v.looseObject({
      type: v.pipe(
        v.string(),
        v.check((type) => !knownStreamEventTypes.includes(type)),
      ),
    }),
    v.transform(() => ({ type: 'unknown' as const })),
  ),
]);

/** A parsed stream event. */
export type AnthropicStreamEvent = v.InferOutput<typeof anthropicStreamEventSchema>;
