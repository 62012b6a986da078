/** A JSON answer of a door: `value` serialised, with the door's headers after the content type. */
export function jsonResponse(value: unknown, status: number, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A door's error as JSON: its mapped status and body, the request id and the mapping's own headers. */
export function errorResponse(
  mapped: { status: number; headers?: Record<string, string>; toBody(): unknown },
  requestId: string,
): Response {
  return jsonResponse(mapped.toBody(), mapped.status, {
    'x-tokenwise-request-id': requestId,
    ...(mapped.headers ?? {}),
  });
}

/** A door's server-sent event stream, uncached, with the door's headers. */
export function sseResponse(body: ReadableStream<Uint8Array>, headers: Record<string, string>): Response {
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers },
  });
}
