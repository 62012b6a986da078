import type { CallWarning } from './call-warning.js';
import type { FinishReason } from './finish-reason.js';
import type { ResponseMetadata } from './generate-result.js';
import type { Usage } from './usage.js';

/**
 * One event of a streamed answer. Every stream ends with exactly one `finish` part (carrying usage)
 * or with an `error` part.
 */
export type StreamPart =
  | { type: 'stream-start'; warnings: CallWarning[] }
  | ({ type: 'response-metadata' } & ResponseMetadata)
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  /** The signature that closes a reasoning (Anthropic thinking) block; the next reasoning starts a new block. */
  | { type: 'reasoning-signature'; signature: string }
  /** A whole Anthropic `redacted_thinking` block. */
  | { type: 'redacted-reasoning'; data: string }
  /** A fragment of a tool call's arguments; `index` orders parallel calls as OpenAI does. */
  | { type: 'tool-call-delta'; index: number; toolCallId: string; toolName: string; inputDelta: string }
  /** A completed tool call. */
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: string }
  | { type: 'finish'; finishReason: FinishReason; usage: Usage }
  | { type: 'error'; error: unknown };

/** The result of a streaming call. */
export interface StreamResult {
  stream: ReadableStream<StreamPart>;
  response?: { headers?: Record<string, string> };
}
