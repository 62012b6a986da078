// Node only (undici): exported from `@tokenwise/provider-utils/node`, never from the runtime-neutral entry.
import { Agent, request } from 'undici';

/** Options of {@link createUpstreamFetch}. */
export interface UpstreamFetchOptions {
  /** How long an idle upstream connection is kept open, in milliseconds. Default 30 000. */
  keepAliveTimeoutMs?: number;
  /** Where anything this client does not handle goes (default `globalThis.fetch`). */
  fallback?: typeof globalThis.fetch;
}

/** The fetch-compatible upstream client and the connection pool behind it. */
export interface UpstreamFetch {
  fetch: typeof globalThis.fetch;
  /** Closes the pooled connections (graceful shutdown). */
  close(): Promise<void>;
}

// Statuses whose responses have no body by definition: `new Response(body, …)` refuses one for them.
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * A pooled upstream client for servers (the proxy, `tokenwise serve`): a `fetch`-compatible function on undici's `request` over one keep-alive
 * connection pool. Node's built-in `fetch` is undici's WHATWG layer on top of the same machinery — a `Request`,
 * header lists, a fetch controller and a web body stream per call — which costs about twice the CPU of
 * `request` for the proxy's small JSON calls (see `apps/proxy/bench/`). Providers only ever call `fetch(url, init)` with a
 * string (or `URL`) and a string body; everything else (a `Request` input, a stream body, redirect modes…) goes
 * to `fallback`, so callers see `fetch` semantics either way: a `Response` whose body streams as it arrives, an
 * aborted signal rejecting with the signal's reason. Bodies read whole (`text()`, `json()`) skip the web stream.
 */
export function createUpstreamFetch(options: UpstreamFetchOptions = {}): UpstreamFetch {
  const agent = new Agent({ keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000 });
  const fallback = options.fallback ?? globalThis.fetch;

  const upstreamFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    if (
      !(typeof input === 'string' || input instanceof URL) ||
      !(body === undefined || body === null || typeof body === 'string') ||
      (init?.redirect !== undefined && init.redirect !== 'manual')
    ) {
      return fallback(input, init);
    }
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const method = init?.method ?? 'GET';
    let answer: Awaited<ReturnType<typeof request>>;
    try {
      answer = await request(input, {
        method: method as 'GET',
        headers: toHeaderRecord(init?.headers),
        body: body ?? null,
        signal,
        dispatcher: agent,
      });
    } catch (error) {
      // fetch rejects an aborted call with the signal's reason; callers tell timeouts from disconnects by it.
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
    const { statusCode, headers, body: stream } = answer;
    const responseHeaders = new Headers();
    for (const name in headers) {
      const value = headers[name];
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
      else if (value !== undefined) responseHeaders.append(name, value);
    }
    if (NULL_BODY_STATUS.has(statusCode) || method === 'HEAD') {
      stream.resume();
      return new Response(null, { status: statusCode, headers: responseHeaders });
    }
    return new UpstreamResponse(stream, { status: statusCode, headers: responseHeaders });
  };

  return {
    fetch: upstreamFetch as typeof globalThis.fetch,
    close: () => agent.close(),
  };
}

type UndiciBody = Awaited<ReturnType<typeof request>>['body'];
type WebBody = NonNullable<Response['body']>;

/**
 * A `Response` over undici's body. `text()`, `json()` and `arrayBuffer()` read the Node stream directly — the
 * JSON path of every provider call, with no web stream in between; `body` (the SSE path) and everything else
 * convert it to a web `ReadableStream` on first use, so the response behaves as a fetch `Response` would.
 */
class UpstreamResponse extends Response {
  readonly #stream: UndiciBody;
  #web: WebBody | undefined;

  constructor(stream: UndiciBody, init: ResponseInit) {
    super(null, init);
    this.#stream = stream;
  }

  override get body(): WebBody {
    this.#web ??= toWebStream(this.#stream);
    return this.#web;
  }

  override get bodyUsed(): boolean {
    return this.#stream.readableDidRead || (this.#web?.locked ?? false);
  }

  override text(): Promise<string> {
    return this.#web === undefined ? this.#stream.text() : this.#asFetchResponse().text();
  }

  override json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#web === undefined ? this.#stream.arrayBuffer() : this.#asFetchResponse().arrayBuffer();
  }

  override blob(): Promise<Blob> {
    return this.#asFetchResponse().blob();
  }

  override formData(): Promise<FormData> {
    return this.#asFetchResponse().formData();
  }

  override clone(): Response {
    const [mine, theirs] = this.body.tee();
    this.#web = mine;
    return new Response(theirs, { status: this.status, statusText: this.statusText, headers: this.headers });
  }

  #asFetchResponse(): Response {
    return new Response(this.body, { status: this.status, headers: this.headers });
  }
}

/**
 * undici's Node body as a web stream, pulled chunk by chunk (so a slow reader holds the socket back) and
 * destroyed when the reader cancels. Written out rather than `Readable.toWeb` so this file needs no `node:`
 * import: the package stays runtime-neutral for the layer check, undici being the one Node-only dependency.
 */
function toWebStream(stream: UndiciBody): WebBody {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel(reason) {
      // Destroying an unfinished undici body emits 'error' (RequestAbortedError when there is no reason) after
      // the iterator below stopped listening: unheard, that event would crash the process. The reader has
      // gone, so nothing is left to tell.
      stream.on('error', () => {});
      stream.destroy(reason instanceof Error ? reason : undefined);
      await chunks.return?.();
    },
  }) as WebBody;
}

function toHeaderRecord(headers: HeadersInit | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (headers instanceof Headers || Array.isArray(headers)) {
    const record: Record<string, string> = {};
    for (const [name, value] of headers instanceof Headers ? headers.entries() : headers) {
      if (name !== undefined && value !== undefined) record[name] = value;
    }
    return record;
  }
  return headers as Record<string, string>;
}
