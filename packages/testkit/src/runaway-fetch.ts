/**
 * A `fetch` whose every answer is a 2xx JSON body that never ends (64 KB chunks): an upstream that ignores
 * max_tokens. `state` says how many chunks were read and whether the reader cancelled the body.
 */
export function runawayFetch(): {
  fetch: () => Promise<Response>;
  state: { chunks: number; cancelled: boolean };
} {
  const state = { chunks: 0, cancelled: false };
  const fetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          state.chunks++;
          controller.enqueue(new TextEncoder().encode(state.chunks === 1 ? '{"x":"' : 'y'.repeat(65_536)));
        },
        cancel() {
          state.cancelled = true;
        },
      }),
      { headers: { 'content-type': 'application/json' } },
    );
  return { fetch, state };
}
