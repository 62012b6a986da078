import { describe, expect, it } from 'vitest';
import { convertGoogleUsage } from './convert-google-usage.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';

describe('convertGoogleUsage', () => {
  it('maps prompt and candidate counts (5/2)', () => {
    expect(convertGoogleUsage({ promptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 7 })).toEqual({
      inputTokens: 5,
      outputTokens: 2,
      totalTokens: 7,
    });
  });

  it('counts thoughts as output and reports cached and reasoning tokens', () => {
    expect(
      convertGoogleUsage({
        promptTokenCount: 120,
        candidatesTokenCount: 30,
        cachedContentTokenCount: 100,
        thoughtsTokenCount: 12,
        totalTokenCount: 162,
      }),
    ).toEqual({
      inputTokens: 120,
      outputTokens: 42,
      cachedInputTokens: 100,
      reasoningTokens: 12,
      totalTokens: 162,
    });
  });

  it('reports zero output for a blocked prompt and undefined when nothing is known', () => {
    expect(convertGoogleUsage({ promptTokenCount: 9, totalTokenCount: 9 })).toEqual({
      inputTokens: 9,
      outputTokens: 0,
      totalTokens: 9,
    });
    expect(convertGoogleUsage(undefined)).toEqual({ inputTokens: undefined, outputTokens: undefined });
  });
});

describe('mapGoogleFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool-calls'],
    ['MAX_TOKENS', false, 'length'],
    ['SAFETY', false, 'content-filter'],
    ['RECITATION', false, 'content-filter'],
    ['BLOCKLIST', false, 'content-filter'],
    ['PROHIBITED_CONTENT', false, 'content-filter'],
    ['SPII', false, 'content-filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'error'],
    ['OTHER', false, 'other'],
    ['FINISH_REASON_UNSPECIFIED', false, 'unknown'],
  ] as const)('maps %s (tool calls: %s) to %s keeping the raw value', (raw, hasToolCalls, unified) => {
    expect(mapGoogleFinishReason(raw, hasToolCalls)).toEqual({ unified, raw });
  });
});
