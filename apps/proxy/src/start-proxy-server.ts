import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { InvalidArgumentError } from '@tokenwise/spec';
import { isLoopbackHost } from './env.js';

/** Options of {@link startProxyServer}. */
export interface StartProxyServerOptions {
  /** The app to serve, e.g. `createProxyApp(deps)`. */
  app: { fetch: (request: Request) => Response | Promise<Response> };
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Whether inbound keys are configured; without them only a loopback host is allowed. */
  authenticated: boolean;
  /** Called after in-flight requests drained, before `close()` resolves (flush the ledger here). */
  onDrained?: () => Promise<void>;
  /** Longest wait for in-flight requests on close before connections are cut (default 10 s). */
  drainTimeoutMs?: number;
}

/** A running proxy server. */
export interface ProxyServer {
  /** e.g. `http://127.0.0.1:8000`. */
  url: string;
  port: number;
  /** Stops accepting, waits for in-flight requests (up to the drain timeout), then runs `onDrained`. */
  close(): Promise<void>;
}

/**
 * Serves the proxy app with @hono/node-server. Refuses a non-loopback host without inbound keys: an open proxy
 * on a public interface would spend the server's provider keys for anyone.
 * @throws InvalidArgumentError for a public host without keys.
 */
export async function startProxyServer(options: StartProxyServerOptions): Promise<ProxyServer> {
  assertServable(options.host, options.authenticated);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch: options.app.fetch, hostname: options.host, port: options.port }, () =>
      resolve(instance),
    );
    instance.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive sockets would hold close() open until they time out: close each one as soon as its
        // in-flight response is done.
        const closeIdle = () => {
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        };
        closeIdle();
        const sweeper = setInterval(closeIdle, 20);
        sweeper.unref();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            resolve();
          }, options.drainTimeoutMs ?? 10_000);
          timer.unref();
        });
        await Promise.race([closed, timeout]);
        clearTimeout(timer);
        clearInterval(sweeper);
        await options.onDrained?.();
      })();
      return closing;
    },
  };
}

/**
 * Refuses a non-loopback host without inbound keys (call it before composing anything).
 * @throws InvalidArgumentError naming TOKENWISE_PROXY_KEYS.
 */
export function assertServable(host: string, authenticated: boolean): void {
  if (!authenticated && !isLoopbackHost(host)) {
    throw new InvalidArgumentError({
      argument: 'TOKENWISE_PROXY_KEYS',
      message: `Refusing to serve on ${host} without inbound keys: set TOKENWISE_PROXY_KEYS or bind to 127.0.0.1.`,
    });
  }
}
