import * as v from 'valibot';

// Response schemas are loose and nullish: only the fields we read are checked, and compatible servers
// (Ollama, vLLM, llama.cpp, OpenRouter) omit or null many of them.

/** `usage` of a chat completion (OpenRouter adds `cost`). */
export const openaiUsageSchema = v.looseObject({
  prompt_tokens: v.nullish(v.number()),
  completion_tokens: v.nullish(v.number()),
  total_tokens: v.nullish(v.number()),
  prompt_tokens_details: v.nullish(v.looseObject({ cached_tokens: v.nullish(v.number()) })),
  completion_tokens_details: v.nullish(v.looseObject({ reasoning_tokens: v.nullish(v.number()) })),
  cost: v.nullish(v.number()),
});

/** The wire usage object. */
export type OpenAIUsage = v.InferOutput<typeof openaiUsageSchema>;

/** The error object OpenAI (and OpenRouter) put in error bodies and, OpenRouter, in mid-stream chunks. */
export const openaiErrorObjectSchema = v.looseObject({
  message: v.string(),
  type: v.nullish(v.string()),
  param: v.nullish(v.unknown()),
  code: v.nullish(v.union([v.string(), v.number()])),
});

/** An error response body: `{ error: { message, type, param, code } }`. */
export const openaiErrorSchema = v.looseObject({ error: openaiErrorObjectSchema });

const toolCallSchema = v.looseObject({
  id: v.nullish(v.string()),
  type: v.nullish(v.string()),
  function: v.looseObject({ name: v.string(), arguments: v.nullish(v.string()) }),
});

/** A `chat.completion` response (or an OpenRouter error delivered with status 200). */
export const openaiChatResponseSchema = v.looseObject({
  id: v.nullish(v.string()),
  model: v.nullish(v.string()),
  choices: v.nullish(
    v.array(
      v.looseObject({
        message: v.looseObject({
          content: v.nullish(v.string()),
          reasoning: v.nullish(v.string()),
          tool_calls: v.nullish(v.array(toolCallSchema)),
        }),
        finish_reason: v.nullish(v.string()),
      }),
    ),
  ),
  usage: v.nullish(openaiUsageSchema),
  error: v.nullish(openaiErrorObjectSchema),
});

/** One `chat.completion.chunk` of a stream (or an error chunk). */
export const openaiChatChunkSchema = v.looseObject({
  id: v.nullish(v.string()),
  model: v.nullish(v.string()),
  choices: v.nullish(
    v.array(
      v.looseObject({
        index: v.nullish(v.number()),
        delta: v.nullish(
          v.looseObject({
            content: v.nullish(v.string()),
            reasoning: v.nullish(v.string()),
            tool_calls: v.nullish(
              v.array(
                v.looseObject({
                  index: v.nullish(v.number()),
                  id: v.nullish(v.string()),
                  function: v.nullish(
                    v.looseObject({ name: v.nullish(v.string()), arguments: v.nullish(v.string()) }),
                  ),
                }),
              ),
            ),
          }),
        ),
        finish_reason: v.nullish(v.string()),
      }),
    ),
  ),
  usage: v.nullish(openaiUsageSchema),
  error: v.nullish(openaiErrorObjectSchema),
});

/** A parsed stream chunk. */
export type OpenAIChatChunk = v.InferOutput<typeof openaiChatChunkSchema>;
