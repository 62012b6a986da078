/** One server-sent event as written on the wire. */
export interface MockSseEvent {
  /** The `event:` field (Anthropic names its events; OpenAI and Gemini do not). */
  event?: string;
  /** The `data:` field: a string is written as is, anything else as JSON. */
  data: unknown;
}

/**
 * A scripted answer of a mock upstream:
 * - `json`: a JSON body with a status (errors use each dialect's error body);
 * - `text`: a raw body, e.g. malformed JSON;
 * - `sse`: an event stream; `cut: true` drops the connection after the events instead of ending cleanly, and
 *   `forever` is sent again and again after the events until the client goes away (a vendor that ignores
 *   max_tokens);
 * - `hang`: never answers until the client aborts.
 * `delayMs` adds latency before the headers; `eventDelayMs` spaces out SSE events; `cutAfterBytes` sends only
 * that many bytes of a `json` or `text` body and then drops the connection (a 200 cut mid-body).
 */
export type MockReply =
  | {
      type: 'json';
      status?: number;
      body: unknown;
      headers?: Record<string, string>;
      delayMs?: number;
      cutAfterBytes?: number;
    }
  | {
      type: 'text';
      status?: number;
      body: string;
      contentType?: string;
      headers?: Record<string, string>;
      delayMs?: number;
      cutAfterBytes?: number;
    }
  | {
      type: 'sse';
      events: MockSseEvent[];
      cut?: boolean;
      forever?: MockSseEvent;
      status?: number;
      headers?: Record<string, string>;
      delayMs?: number;
      eventDelayMs?: number;
    }
  | { type: 'hang'; delayMs?: number };

/** A JSON reply (what the `…Text` and `…ToolCall` builders return), e.g. to add `cutAfterBytes`. */
export type MockJsonReply = Extract<MockReply, { type: 'json' }>;
/** An event-stream reply (what the stream builders return), e.g. to add `eventDelayMs`. */
export type MockSseReply = Extract<MockReply, { type: 'sse' }>;

/** A request as the mock upstream saw it. */
export interface MockCall {
  /** The full URL, query string included. */
  url: string;
  method: string;
  /** The path without the query string. */
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The raw body text ('' for none). */
  bodyText: string;
  /** The parsed JSON body, or undefined when there is none or it is not JSON. */
  bodyJson: unknown;
  /**
   * When (ms since the epoch) the caller went away before the reply was complete: it aborted its request or
   * closed the connection. `undefined` while the reply runs or after it completed.
   */
  closedAt?: number;
}

/** A reply, or a function computing one from the request (used for defaults and "auto" modes). */
export type MockReplySource = MockReply | ((call: MockCall) => MockReply);

/** A reply that never comes until the client aborts (timeouts, cancellation). */
export function hangReply(): MockReply {
  return { type: 'hang' };
}

/** The same reply with `delayMs` of latency before the headers. */
export function withLatency(reply: MockReply, delayMs: number): MockReply {
  return { ...reply, delayMs };
}

/** A body that claims to be JSON and is not. */
export function malformedJsonReply(status = 200): MockReply {
  return { type: 'text', status, body: '{"id": "broken", "choices": [', contentType: 'application/json' };
}
