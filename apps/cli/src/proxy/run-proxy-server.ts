import { isLoopbackHost } from '@tokenwise/proxy';
import { InvalidArgumentError, TokenwiseError } from '@tokenwise/spec';
import { readSettings } from '../load-settings.js';
import { composeProxyServer } from './compose-proxy-server.js';
import { type RunningProxyServer, serveProxy } from './serve-proxy.js';

/** Options of {@link runProxyServer}. */
export interface RunProxyServerOptions {
  env: Readonly<Record<string, string | undefined>>;
  version: string;
  /** Names the server in the start-up line (default `apps/proxy`). */
  server?: string;
}

/**
 * The deployable proxy's whole life (`apps/proxy`'s `main.ts`): read the settings like `tokenwise serve`
 * (environment > config file > default), refuse a public host without inbound keys, compose, serve, and on
 * SIGTERM/SIGINT drain for `TOKENWISE_PROXY_DRAIN_SECONDS`, cancel the rest, flush the ledger and exit 0. A
 * second signal ends the drain at once (after the flush). `TOKENWISE_PROXY_PORT=0` picks a free port.
 */
export async function runProxyServer(options: RunProxyServerOptions): Promise<RunningProxyServer> {
  const settings = await readSettings(options.env);
  // Virtual keys (a database, or an admin key that can create them) authenticate every request too.
  assertServable(
    settings.proxyHost,
    settings.proxyKeys.length > 0 || settings.databaseUrl !== undefined || settings.adminKey !== undefined,
  );
  const composed = await composeProxyServer(settings, {
    server: options.server ?? 'apps/proxy',
    version: options.version,
    env: options.env,
    host: settings.proxyHost,
  });
  for (const warning of settings.warnings) composed.logger.warn(warning);
  const running = await serveProxy(composed, {
    host: settings.proxyHost,
    port: settings.proxyPort,
  });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    composed.logger.info(
      { signal },
      signals === 1 ? 'Stopping: draining in-flight requests' : 'Stopping now',
    );
    const stopped = signals === 1 ? running.close() : running.stopNow();
    stopped.then(
      () => process.exit(0),
      (error: unknown) => {
        const message =
          TokenwiseError.isInstance(error) || error instanceof Error ? error.message : String(error);
        composed.logger.error({ error: message }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return running;
}

/**
 * Refuses a non-loopback host without inbound keys: an open proxy on a public interface would spend the
 * server's provider keys for anyone.
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
