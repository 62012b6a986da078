import type { Content, FinishReason, Usage } from '@tokenwise/spec';
import { convertGoogleUsage } from './convert-google-usage.js';
import type { GoogleGenerateContentResponse } from './google-api.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';

/** The spec view of one `GenerateContentResponse`. */
export interface ConvertedGoogleResponse {
  content: Content[];
  finishReason: FinishReason;
  usage: Usage;
}

/**
 * Id of the `ordinal`-th function call of a response. Gemini gives calls no id (newer models sometimes do, and
 * that id wins), so one is derived from the response id and the call's position: stable for a given response.
 */
export function googleToolCallId(responseId: string | null | undefined, ordinal: number): string {
  return `${responseId ?? 'gemini'}-call-${ordinal}`;
}

/** Converts a parsed response to spec content, finish reason and usage (first candidate only). */
export function convertGoogleResponse(response: GoogleGenerateContentResponse): ConvertedGoogleResponse {
  const content: Content[] = [];
  const candidate = response.candidates?.[0];
  let toolCalls = 0;
  for (const part of candidate?.content?.parts ?? []) {
    if (part.functionCall != null) {
      content.push({
        type: 'tool-call',
        toolCallId: part.functionCall.id ?? googleToolCallId(response.responseId, toolCalls),
        toolName: part.functionCall.name,
        input: JSON.stringify(part.functionCall.args ?? {}),
      });
      toolCalls++;
    } else if (part.text != null && part.text !== '') {
      content.push(
        part.thought === true ? { type: 'reasoning', text: part.text } : { type: 'text', text: part.text },
      );
    }
  }
  const blockReason = response.promptFeedback?.blockReason;
  const finishReason: FinishReason =
    candidate === undefined && blockReason != null
      ? { unified: 'content-filter', raw: blockReason }
      : mapGoogleFinishReason(candidate?.finishReason, toolCalls > 0);
  return { content, finishReason, usage: convertGoogleUsage(response.usageMetadata) };
}
