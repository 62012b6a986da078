import type { MockReply } from './mock-upstream/mock-reply.js';

/** Token counts a scripted reply reports, in TokenWise terms (each dialect writes them in its own fields). */
export interface MockUsage {
  inputTokens: number;
  outputTokens: number;
  /** Prompt-cache hits (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`, Gemini `cachedContentTokenCount`). */
  cachedInputTokens?: number;
  /** Hidden reasoning tokens (OpenAI `reasoning_tokens`, Gemini `thoughtsTokenCount`). */
  reasoningTokens?: number;
  /** Vendor-reported cost in USD (OpenRouter `usage.cost`). */
  cost?: number;
}

/**
 * The per-dialect reply builders the conformance suite needs. Each dialect module exports one
 * (`openaiConformanceScript`, …), so `describeProviderConformance` stays vendor-neutral.
 */
export interface ConformanceScript {
  /** A complete text answer that stopped naturally. */
  text(text: string, usage: MockUsage): MockReply;
  /** The vendor's raw finish/stop reason used by `text` and `stream` (e.g. `stop`, `end_turn`, `STOP`). */
  stopReasonRaw: string;
  /** A streamed text answer, one delta per item, ending normally with usage. */
  stream(deltas: string[], usage: MockUsage): MockReply;
  /** An error response in the vendor's error body shape. */
  error(status: number, message: string, options?: { retryAfterSeconds?: number }): MockReply;
  /** A 200 response whose JSON body is malformed. */
  malformed(): MockReply;
  /** A stream that delivers `deltas` and then loses the connection without any finish event. */
  cutStream(deltas: string[]): MockReply;
}
