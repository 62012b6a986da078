import * as v from 'valibot';

// Response schemas stay minimal and lenient (looseObject, nullish): only what the adapter reads is declared,
// so a field Google adds never breaks a call.

/** Token counts of a response; `promptTokenCount` already includes `cachedContentTokenCount`. */
export const googleUsageMetadataSchema = v.looseObject({
  promptTokenCount: v.nullish(v.number()),
  candidatesTokenCount: v.nullish(v.number()),
  cachedContentTokenCount: v.nullish(v.number()),
  thoughtsTokenCount: v.nullish(v.number()),
  toolUsePromptTokenCount: v.nullish(v.number()),
  totalTokenCount: v.nullish(v.number()),
});

/** Parsed usage metadata. */
export type GoogleUsageMetadata = v.InferOutput<typeof googleUsageMetadataSchema>;

/** One part of a candidate's content. */
export const googleResponsePartSchema = v.looseObject({
  text: v.nullish(v.string()),
  thought: v.nullish(v.boolean()),
  functionCall: v.nullish(
    v.looseObject({
      id: v.nullish(v.string()),
      name: v.string(),
      args: v.nullish(v.unknown()),
    }),
  ),
});

/** A `GenerateContentResponse`: the body of `:generateContent` and every event of `:streamGenerateContent`. */
export const googleGenerateContentResponseSchema = v.looseObject({
  candidates: v.nullish(
    v.array(
      v.looseObject({
        content: v.nullish(
          v.looseObject({
            role: v.nullish(v.string()),
            parts: v.nullish(v.array(googleResponsePartSchema)),
          }),
        ),
        finishReason: v.nullish(v.string()),
      }),
    ),
  ),
  promptFeedback: v.nullish(v.looseObject({ blockReason: v.nullish(v.string()) })),
  usageMetadata: v.nullish(googleUsageMetadataSchema),
  modelVersion: v.nullish(v.string()),
  responseId: v.nullish(v.string()),
});

/** A parsed `GenerateContentResponse`. */
export type GoogleGenerateContentResponse = v.InferOutput<typeof googleGenerateContentResponseSchema>;

/** The error body of the Generative Language API (`google.rpc.Status` wrapped in `error`). */
export const googleErrorSchema = v.looseObject({
  error: v.looseObject({
    code: v.nullish(v.number()),
    message: v.string(),
    status: v.nullish(v.string()),
  }),
});

/** A stream event: a response chunk, or an error object sent in place of one. */
export const googleStreamEventSchema = v.union([googleErrorSchema, googleGenerateContentResponseSchema]);
