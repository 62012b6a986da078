import type { FinishReason } from '@tokenwise/spec';

/**
 * Maps Gemini's `finishReason` to the spec vocabulary, keeping the raw value. Gemini says `STOP` also when the
 * answer is a function call, so `hasToolCalls` turns that into `tool-calls`.
 */
export function mapGoogleFinishReason(
  finishReason: string | null | undefined,
  hasToolCalls: boolean,
): FinishReason {
  const raw = finishReason ?? undefined;
  switch (finishReason) {
    case 'STOP':
      return { unified: hasToolCalls ? 'tool-calls' : 'stop', raw };
    case 'MAX_TOKENS':
      return { unified: 'length', raw };
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
      return { unified: 'content-filter', raw };
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
      return { unified: 'error', raw };
    case 'FINISH_REASON_UNSPECIFIED':
    case null:
    case undefined:
      return { unified: 'unknown', raw };
    default:
      // OTHER, LANGUAGE, TOO_MANY_TOOL_CALLS and future values:
      return { unified: 'other', raw };
  }
}
