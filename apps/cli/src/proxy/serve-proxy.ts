import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { logStartup } from '../observe/index.js';
import type { ComposedProxyServer } from './compose-proxy-server.js';
import { limitHeapGrowth } from './limit-heap-growth.js';

/** After the engine aborted the last calls: how long their error answers may take to be written. */
const ABORTED_ANSWER_GRACE_MS = 500;

/** Options of {@link serveProxy}. */
export interface ServeProxyOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/** A running proxy server. */
export interface RunningProxyServer {
  /** e.g. `http://127.0.0.1:8000`. */
  url: string;
  port: number;
  /** Where `/metrics` is served on its own port (`TOKENWISE_METRICS_PORT`), if it is. */
  metricsUrl: string | undefined;
  /**
   * Graceful stop: `/health` answers 503 and no new connection is accepted; in-flight requests get
   * `TOKENWISE_PROXY_DRAIN_SECONDS` to finish; the rest are aborted through the engine (each reservation settled,
   * each request recorded `cancelled`); then the ledger is flushed. Idempotent.
   */
  close(): Promise<void>;
  /** A second signal: ends the drain now (abort, settle, flush) and resolves with the same promise as `close`. */
  stopNow(): Promise<void>;
  describe(): string;
}

/**
 * Serves a composed proxy with @hono/node-server (and `/metrics` on `TOKENWISE_METRICS_PORT` when set), logs
 * the start-up line, and returns the graceful stop both servers use.
 */
export async function serveProxy(
  composed: ComposedProxyServer,
  options: ServeProxyOptions,
): Promise<RunningProxyServer> {
  const { app, settings } = composed;
  limitHeapGrowth();
  const server = await listen(app.fetch, options.host, options.port).catch(async (error: unknown) => {
    // e.g. the port is taken: nothing will call close(), so release what was opened.
    await composed.close();
    throw error;
  });
  let metricsServer: Server | undefined;
  if (settings.metricsPort !== undefined) {
    const { createMetricsApp } = await import('@tokenwise/proxy');
    const metricsApp = createMetricsApp(
      composed.metrics,
      settings.metricsAuth === 'admin' ? (settings.adminKey ?? null) : null,
    );
    metricsServer = await listen(metricsApp.fetch, options.host, settings.metricsPort).catch(
      async (error: unknown) => {
        await closeServer(server);
        await composed.close();
        throw error;
      },
    );
  }
  const url = urlOf(server);
  const metricsUrl = metricsServer === undefined ? undefined : `${urlOf(metricsServer)}/metrics`;
  logStartup(composed.logger, {
    server: composed.server,
    version: composed.version,
    listen: url,
    catalog: { source: composed.registry.source, models: composed.registry.models().length },
    providers: composed.providerKeys,
    ledgerStore: composed.ledgerLocation,
    ...(composed.budgetStoreLocation === undefined ? {} : { budgetStore: composed.budgetStoreLocation }),
    metrics: metricsUrl ?? `${url}/metrics`,
    adminKeySet: settings.adminKey !== undefined,
  });

  let hurry: () => void = () => {};
  const hurried = new Promise<void>((resolve) => {
    hurry = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const startedAt = Date.now();
      app.startDraining();
      const closed = closeServer(server);
      // Keep-alive sockets would hold close() open: close each one as soon as its in-flight response is done.
      const sweeper = setInterval(() => server.closeIdleConnections(), 20);
      sweeper.unref();
      server.closeIdleConnections();
      const drained = await Promise.race([
        closed.then(() => true),
        hurried.then(() => false),
        delay(settings.proxyDrainSeconds * 1000).then(() => false),
      ]);
      if (!drained) {
        const inFlight = app.engine.inFlight;
        if (inFlight > 0) composed.logger.warn({ inFlight }, 'Drain time over: cancelling in-flight calls.');
        // Every reservation is settled (or released) before this resolves, and each request is recorded.
        await app.engine.abortAll(new DOMException('The server is shutting down.', 'AbortError'));
        await Promise.race([closed, delay(ABORTED_ANSWER_GRACE_MS)]);
        server.closeAllConnections();
      }
      clearInterval(sweeper);
      if (metricsServer !== undefined) {
        metricsServer.closeAllConnections();
        await closeServer(metricsServer);
      }
      // Let the handlers of aborted requests write their records, then wait for every started ledger write.
      await new Promise((resolve) => setImmediate(resolve));
      await app.flushLedger();
      await composed.close();
      composed.logger.info(
        { inFlight: app.engine.inFlight, stopMs: Date.now() - startedAt },
        'TokenWise stopped',
      );
      await new Promise<void>((resolve) => composed.logger.flush(() => resolve()));
    })();
    return closing;
  };
  return {
    url,
    port: (server.address() as AddressInfo).port,
    metricsUrl,
    close,
    stopNow() {
      hurry();
      return close();
    },
    describe: composed.describe,
  };
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  host: string,
  port: number,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }) as Server;
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function urlOf(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
