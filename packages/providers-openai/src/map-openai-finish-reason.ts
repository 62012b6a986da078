import type { FinishReason } from '@tokenwise/spec';

/** OpenAI's `finish_reason` in TokenWise terms, the raw value kept. */
export function mapOpenAIFinishReason(raw: string | null | undefined): FinishReason {
  const value = raw ?? undefined;
  switch (value) {
    case 'stop':
      return { unified: 'stop', raw: value };
    case 'length':
      return { unified: 'length', raw: value };
    case 'tool_calls':
    case 'function_call':
      return { unified: 'tool-calls', raw: value };
    case 'content_filter':
      return { unified: 'content-filter', raw: value };
    case 'error':
      return { unified: 'error', raw: value };
    case undefined:
      return { unified: 'unknown', raw: undefined };
    default:
      return { unified: 'other', raw: value };
  }
}
