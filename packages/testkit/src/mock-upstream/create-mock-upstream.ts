import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createSseStream, sleep } from '../sse.js';
import type { MockCall, MockReply, MockReplySource } from './mock-reply.js';

/** A route whose answers come from the script (queue, then default). */
export interface ScriptedRoute {
  method: 'GET' | 'POST';
  /** A Hono path, e.g. `/v1/chat/completions` or `/v1beta/models/:model{.+}`. */
  path: string;
}

/** Options of `createMockUpstream` (dialect files fill them in). */
export interface CreateMockUpstreamOptions {
  /** Routes answered from the reply queue / default. */
  routes: ScriptedRoute[];
  /** The reply when the queue is empty and no default was set: each dialect's "auto" mode. */
  auto: (call: MockCall) => MockReply;
  /** Fixed routes outside the script (e.g. OpenRouter's `GET /models`). Their calls are logged too. */
  fixedRoutes?: Array<ScriptedRoute & { reply: MockReplySource }>;
}

/** A served mock upstream on 127.0.0.1. */
export interface ListeningUpstream {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** A mock upstream: a Hono app imitating a vendor API, with a reply script and a call log. */
export interface MockUpstream {
  /** The Hono app (mount it, or call `app.request`). */
  readonly app: Hono;
  /**
   * A function with `fetch`'s signature that answers in-process, honouring the request's `AbortSignal` as a real
   * `fetch` does (rejects before the headers, errors the body after). Give it to a provider as `fetch`.
   */
  readonly fetch: typeof globalThis.fetch;
  /** Every request received, in order. */
  readonly calls: MockCall[];
  /** Replies still queued. */
  readonly pendingReplies: number;
  /** Queues replies for the next scripted requests (first in, first out). */
  enqueue(...replies: MockReply[]): MockUpstream;
  /** The reply once the queue is empty (a value or a function of the call). Default: the dialect's auto mode. */
  setDefault(reply: MockReplySource | undefined): MockUpstream;
  /** Empties the queue and the call log and restores auto mode. */
  reset(): MockUpstream;
  /** Serves the app on 127.0.0.1 (port 0 = a free port). */
  listen(options?: { port?: number }): Promise<ListeningUpstream>;
}

/**
 * The dialect-agnostic machinery behind every mock upstream: reply queue, default/auto reply, call log,
 * latency, faults (cut streams, hangs, malformed bodies), in-process `fetch` and loopback serving.
 */
export function createMockUpstream({
  routes,
  auto,
  fixedRoutes = [],
}: CreateMockUpstreamOptions): MockUpstream {
  const calls: MockCall[] = [];
  const queue: MockReply[] = [];
  let fallback: MockReplySource | undefined;

  const app = new Hono();
  for (const route of fixedRoutes) {
    app.on(route.method, route.path, async (c) => {
      const call = await recordCall(c.req.raw, calls);
      const reply = typeof route.reply === 'function' ? route.reply(call) : route.reply;
      return respond(reply, c.req.raw.signal, watchClose(call, c.req.raw.signal));
    });
  }
  for (const route of routes) {
    app.on(route.method, route.path, async (c) => {
      const call = await recordCall(c.req.raw, calls);
      const source = queue.shift() ?? fallback ?? auto;
      const reply = typeof source === 'function' ? source(call) : source;
      return respond(reply, c.req.raw.signal, watchClose(call, c.req.raw.signal));
    });
  }
  app.all('*', async (c) => {
    await recordCall(c.req.raw, calls);
    return c.json({ error: { message: `mock upstream has no route ${c.req.method} ${c.req.path}` } }, 404);
  });

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const { signal } = request;
    if (signal.aborted) throw signal.reason;
    const response = await raceAbort(Promise.resolve(app.request(request)), signal);
    return abortableResponse(response, signal);
  };

  const upstream: MockUpstream = {
    app,
    fetch,
    calls,
    get pendingReplies() {
      return queue.length;
    },
    enqueue(...replies) {
      queue.push(...replies);
      return upstream;
    },
    setDefault(reply) {
      fallback = reply;
      return upstream;
    },
    reset() {
      queue.length = 0;
      calls.length = 0;
      fallback = undefined;
      return upstream;
    },
    listen: ({ port = 0 } = {}) => listen(app, port),
  };
  return upstream;
}

async function recordCall(request: Request, calls: MockCall[]): Promise<MockCall> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const bodyText = request.body === null ? '' : await request.text();
  let bodyJson: unknown;
  try {
    bodyJson = bodyText === '' ? undefined : JSON.parse(bodyText);
  } catch {
    bodyJson = undefined;
  }
  const call: MockCall = {
    url: request.url,
    method: request.method,
    path: url.pathname,
    headers,
    bodyText,
    bodyJson,
  };
  calls.push(call);
  return call;
}

/**
 * Sets `call.closedAt` when the caller goes away before the reply is complete (over loopback: the connection
 * closed early; in-process: the request's signal aborted). Returns the function that marks the reply complete.
 */
function watchClose(call: MockCall, signal: AbortSignal): () => void {
  let complete = false;
  const onAbort = () => {
    if (!complete) call.closedAt = Date.now();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    complete = true;
    signal.removeEventListener('abort', onAbort);
  };
}

async function respond(reply: MockReply, signal: AbortSignal, complete: () => void): Promise<Response> {
  if (reply.delayMs !== undefined && reply.delayMs > 0) await sleep(reply.delayMs, signal);
  switch (reply.type) {
    case 'json':
    case 'text': {
      const body = reply.type === 'json' ? JSON.stringify(reply.body) : reply.body;
      const contentType = reply.type === 'json' ? 'application/json' : (reply.contentType ?? 'text/plain');
      const init = {
        status: reply.status ?? 200,
        headers: { 'content-type': contentType, ...reply.headers },
      };
      if (reply.cutAfterBytes === undefined) {
        complete();
        return new Response(body, init);
      }
      return new Response(cutBody(body, reply.cutAfterBytes, complete), init);
    }
    case 'sse':
      return new Response(
        createSseStream(reply.events, {
          cut: reply.cut,
          forever: reply.forever,
          eventDelayMs: reply.eventDelayMs,
          signal,
          onEnd: complete,
        }),
        {
          status: reply.status ?? 200,
          headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers },
        },
      );
    case 'hang':
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      return new Response(null, { status: 499 });
  }
}

/** The first `bytes` bytes of `text`, then an error: the server drops the connection mid-body. */
function cutBody(text: string, bytes: number, complete: () => void): ReadableStream<Uint8Array> {
  const head = new TextEncoder().encode(text).subarray(0, bytes);
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(head);
        return;
      }
      // the drop is the reply itself, not the caller going away
      complete();
      // @hono/node-server logs the error when it destroys the socket: keep that log line to one short line
      const drop = new Error('mock upstream: scripted connection drop (cut body)');
      drop.stack = drop.message;
      controller.error(drop);
    },
  });
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

// a real fetch errors the body stream when its signal aborts mid-body; app.request does not, so add it:
function abortableResponse(response: Response, signal: AbortSignal): Response {
  if (response.body === null) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await raceAbort(reader.read(), signal);
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        reader.cancel(error).catch(() => {});
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function listen(app: Hono, port: number): Promise<ListeningUpstream> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
