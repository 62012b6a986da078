/**
 * The outcome of reading one JSON document or SSE event: the validated value, or the error (an
 * `InvalidResponseDataError`, or the transport error that ended a stream). `rawValue` is the parsed JSON when
 * there was any.
 */
export type ParseResult<T> =
  | { success: true; value: T; rawValue: unknown }
  | { success: false; error: unknown; rawValue?: unknown };
