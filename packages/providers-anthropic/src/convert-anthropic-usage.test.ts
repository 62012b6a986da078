import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

describe('convertAnthropicUsage', () => {
  it('maps plain counts (10/5/15)', () => {
    expect(convertAnthropicUsage({ input_tokens: 10, output_tokens: 5 })).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
    });
  });

  it('adds cache reads and writes to the input count (OpenAI convention) and reports them apart', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 472,
        output_tokens: 89,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 2000,
      }),
    ).toEqual({
      inputTokens: 2572,
      outputTokens: 89,
      cachedInputTokens: 2000,
      cacheWriteTokens: 100,
      totalTokens: 2661,
    });
  });

  it('reports unknown counts as undefined, never as zero', () => {
    expect(convertAnthropicUsage(undefined)).toEqual({ inputTokens: undefined, outputTokens: undefined });
    expect(convertAnthropicUsage({ output_tokens: 3 })).toEqual({ inputTokens: undefined, outputTokens: 3 });
  });
});

describe('mapAnthropicStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'content-filter'],
    ['pause_turn', 'other'],
    ['something_new', 'other'],
  ])('maps %s to %s and keeps the raw value', (raw, unified) => {
    expect(mapAnthropicStopReason(raw)).toEqual({ unified, raw });
  });

  it('maps a missing stop reason to unknown', () => {
    expect(mapAnthropicStopReason(null)).toEqual({ unified: 'unknown', raw: undefined });
  });
});
