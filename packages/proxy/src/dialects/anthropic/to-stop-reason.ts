import type { FinishReason } from '@tokenwise/spec';

/** Anthropic's `stop_reason` values. */
export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal';

const NATIVE = new Set<string>([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
]);

/** Maps a finish reason to `stop_reason`; Anthropic's own raw value is kept when the upstream was Anthropic. */
export function toStopReason(finishReason: FinishReason): AnthropicStopReason {
  if (finishReason.raw !== undefined && NATIVE.has(finishReason.raw)) {
    return finishReason.raw as AnthropicStopReason;
  }
  switch (finishReason.unified) {
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}
