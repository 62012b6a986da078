import type { FinishReason } from '@tokenwise/spec';

/** Maps Anthropic's `stop_reason` to the spec vocabulary, keeping the raw value. */
export function mapAnthropicStopReason(stopReason: string | null | undefined): FinishReason {
  const raw = stopReason ?? undefined;
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'refusal':
      return { unified: 'content-filter', raw };
    case null:
    case undefined:
      return { unified: 'unknown', raw };
    default:
      // pause_turn (a server tool paused a long turn) and future values:
      return { unified: 'other', raw };
  }
}
