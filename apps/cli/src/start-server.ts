import type { OpenedLedger, RunningServer } from '@tokenwise/cli';
import type { ModelRegistry, TokenwiseConfig } from '@tokenwise/core';
import { pino } from 'pino';
import { composeProxyServer } from './proxy/compose-proxy-server.js';
import { serveProxy } from './proxy/serve-proxy.js';
import { setUrgentStop } from './proxy/urgent-stop.js';

/** What {@link startServer} needs besides the bind address. */
export interface StartServerOptions {
  host: string;
  port: number;
  config: TokenwiseConfig;
  env: Readonly<Record<string, string | undefined>>;
  registry: ModelRegistry;
  ledger: OpenedLedger;
  version: string;
}

/**
 * `tokenwise serve`: the one proxy composition (`composeProxyServer`, also behind `apps/proxy`) served with the
 * same graceful stop. Log lines go to standard error, so `serve --json` keeps one JSON document on standard
 * output. A second Ctrl-C ends the drain at once (after the ledger flush).
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const composed = await composeProxyServer(options.config, {
    server: 'tokenwise serve',
    version: options.version,
    env: options.env,
    host: options.host,
    registry: options.registry,
    ledger: options.ledger,
    logDestination: pino.destination({ fd: 2, sync: false }),
  });
  const running = await serveProxy(composed, { host: options.host, port: options.port });
  setUrgentStop(() => running.stopNow());
  return { url: running.url, close: () => running.close(), describe: running.describe };
}
